// Turns what the emulator recorded into simulation events as they happen: the deployments' timelines,
// the alarms' state changes and the hooks' runs, each read once, in time order.
import type {
  DeploymentTimelineEvent,
  Emulator,
  LambdaInvocationRecord,
  TrafficSchedule,
} from '@shiftguard/testing';
import type { HookVerdict, SimulationEvent } from './result';

const FINISHED = new Set(['succeeded', 'failed', 'timedOut', 'rejected', 'throttled']);
const VERDICT_MESSAGE = '"message":"shiftguard verdict"';

export class DeploymentObserver {
  readonly events: SimulationEvent[] = [];
  readonly #emulator: Emulator;
  readonly #hookFunctions: ReadonlySet<string>;
  readonly #onEvent: ((event: SimulationEvent) => void) | undefined;
  readonly #timelineSeen = new Map<string, number>();
  readonly #rollbacks = new Set<string>();
  readonly #hookRuns = new Set<string>();
  /** Hook invocations CodeDeploy made, by request id: which lifecycle event each serves. */
  readonly #hookRequests = new Map<string, string>();
  readonly #executions = new Map<string, string>();
  readonly #logs = new Map<string, string[]>();
  #alarmHistorySeen = 0;
  #lambdaChanges = -1;

  constructor(
    emulator: Emulator,
    hookFunctions: Iterable<string>,
    onEvent?: (event: SimulationEvent) => void,
  ) {
    this.#emulator = emulator;
    this.#hookFunctions = new Set(hookFunctions);
    this.#onEvent = onEvent;
  }

