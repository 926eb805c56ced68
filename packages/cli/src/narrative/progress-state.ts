import type { SimulationEvent } from '@shiftguard/simulator';

/** What the live view knows before the first event: the run's own settings. */
export interface ProgressContext {
  /** Emulated epoch ms the deployment should start at (the clock's start plus the warmup), until it does. */
  readonly expectedStart: number | undefined;
  /** Emulated epoch ms traffic starts flowing at (the clock's start: the warmup's traffic comes first). */
  readonly trafficFrom: number | undefined;
  /** Requests per second of emulated time. */
  readonly rps: number;
}

/** The deployment as the events so far tell it: a pure fold of them, so the view is testable. */
export interface ProgressState {
  readonly context: ProgressContext;
  /** Emulated epoch ms the deployment was created at, once it was. */
  readonly start: number | undefined;
  /** The latest event's time. */
  readonly now: number | undefined;
  /** How many events there have been. */
  readonly seen: number;
  readonly deploymentId: string | undefined;
  readonly rollbackId: string | undefined;
  /** The lifecycle event in progress, `rollback` while the alias goes back, `ended` after. */
  readonly phase: string | undefined;
  /** The new version's share of traffic, 0 to 1. */
  readonly newShare: number;
  /**
   * Requests served by each side so far, estimated from the rate and the weights: the simulator reports
   * traffic only in its result, so the live count is what the alias's weights make of `rps`.
   */
  readonly requests: { readonly old: number; readonly new: number };
  /** Each alarm's latest state. */
  readonly alarms: Readonly<Record<string, string>>;
  /** When CodeDeploy invoked each lifecycle event's hook. */
  readonly hookInvokedAt: Readonly<Record<string, number>>;
  /** Every deployment that has ended, with its status. */
  readonly ended: Readonly<Record<string, string>>;
  /** How long the deployment config shifts traffic for, from AllowTraffic's start; undefined if unknown. */
  readonly shiftingMs: number | undefined;
  /** When the deployment's AllowTraffic started. */
  readonly allowTrafficAt: number | undefined;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

export function initialProgress(context: ProgressContext): ProgressState {
  return {
    context,
    start: undefined,
    now: context.trafficFrom,
    seen: 0,
    deploymentId: undefined,
    rollbackId: undefined,
    phase: undefined,
    newShare: 0,
    requests: { old: 0, new: 0 },
    alarms: {},
    hookInvokedAt: {},
    ended: {},
    shiftingMs: undefined,
    allowTrafficAt: undefined,
  };
}

/**
 * Emulated ms left on the deployment's schedule of traffic shifting: all of it before AllowTraffic
 * (the hooks' time cannot be known ahead), what remains of it during, nothing once it is over or
 * the deployment ended. Undefined when the schedule is unknown.
 */
export function scheduleLeft(state: ProgressState): number | undefined {
  if (state.shiftingMs === undefined || state.phase === 'ended' || state.phase === 'rollback')
    return undefined;
  if (state.deploymentId !== undefined && state.deploymentId in state.ended) return undefined;
  if (state.allowTrafficAt === undefined) return state.shiftingMs;
  return Math.max(0, state.allowTrafficAt + state.shiftingMs - (state.now ?? state.allowTrafficAt));
}

/** Emulated epoch ms the offsets count from: the deployment's creation, or when it is expected. */
export function originOf(state: ProgressState, fallback: number): number {
  return state.start ?? state.context.expectedStart ?? fallback;
}

/** Whether the traffic generator has stopped: it stops once the deployment and any rollback have ended. */
function trafficStopped(state: ProgressState): boolean {
  if (state.deploymentId === undefined || !(state.deploymentId in state.ended)) return false;
  return state.rollbackId === undefined || state.rollbackId in state.ended;
}

/** The state after `event`. */
export function advance(state: ProgressState, event: SimulationEvent): ProgressState {
  const next = {
    ...state,
    now: Math.max(state.now ?? event.at, event.at),
    seen: state.seen + 1,
    requests: served(state, event.at),
  };
  switch (event.type) {
    case 'deploymentCreated':
      return event.rollback
        ? { ...next, rollbackId: event.deploymentId, phase: 'rollback' }
        : {
            ...next,
            deploymentId: event.deploymentId,
            start: event.at,
            shiftingMs: event.schedule?.endMs,
          };
    case 'rollbackStarted':
      return { ...next, rollbackId: event.rollbackDeploymentId, phase: 'rollback' };
    case 'lifecycleEvent':
      if (event.deploymentId !== state.deploymentId || event.status !== 'InProgress') return next;
      return {
        ...next,
        phase: event.lifecycleEventName,
        ...(event.lifecycleEventName === 'AllowTraffic' && { allowTrafficAt: event.at }),
      };
    case 'trafficShifted':
      // A rollback deployment's target is the old version: its weight is the old version's share.
      return {
        ...next,
        newShare:
          event.deploymentId === state.rollbackId ? 1 - event.targetVersionWeight : event.targetVersionWeight,
      };
    case 'alarmState':
      return { ...next, alarms: { ...state.alarms, [event.alarmName]: event.to } };
    case 'alarmsPolled':
      return {
        ...next,
        alarms: {
          ...state.alarms,
          ...Object.fromEntries(
            event.alarms
              .filter((alarm) => alarm.state !== 'unknown')
              .map((alarm) => [alarm.name, alarm.state]),
          ),
        },
      };
    case 'hookInvoked':
      return { ...next, hookInvokedAt: { ...state.hookInvokedAt, [event.lifecycleEventName]: event.at } };
    case 'status': {
      if (!TERMINAL.has(event.status)) return next;
      const ended = { ...state.ended, [event.deploymentId]: event.status };
      const after = { ...next, ended };
      return trafficStopped(after) ? { ...after, phase: 'ended' } : after;
    }
    default:
      return next;
  }
}

/** The requests the alias has routed up to `at`, at `rps` split by the new version's share. */
function served(state: ProgressState, at: number): ProgressState['requests'] {
  const since = state.now;
  if (since === undefined || at <= since || trafficStopped(state)) return state.requests;
  const requests = (state.context.rps * (at - since)) / 1000;
  return {
    old: state.requests.old + requests * (1 - state.newShare),
    new: state.requests.new + requests * state.newShare,
  };
}
