import type { HookVerdict, SimulationEvent } from '@shiftguard/simulator';
import { invokeFailureHint, nonBlockingWhy } from './explain';
import { clock, firstLine, offset, percent } from './format';
import { originOf, type ProgressState } from './progress-state';
import type { Style } from './style';

/** The width of the time column (`+1:00:00`, where CodeDeploy's hour ends) and of the phase column (`BeforeAllowTraffic`). */
const TIME_WIDTH = 8;
const PHASE_WIDTH = 18;
/** Where an event's text starts: detail lines (a hook's checks, a hint) are indented to it. */
export const DETAIL_INDENT = ' '.repeat(TIME_WIDTH + 2 + PHASE_WIDTH + 2);

type Of<T extends SimulationEvent['type']> = Extract<SimulationEvent, { type: T }>;

/** One event as a row: when, which phase it belongs to, what happened, and lines under it. */
export interface EventEntry {
  /** From the deployment's start, as `+1:05`. */
  readonly time: string;
  readonly phase: string;
  readonly text: string;
  readonly details: readonly string[];
}

/**
 * The lines one event prints: its own line first (time, phase, what happened), then any detail
 * lines, indented under the text. `state` is the state after the event (see `advance`). An event
 * that says nothing new (a deployment moving to `InProgress`) prints nothing.
 */
export function eventLines(state: ProgressState, event: SimulationEvent, style: Style): string[] {
  return eventEntries(state, event, style).flatMap((entry) => {
    const timeColumn = `${style.dim(entry.time)}${' '.repeat(Math.max(TIME_WIDTH - entry.time.length, 0))}`;
    return [
      `${timeColumn}  ${entry.phase.padEnd(PHASE_WIDTH)}  ${entry.text}`,
      ...entry.details.map((text) => `${DETAIL_INDENT}${text}`),
    ];
  });
}

/** The rows one event makes (none for an event that says nothing new); `eventLines` lays them out. */
export function eventEntries(state: ProgressState, event: SimulationEvent, style: Style): EventEntry[] {
  const time = offset(event.at - originOf(state, event.at));
  const line = (phase: string, text: string, details: readonly string[] = []): EventEntry => ({
    time,
    phase,
    text,
    details,
  });
  const rollback = 'deploymentId' in event && event.deploymentId === state.rollbackId;
  switch (event.type) {
    case 'deploymentCreated':
      // A rollback's creation is told by rollbackStarted, just before it.
      return event.rollback ? [] : [line('deployment', `deployment ${event.deploymentId} created`)];
    case 'status':
      return statusLines(event, rollback, style).map((text) =>
        line(rollback ? 'rollback' : 'deployment', text),
      );
    case 'lifecycleEvent': {
      const text = lifecycleText(event, style);
      // A rollback flips the alias at once; only a step of it that fails is worth a line.
      if (text === undefined || (rollback && event.status !== 'Failed')) return [];
      return [
        line(
          rollback ? 'rollback' : event.lifecycleEventName,
          rollback ? `${event.lifecycleEventName} ${text}` : text,
        ),
      ];
    }
    case 'hookInvoked':
      return [line(event.lifecycleEventName, `invoked hook ${event.functionName}`)];
    case 'hookInvokeFailed': {
      const hint = invokeFailureHint(event.functionName, event.errorCode);
      return [
        line(
          event.lifecycleEventName,
          style.red(
            `could not invoke hook ${event.functionName}: ${event.errorCode}: ${firstLine(event.message)}`,
          ),
          hint === undefined ? [] : [style.yellow(`why: ${hint}`)],
        ),
      ];
    }
    case 'hookFinished':
      return [line(event.lifecycleEventName, hookRunText(event, style), checkLines(event.verdict, style))];
    case 'hookReported':
      return [line(event.lifecycleEventName ?? 'hook', reportText(event, style))];
    case 'hookTimedOut': {
      const invokedAt = state.hookInvokedAt[event.lifecycleEventName];
      const waited = invokedAt === undefined ? '' : ` after ${clock(event.at - invokedAt)}`;
      return [
        line(
          event.lifecycleEventName,
          style.red(
            `no status from the hook${waited}: CodeDeploy stopped waiting, the lifecycle event fails`,
          ),
        ),
      ];
    }
    case 'trafficShifted':
      return [line(rollback ? 'rollback' : 'AllowTraffic', shiftText(event, rollback, style))];
    case 'alarmState': {
      const to = event.to === 'ALARM' ? style.red(event.to) : event.to;
      return [line('alarm', `${event.alarmName} ${event.from} → ${to}: ${firstLine(event.reason)}`)];
    }
    case 'alarmsPolled':
      return [line('deployment', pollText(event, style))];
    case 'rollbackStarted':
      return [
        line('rollback', style.yellow(`CodeDeploy rolls back with deployment ${event.rollbackDeploymentId}`)),
      ];
    default:
      return [];
  }
}

