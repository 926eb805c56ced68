// The outcome of a simulated deployment in words: what the summary's first line and a report's
// headline say, with the cause in the template's terms rather than CodeDeploy's code.
import type { SimulatedHook, SimulationResult } from '@shiftguard/simulator';
import { firstLine, offset, percent, plural } from './format';
import type { Style } from './style';

type Event = SimulationResult['events'][number];
type Of<T extends Event['type']> = Extract<Event, { type: T }>;

/** The outcome as one sentence: promoted, rolled back (and why) or failed (and why). */
export function outcomeLine(
  result: SimulationResult,
  style: Style,
  at: (epochMs: number | undefined) => string,
): string {
  const { function: fn } = result;
  const serves = `${fn.functionName}:${fn.alias} serves ${aliasText(result)}`;
  switch (result.outcome) {
    case 'succeeded':
      return style.green(
        `Promoted: ${serves} (${result.deploymentConfigName}), deployment ${result.deployment.deploymentId} succeeded at ${at(result.deployment.completeTime)}.`,
      );
    case 'rolledBack': {
      const started = result.events.find(
        (event): event is Of<'rollbackStarted'> => event.type === 'rollbackStarted',
      );
      return style.red(
        `Rolled back at ${at(started?.at ?? result.deployment.completeTime)} because ${cause(result)}: ${serves} again.`,
      );
    }
    default: {
      const rollback =
        result.rollback === undefined
          ? 'nothing rolled it back (automatic rollback is off)'
          : `its rollback ${result.rollback.deploymentId} ended ${result.rollback.status}`;
      return style.red(
        `Failed at ${at(result.deployment.completeTime)} because ${cause(result)}; ${rollback}: ${serves}.`,
      );
    }
  }
}

/** `version 1`, or `version 1 with 10% on version 2` when weighted routing was left on the alias. */
function aliasText(result: SimulationResult): string {
  const { functionVersion, additionalVersionWeights } = result.finalAlias;
  const routing = Object.entries(additionalVersionWeights).map(
    ([version, weight]) => `${percent(weight)} on version ${version}`,
  );
  return `version ${functionVersion}${routing.length > 0 ? ` with ${routing.join(', ')}` : ''}`;
}

/** Why the deployment did not succeed, in the template's terms rather than CodeDeploy's code. */
export function cause(result: SimulationResult): string {
  const error = result.deployment.errorInformation;
  const hookOf = (name: string | undefined) => result.hooks.find((hook) => hook.lifecycleEventName === name);
  switch (error?.code) {
    case 'ALARM_ACTIVE': {
      const fired = result.alarms
        .filter((alarm) => alarm.watched)
        .flatMap((alarm) => alarm.transitions.filter((transition) => transition.to === 'ALARM'))
        .filter((transition) => transition.at <= (result.deployment.completeTime ?? result.endedAt))
        .at(-1);
      if (fired !== undefined) {
        return `alarm ${fired.alarmName} went to ALARM at ${offset(fired.at - result.startedAt)} (${sentence(fired.reason)})`;
      }
      break;
    }
    case 'HOOK_EXECUTION_FAILURE': {
      const hook = result.hooks.find((candidate) => candidate.recorded === 'Failed');
      if (hook !== undefined) {
        const verdict = hook.runs.findLast((run) => run.verdict !== undefined)?.verdict;
        return `the ${hook.lifecycleEventName} hook ${hook.functionName} reported Failed${verdict === undefined ? '' : ` (${sentence(verdict.reason)})`}`;
      }
      break;
    }
    case 'TIMEOUT': {
      const timedOut = result.events.find(
        (event): event is Of<'hookTimedOut'> => event.type === 'hookTimedOut',
      );
      const hook = hookOf(timedOut?.lifecycleEventName);
      if (hook !== undefined)
        return `the ${hook.lifecycleEventName} hook ${hook.functionName} never reported a status: ${silence(hook)}`;
      break;
    }
    default: {
      const failed = result.events.find(
        (event): event is Of<'hookInvokeFailed'> => event.type === 'hookInvokeFailed',
      );
      if (failed !== undefined) {
        return `CodeDeploy could not invoke the ${failed.lifecycleEventName} hook ${failed.functionName} (${failed.errorCode})`;
      }
    }
  }
  if (error !== undefined) return `${error.code}: ${sentence(error.message)}`;
  return `deployment ${result.deployment.deploymentId} ended ${result.deployment.status}`;
}

/** A message as a clause inside another sentence: one line, no closing period. */
export function sentence(text: string): string {
  return firstLine(text).replace(/\.$/, '');
}

/** What the hook's runs did instead of reporting. */
export function silence(hook: SimulatedHook): string {
  const last = hook.runs.at(-1);
  if (last === undefined) return 'it never ran';
  if (last.invocationStatus === 'timedOut') return `its run ${last.attempt} ran past its Lambda timeout`;
  if (last.error !== undefined) {
    return `its run ${last.attempt} threw ${last.error.errorType}: ${firstLine(last.error.errorMessage)}`;
  }
  return `its ${plural(hook.runs.length, 'run')} ended without calling PutLifecycleEventHookExecutionStatus`;
}