  /** Records that a deployment exists, so its timeline is followed. */
  follow(deploymentId: string, rollback: boolean, at: number, schedule?: TrafficSchedule): void {
    if (this.#timelineSeen.has(deploymentId)) return;
    this.#timelineSeen.set(deploymentId, 0);
    if (rollback) this.#rollbacks.add(deploymentId);
    this.#emit({
      at,
      type: 'deploymentCreated',
      deploymentId,
      rollback,
      ...(schedule !== undefined && { schedule }),
    });
  }

  /** Reads whatever happened since the last call. */
  poll(lambdaChanges: number): void {
    for (const deploymentId of [...this.#timelineSeen.keys()]) this.#readTimeline(deploymentId);
    this.#readAlarms();
    if (lambdaChanges !== this.#lambdaChanges && this.#hookRequests.size > 0) {
      this.#lambdaChanges = lambdaChanges;
      this.#readHookRuns();
    }
  }

  /** Every log of a hook function's runs, in order. */
  logsOf(functionName: string): string[] {
    return this.#logs.get(functionName) ?? [];
  }

  #emit(event: SimulationEvent): void {
    this.events.push(event);
    try {
      this.#onEvent?.(event);
    } catch {
      // A progress view that throws must not change the deployment it watches.
    }
  }

  #readTimeline(deploymentId: string): void {
    const timeline = this.#emulator.codeDeploy.timeline(deploymentId);
    const seen = this.#timelineSeen.get(deploymentId) ?? 0;
    for (const entry of timeline.slice(seen)) {
      const event = this.#fromTimeline(deploymentId, entry);
      if (event !== undefined) this.#emit(event);
      if (entry.type === 'rollbackStarted') this.follow(entry.rollbackDeploymentId, true, entry.at);
    }
    this.#timelineSeen.set(deploymentId, timeline.length);
  }

  #fromTimeline(deploymentId: string, entry: DeploymentTimelineEvent): SimulationEvent | undefined {
    switch (entry.type) {
      case 'status':
        return { at: entry.at, type: 'status', deploymentId, status: entry.status };
      case 'lifecycleEvent':
        return {
          at: entry.at,
          type: 'lifecycleEvent',
          deploymentId,
          lifecycleEventName: entry.lifecycleEventName,
          status: entry.status,
        };
      case 'hookInvoked':
        if (entry.requestId !== undefined) this.#hookRequests.set(entry.requestId, entry.lifecycleEventName);
        this.#executions.set(entry.executionId, entry.lifecycleEventName);
        return {
          at: entry.at,
          type: 'hookInvoked',
          lifecycleEventName: entry.lifecycleEventName,
          functionName: entry.functionName,
          requestId: entry.requestId,
        };
      case 'hookInvokeFailed':
        return {
          at: entry.at,
          type: 'hookInvokeFailed',
          lifecycleEventName: entry.lifecycleEventName,
          functionName: entry.functionName,
          errorCode: entry.errorCode,
          message: entry.message,
        };
      case 'hookReport':
        return {
          at: entry.at,
          type: 'hookReported',
          lifecycleEventName:
            entry.executionId === undefined ? undefined : this.#executions.get(entry.executionId),
          status: entry.status,
          outcome: entry.outcome,
        };
      case 'hookTimedOut':
        return { at: entry.at, type: 'hookTimedOut', lifecycleEventName: entry.lifecycleEventName };
      case 'trafficShifted':
        return {
          at: entry.at,
          type: 'trafficShifted',
          deploymentId,
          targetVersionWeight: entry.targetVersionWeight,
          // A rollback's target is the old version: the new one keeps what it does not take.
          newVersionWeight: this.#rollbacks.has(deploymentId)
            ? round(1 - entry.targetVersionWeight)
            : entry.targetVersionWeight,
        };
      case 'alarmsPolled':
        // A clear poll every minute says nothing new; one that stops or fails the deployment does.
        if (entry.outcome === 'clear') return undefined;
        return {
          at: entry.at,
          type: 'alarmsPolled',
          outcome: entry.outcome,
          alarms: entry.alarms.map((alarm) => ({ name: alarm.name, state: alarm.state ?? 'unknown' })),
        };
      case 'rollbackStarted':
        return { at: entry.at, type: 'rollbackStarted', rollbackDeploymentId: entry.rollbackDeploymentId };
      default:
        return undefined;
    }
  }

  #readAlarms(): void {
    const history = this.#emulator.cloudWatch.alarmHistory();
    if (history.length === this.#alarmHistorySeen) return;
    // Newest first: the unseen items are at the front.
    const fresh = history.slice(0, history.length - this.#alarmHistorySeen).reverse();
    this.#alarmHistorySeen = history.length;
    for (const item of fresh) {
      if (item.HistoryItemType !== 'StateUpdate') continue;
      const data = parseJson(item.HistoryData) as
        | { oldState?: { stateValue?: string }; newState?: { stateValue?: string; stateReason?: string } }
        | undefined;
      this.#emit({
        at: item.Timestamp,
        type: 'alarmState',
        alarmName: item.AlarmName,
        from: data?.oldState?.stateValue ?? 'unknown',
        to: data?.newState?.stateValue ?? 'unknown',
        reason: data?.newState?.stateReason ?? item.HistorySummary,
      });
    }
  }

  #readHookRuns(): void {
    for (const functionName of this.#hookFunctions) {
      for (const record of this.#emulator.lambda.invocations({ functionName })) {
        const key = `${record.requestId}#${record.attempt}#${record.duplicate ? 'd' : ''}`;
        if (this.#hookRuns.has(key) || !FINISHED.has(record.status)) continue;
        this.#hookRuns.add(key);
        const lifecycleEventName = this.#hookRequests.get(record.requestId) ?? 'unknown';
        const logs = this.#logs.get(functionName) ?? [];
        logs.push(record.log);
        this.#logs.set(functionName, logs);
        this.#emit({
          at: record.receivedAt + (record.durationMs ?? 0),
          type: 'hookFinished',
          lifecycleEventName,
          functionName,
          requestId: record.requestId,
          attempt: record.attempt,
          invocationStatus: record.status,
          error: record.error,
          verdict: verdictIn(record),
        });
      }
    }
  }
}

/** The verdict a shiftguard hook logged in this run, if it logged one. */
export function verdictIn(record: Pick<LambdaInvocationRecord, 'log'>): HookVerdict | undefined {
  for (const line of record.log.split('\n')) {
    if (!line.includes(VERDICT_MESSAGE)) continue;
    const parsed = parseJson(line.slice(line.indexOf('{'))) as { verdict?: HookVerdict } | undefined;
    if (parsed?.verdict !== undefined) return parsed.verdict;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function round(weight: number): number {
  return Math.round(weight * 1e6) / 1e6;
}
