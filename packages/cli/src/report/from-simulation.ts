import { redactText } from '@shiftguard/kit';
import type { SimulatedHook, SimulationEvent, SimulationResult } from '@shiftguard/simulator';
import { eventEntries } from '../narrative/event-lines';
import { readingOrder } from '../narrative/event-order';
import { invokeFailureHint } from '../narrative/explain';
import { offset } from '../narrative/format';
import { cause, outcomeLine, silence } from '../narrative/outcome';
import { advance, initialProgress } from '../narrative/progress-state';
import { PLAIN } from '../narrative/style';
import { reportCheck } from './checks';
import {
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
  type ReportAlarm,
  type ReportHook,
  type ReportTraffic,
  type ShiftguardReport,
  type TimelineEntry,
  type Tone,
} from './model';

/** Options of {@link simulationReport}. */
export interface SimulationReportOptions {
  /** Epoch ms the report is written at. Default `Date.now()`. */
  readonly now?: number;
}

/**
 * The report of a simulated deployment: the story the summary tells, with every series a chart needs.
 *
 * @example
 * ```ts
 * const report = simulationReport(await simulateDeployment({ template: 'template.yaml' }));
 * ```
 */
export function simulationReport(
  result: SimulationResult,
  options: SimulationReportOptions = {},
): ShiftguardReport {
  const from = (at: number) => at - result.startedAt;
  const fn = result.function;
  const passed = result.outcome === 'succeeded';
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'simulation',
    title: `${fn.functionName}:${fn.alias} version ${fn.currentVersion} → ${fn.targetVersion} (${result.deploymentConfigName})`,
    generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    outcome: {
      passed,
      label: passed ? 'Promoted' : result.outcome === 'rolledBack' ? 'Rolled back' : 'Failed',
      summary: outcomeLine(result, PLAIN, (at) => offset(from(at ?? result.endedAt))),
      cause: passed ? undefined : cause(result),
    },
    target: {
      functionName: fn.functionName,
      logicalId: fn.logicalId,
      alias: fn.alias,
      currentVersion: fn.currentVersion,
      targetVersion: fn.targetVersion,
    },
    deployment: {
      deploymentId: result.deployment.deploymentId,
      configName: result.deploymentConfigName,
      status: result.deployment.status,
      error: result.deployment.errorInformation,
      rollback:
        result.rollback === undefined
          ? undefined
          : { deploymentId: result.rollback.deploymentId, status: result.rollback.status },
      startedAt: new Date(result.startedAt).toISOString(),
      durationMs: result.endedAt - result.startedAt,
      realDurationMs: Math.round(result.realDurationMs),
      seed: result.seed,
      finalAlias: {
        version: result.finalAlias.functionVersion,
        weights: result.finalAlias.additionalVersionWeights,
      },
    },
    timeline: timelineOf(result),
    weights: result.weights.map((point) => ({
      atMs: from(point.at),
      newVersionWeight: point.newVersionWeight,
    })),
    traffic: trafficOf(result),
    alarms: result.alarms.map((alarm) => alarmOf(alarm, result.startedAt)),
    hooks: result.hooks.map((hook) => hookOf(hook, result)),
    warnings: result.warnings.map((warning) => {
      const where = [warning.file, warning.line, warning.column]
        .filter((part) => part !== undefined)
        .join(':');
      return { message: warning.message, where: where === '' ? undefined : where };
    }),
  };
}

/** The events as the terminal told them, one entry per line it printed, timed from the deployment's start. */
function timelineOf(result: SimulationResult): TimelineEntry[] {
  let state = initialProgress({
    expectedStart: result.startedAt,
    trafficFrom: undefined,
    rps: result.traffic.rps,
  });
  const entries: TimelineEntry[] = [];
  for (const event of readingOrder(result.events)) {
    state = advance(state, event);
    const rollback = 'deploymentId' in event && event.deploymentId === state.rollbackId;
    for (const entry of eventEntries(state, event, PLAIN)) {
      entries.push({
        atMs: event.at - result.startedAt,
        phase: entry.phase,
        text: redactText(entry.text),
        tone: toneOf(event, rollback),
        details: entry.details.map(redactText),
      });
    }
  }
  return entries;
}

