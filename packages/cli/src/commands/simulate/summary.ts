import type { SimulatedHook, SimulationResult } from '@shiftguard/simulator';
import { invokeFailureHint } from '../../narrative/explain';
import { clock, count, duration, firstLine, offset, percent, plural } from '../../narrative/format';
import { outcomeLine } from '../../narrative/outcome';
import type { Style } from '../../narrative/style';

export interface SummaryOptions {
  readonly style: Style;
  /** Print each hook run's log, as CloudWatch Logs shows it. */
  readonly logs: boolean;
  /** The command that repeats this run with `--logs`, offered when the logs are not printed. */
  readonly logsCommand: string;
  /** The last line: where to go from here. */
  readonly next: string;
}

type Event = SimulationResult['events'][number];
type Of<T extends Event['type']> = Extract<Event, { type: T }>;

/** The end of a run: the outcome in words, then what it rests on, then the next step. */
export function summaryLines(result: SimulationResult, options: SummaryOptions): string[] {
  const { style } = options;
  const at = (epochMs: number | undefined) => offset((epochMs ?? result.endedAt) - result.startedAt);
  return [
    '',
    outcomeLine(result, style, at),
    ...[
      ...hintLines(result, style),
      recordedLine(result),
      ...rollbackLines(result),
      trafficLine(result),
      ...frontDoorLines(result),
      alarmsLine(result, style),
      ...result.hooks.map(hookLine),
      ...result.warnings.map((warning) => {
        const where = [warning.file, warning.line, warning.column]
          .filter((part) => part !== undefined)
          .join(':');
        return style.yellow(`warning: ${where === '' ? '' : `${where}: `}${warning.message}`);
      }),
      `time: ${clock(result.endedAt - result.startedAt)} of emulated time in ${duration(result.realDurationMs)}`,
      ...logLines(result, options),
    ].map((line) => `  ${line}`),
    style.bold(`Next: ${options.next}`),
  ];
}

/** What to change, when the failure is a known miswiring. */
function hintLines(result: SimulationResult, style: Style): string[] {
  const failed = result.events.find(
    (event): event is Of<'hookInvokeFailed'> => event.type === 'hookInvokeFailed',
  );
  const hint = failed === undefined ? undefined : invokeFailureHint(failed.functionName, failed.errorCode);
  return hint === undefined ? [] : [style.yellow(`why: ${hint}`)];
}

function recordedLine(result: SimulationResult): string {
  const { deploymentId, status, errorInformation } = result.deployment;
  const error =
    errorInformation === undefined
      ? ''
      : `, ${errorInformation.code}: ${firstLine(errorInformation.message, 300)}`;
  return `CodeDeploy recorded: deployment ${deploymentId} ${status}${error}`;
}

function rollbackLines(result: SimulationResult): string[] {
  if (result.rollback === undefined) return [];
  return [
    `CodeDeploy rolled back with deployment ${result.rollback.deploymentId}: ${result.rollback.status}`,
  ];
}

function trafficLine(result: SimulationResult): string {
  const { traffic } = result;
  if (traffic.sent === 0) return `traffic: none sent (--rps ${traffic.rps})`;
  const versions = Object.entries(traffic.byVersion)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([version, served]) => {
      const errors =
        served.errors === 0
          ? '0 errors'
          : `${plural(served.errors, 'error')} (${percent(served.errors / served.invocations)})`;
      const name = version === 'unrouted' ? 'refused before running' : `version ${version}`;
      return `${name} ${count(served.invocations)}, ${errors}`;
    });
  return `traffic: ${count(traffic.sent)} request${traffic.sent === 1 ? '' : 's'} at ${traffic.rps}/s: ${versions.join(' · ')}`;
}

function frontDoorLines(result: SimulationResult): string[] {
  if (result.frontDoor.length === 0) return [];
  const served = result.frontDoor.map(
    (door) =>
      `${door.logicalId} (${door.kind}) ${count(door.requests)} request${door.requests === 1 ? '' : 's'}`,
  );
  return [`front door (the template's APIs on loopback): ${served.join(' · ')}`];
}

function alarmsLine(result: SimulationResult, style: Style): string {
  if (result.alarms.length === 0) return 'alarms: none in the template';
  const alarms = result.alarms.map((alarm) => {
    const state = alarm.finalState === 'ALARM' ? style.red(alarm.finalState) : alarm.finalState;
    return `${alarm.alarmName} ${state}${alarm.watched ? '' : ' (not watched by the deployment)'}`;
  });
  return `alarms at the end: ${alarms.join(' · ')}`;
}

function hookLine(hook: SimulatedHook): string {
  const recorded = hook.recorded === undefined ? '' : `, CodeDeploy recorded ${hook.recorded}`;
  return `hook ${hook.lifecycleEventName} ${hook.functionName}: ${plural(hook.runs.length, 'run')}${recorded}`;
}

function logLines(result: SimulationResult, options: SummaryOptions): string[] {
  const logged = result.hooks.filter((hook) => hook.logs.length > 0);
  if (logged.length === 0) return [];
  if (!options.logs) return [`hook logs: ${options.logsCommand} prints them as CloudWatch Logs shows them`];
  return logged.flatMap((hook) => [
    `logs of ${hook.functionName} (${hook.lifecycleEventName}):`,
    ...hook.logs.flatMap((log) => log.replace(/\n$/, '').split('\n')).map((line) => `  ${line}`),
  ]);
}