function statusLines(event: Of<'status'>, rollback: boolean, style: Style): string[] {
  const what = rollback ? 'rollback deployment' : 'deployment';
  switch (event.status) {
    case 'Succeeded':
      return [style.green(`${what} ${event.deploymentId} Succeeded`)];
    case 'Failed':
    case 'Stopped':
      return [style.red(`${what} ${event.deploymentId} ${event.status}`)];
    // Created, Queued and InProgress: the created line and the lifecycle events already say so.
    case 'Created':
    case 'Queued':
    case 'InProgress':
      return [];
    default:
      return [`${what} ${event.deploymentId} ${event.status}`];
  }
}

function lifecycleText(event: Of<'lifecycleEvent'>, style: Style): string | undefined {
  switch (event.status) {
    case 'InProgress':
      return 'started';
    case 'Succeeded':
      return style.green('succeeded');
    case 'Failed':
      return style.red('failed');
    case 'Skipped':
      return style.dim('skipped');
    case 'Pending':
      return undefined;
    default:
      return event.status;
  }
}

function hookRunText(event: Of<'hookFinished'>, style: Style): string {
  const run = `hook ${event.functionName} run ${event.attempt}`;
  const verdict = event.verdict;
  switch (event.invocationStatus) {
    case 'succeeded':
      if (verdict === undefined) return `${run} ended ${style.dim('(no shiftguard verdict in its log)')}`;
      return `${run} ended: verdict ${verdictStatus(verdict.status, style)} (${firstLine(verdict.reason)})`;
    case 'timedOut':
      return style.red(`${run} ran past its Lambda timeout and was stopped`);
    default: {
      const error =
        event.error === undefined ? '' : `: ${event.error.errorType}: ${firstLine(event.error.errorMessage)}`;
      return style.red(`${run} ${event.invocationStatus}${error}`);
    }
  }
}

function verdictStatus(status: string, style: Style): string {
  if (status === 'Succeeded') return style.green(status);
  if (status === 'Failed') return style.red(status);
  return status;
}

/**
 * One line per check of the verdict. A check that failed without being required is said to be
 * non-blocking, and why, so no one reads a promoted deployment's red line as a missed failure.
 */
export function checkLines(verdict: HookVerdict | undefined, style: Style): string[] {
  return (verdict?.checks ?? []).map((check) => checkLine(check, style));
}

/** A check result as the verdict or the runner gives it: what {@link checkLine} reads. */
export interface CheckLineInput {
  readonly name: string;
  readonly status: string;
  readonly required: boolean;
  readonly message?: string | undefined;
  readonly durationMs?: number | undefined;
  readonly dryRun?: boolean | undefined;
}

/** One check, one line: `✓ name pass (12 ms)`, `✗ name fail: why`, `! name fail — non-blocking (…)`. */
export function checkLine(check: CheckLineInput, style: Style): string {
  const message = check.message === undefined || check.message === '' ? '' : `: ${firstLine(check.message)}`;
  const took = typeof check.durationMs === 'number' ? style.dim(` (${Math.round(check.durationMs)} ms)`) : '';
  if (check.status === 'pass') return `${style.green('✓')} ${check.name} ${check.status}${took}${message}`;
  if (check.status === 'skipped') return `${style.dim('-')} ${check.name} ${check.status}${message}`;
  if (!check.required) {
    return style.yellow(
      `! ${check.name} ${check.status}${message} — non-blocking (${nonBlockingWhy({ dryRun: check.dryRun })}): reported, did not block`,
    );
  }
  return style.red(`✗ ${check.name} ${check.status}${message}`);
}

function reportText(event: Of<'hookReported'>, style: Style): string {
  const status = event.status ?? '(no status)';
  if (event.outcome === 'accepted') return `hook reported ${verdictStatus(status, style)}`;
  return style.yellow(`hook reported ${status}: CodeDeploy refused it (${event.outcome})`);
}

function shiftText(event: Of<'trafficShifted'>, rollback: boolean, style: Style): string {
  if (rollback) {
    return event.targetVersionWeight >= 1
      ? style.yellow('traffic 100% back on the old version')
      : style.yellow(`traffic ${percent(1 - event.targetVersionWeight)} → new version`);
  }
  const text = `traffic ${percent(event.targetVersionWeight)} → new version`;
  return event.targetVersionWeight >= 1 ? style.green(`${text} (the alias now points at it)`) : text;
}

function pollText(event: Of<'alarmsPolled'>, style: Style): string {
  const names = (states: readonly string[]) =>
    event.alarms
      .filter((alarm) => states.includes(alarm.state))
      .map((alarm) => alarm.name)
      .join(', ');
  switch (event.outcome) {
    case 'alarm':
      return style.red(
        `CodeDeploy found ${names(['ALARM']) || names(['INSUFFICIENT_DATA'])} in alarm: it stops the deployment`,
      );
    case 'failed':
      return style.red(
        `CodeDeploy could not read the alarms ${names(['unknown']) || '(all)'}: it stops the deployment (IgnorePollAlarmFailure is off)`,
      );
    case 'failureIgnored':
      return style.yellow(
        `CodeDeploy could not read the alarms; IgnorePollAlarmFailure lets the deployment go on`,
      );
    default:
      return `CodeDeploy polled the alarms: ${event.outcome}`;
  }
}