function toneOf(event: SimulationEvent, rollback: boolean): Tone {
  switch (event.type) {
    case 'status':
      if (event.status === 'Succeeded') return rollback ? 'warn' : 'good';
      return event.status === 'Failed' || event.status === 'Stopped' ? 'bad' : 'info';
    case 'lifecycleEvent':
      if (event.status === 'Failed') return 'bad';
      return event.status === 'Succeeded' ? 'good' : 'info';
    case 'hookInvokeFailed':
    case 'hookTimedOut':
      return 'bad';
    case 'hookFinished':
      if (event.invocationStatus !== 'succeeded' || event.verdict?.status === 'Failed') return 'bad';
      return event.verdict?.status === 'Succeeded' ? 'good' : 'info';
    case 'hookReported':
      if (event.outcome !== 'accepted') return 'warn';
      return event.status === 'Failed' ? 'bad' : 'good';
    case 'trafficShifted':
      if (rollback) return 'warn';
      return event.targetVersionWeight >= 1 ? 'good' : 'info';
    case 'alarmState':
      return event.to === 'ALARM' ? 'bad' : event.from === 'ALARM' ? 'good' : 'info';
    case 'alarmsPolled':
      return event.outcome === 'alarm' || event.outcome === 'failed'
        ? 'bad'
        : event.outcome === 'failureIgnored'
          ? 'warn'
          : 'info';
    case 'rollbackStarted':
      return 'warn';
    default:
      return 'info';
  }
}

function trafficOf(result: SimulationResult): ReportTraffic {
  const { currentVersion, targetVersion } = result.function;
  const seen = new Set<string>([
    ...Object.keys(result.traffic.byVersion),
    ...result.traffic.byMinute.flatMap((minute) => Object.keys(minute.versions)),
  ]);
  const versions = [
    currentVersion,
    targetVersion,
    ...[...seen].filter((version) => version !== currentVersion && version !== targetVersion).sort(),
  ];
  return {
    rps: result.traffic.rps,
    sent: result.traffic.sent,
    versions,
    byVersion: Object.fromEntries(
      Object.entries(result.traffic.byVersion).map(([version, served]) => [
        version,
        { invocations: served.invocations, errors: served.errors },
      ]),
    ),
    byMinute: result.traffic.byMinute.map((minute) => ({
      atMs: minute.at - result.startedAt,
      versions: Object.fromEntries(
        Object.entries(minute.versions).map(([version, served]) => [
          version,
          { invocations: served.invocations, errors: served.errors, durationMs: served.realDurationMs },
        ]),
      ),
    })),
  };
}

function alarmOf(alarm: SimulationResult['alarms'][number], startedAt: number): ReportAlarm {
  const first = alarm.transitions[0];
  const initial = first?.from ?? alarm.finalState;
  return {
    name: alarm.alarmName,
    watched: alarm.watched,
    finalState: alarm.finalState,
    states: [
      // Before its first transition the alarm was in `from`: shown from the start of the chart.
      {
        atMs: Math.min(0, first === undefined ? 0 : first.at - startedAt),
        state: initial,
        reason: 'initial state',
      },
      ...alarm.transitions.map((transition) => ({
        atMs: transition.at - startedAt,
        state: transition.to,
        reason: redactText(transition.reason),
      })),
    ],
  };
}

function hookOf(hook: SimulatedHook, result: SimulationResult): ReportHook {
  const judged = hook.runs.findLast((run) => run.verdict !== undefined);
  const verdict = judged?.verdict;
  const refused = result.events.find(
    (event): event is Extract<SimulationEvent, { type: 'hookInvokeFailed' }> =>
      event.type === 'hookInvokeFailed' && event.lifecycleEventName === hook.lifecycleEventName,
  );
  let reason: string;
  if (verdict !== undefined) reason = verdict.reason;
  else if (refused !== undefined) {
    const hint = invokeFailureHint(refused.functionName, refused.errorCode);
    reason = `CodeDeploy could not invoke it: ${refused.errorCode}${hint === undefined ? '' : `; ${hint}`}`;
  } else reason = silence(hook);
  const durationMs = verdict?.durationMs;
  const last = judged ?? hook.runs.at(-1);
  return {
    lifecycleEvent: hook.lifecycleEventName,
    functionName: hook.functionName,
    status: verdict?.status ?? hook.recorded,
    reason: redactText(reason),
    durationMs: typeof durationMs === 'number' && Number.isFinite(durationMs) ? durationMs : undefined,
    runs: hook.runs.length,
    atMs: last === undefined ? undefined : last.at - result.startedAt,
    checks: (verdict?.checks ?? []).map(reportCheck),
    logs: hook.logs.map(redactText),
  };
}
