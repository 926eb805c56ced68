import { apiGatewayProxyEvent, apiGatewayProxyEventV2 } from '@shiftguard/events';
import { type Clock, LatencyHistogram } from '@shiftguard/kit';
import type { SamFunction } from '../template/model';
import type { TimedSource } from './virtual-time';

/** How one traffic request ended, as the emulator's invocation record says. */
export interface TrafficOutcome {
  /** The version the alias routed it to; undefined when it was refused before running. */
  readonly executedVersion: string | undefined;
  /** `succeeded`, `failed`, `timedOut`, `throttled`, `rejected`. */
  readonly status: string;
  /** Real milliseconds the invoke took on this machine, handler included; undefined when it was refused. */
  readonly realDurationMs?: number | undefined;
}

/**
 * Percentiles of the real time requests took on this machine, in ms. The emulated clock stands still
 * while a handler runs, so this is the only duration a simulation can tell apart between versions:
 * a version that does more work per request shows it here.
 */
export interface RealDurations {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Requests served by one version. */
export interface VersionTraffic {
  readonly invocations: number;
  /** Function errors and timeouts (what Lambda's `Errors` metric counts). */
  readonly errors: number;
  /** The requests' real durations; undefined when none ran. */
  readonly realDurationMs?: RealDurations | undefined;
}

/** One minute of traffic (epoch ms of its start, on the emulator's clock), by version. */
export interface TrafficMinute {
  readonly at: number;
  readonly versions: Readonly<Record<string, VersionTraffic>>;
}

export interface TrafficOptions {
  /** Requests per second of emulated time. */
  readonly rps: number;
  /** The event of the `index`-th request (0-based). */
  readonly event: (index: number) => unknown;
  readonly invoke: (event: unknown) => Promise<TrafficOutcome>;
  readonly clock: Clock;
}

const MINUTE_MS = 60_000;

/**
 * Production traffic through the alias while the deployment runs: `rps` requests a second of
 * emulated time, evenly spaced, each an invocation the alias routes by its weights, so
 * `ExecutedVersion` metrics, alarms and metric gates see what they would see in production.
 */
export class TrafficGenerator implements TimedSource {
  readonly #options: TrafficOptions;
  readonly #intervalMs: number;
  #next: number | undefined;
  #index = 0;
  readonly #totals = new Map<string, Tally>();
  readonly #minutes = new Map<number, Map<string, Tally>>();
  readonly #pending = new Set<Promise<void>>();

  constructor(options: TrafficOptions) {
    this.#options = options;
    this.#intervalMs = 1000 / options.rps;
  }

  /** Sends the first request at `at` (the clock's `now()` scale). */
  start(at: number): void {
    if (this.#options.rps > 0) this.#next = at;
  }

  stop(): void {
    this.#next = undefined;
  }

  nextAt(): number | undefined {
    return this.#next;
  }

  fire(): void {
    if (this.#next === undefined) return;
    const index = this.#index;
    this.#index += 1;
    this.#next = this.#options.clock.now() + this.#intervalMs;
    const sentAt = this.#options.clock.wallTime();
    const request = this.#options
      .invoke(this.#options.event(index))
      .then(
        (outcome) => this.#count(sentAt, outcome),
        () => this.#count(sentAt, { executedVersion: undefined, status: 'rejected' }),
      )
      .finally(() => this.#pending.delete(request));
    this.#pending.add(request);
  }

  /** Resolves once every request sent so far has ended. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Requests sent so far. */
  get sent(): number {
    return this.#index;
  }

  /** Requests served by each version so far (`unrouted` for those refused before any version ran). */
  totals(): Record<string, VersionTraffic> {
    return Object.fromEntries([...this.#totals].map(([version, tally]) => [version, countsOf(tally)]));
  }

  /** The traffic by minute, in time order. */
  minutes(): TrafficMinute[] {
    return [...this.#minutes]
      .sort(([a], [b]) => a - b)
      .map(([at, versions]) => ({
        at,
        versions: Object.fromEntries([...versions].map(([version, tally]) => [version, countsOf(tally)])),
      }));
  }

  #count(sentAt: number, outcome: TrafficOutcome): void {
    const version = outcome.executedVersion ?? 'unrouted';
    const error = outcome.status === 'failed' || outcome.status === 'timedOut' ? 1 : 0;
    add(this.#totals, version, error, outcome.realDurationMs);
    const minute = Math.floor(sentAt / MINUTE_MS) * MINUTE_MS;
    let versions = this.#minutes.get(minute);
    if (versions === undefined) {
      versions = new Map();
      this.#minutes.set(minute, versions);
    }
    add(versions, version, error, outcome.realDurationMs);
  }
}

interface Tally {
  invocations: number;
  errors: number;
  durations: LatencyHistogram | undefined;
}

function add(map: Map<string, Tally>, version: string, error: number, durationMs: number | undefined): void {
  const tally = map.get(version) ?? { invocations: 0, errors: 0, durations: undefined };
  tally.invocations += 1;
  tally.errors += error;
  if (durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0) {
    // 5% is plenty for a chart, and keeps each histogram a few hundred counters.
    tally.durations ??= new LatencyHistogram({ relativeAccuracy: 0.05, minValue: 0.001, maxValue: 900_000 });
    tally.durations.record(durationMs);
  }
  map.set(version, tally);
}

function countsOf(tally: Tally): VersionTraffic {
  const counts = { invocations: tally.invocations, errors: tally.errors };
  const summary = tally.durations?.summary();
  if (summary === undefined) return counts;
  return {
    ...counts,
    realDurationMs: { p50: summary.p50, p90: summary.p90, p99: summary.p99, max: summary.max },
  };
}

/**
 * What production would send the function when the user names no events: a request to its first API
 * route (a path parameter filled with `1`) in the event shape of that API, or of its function URL;
 * `{}` for a function with neither.
 */
export function defaultTrafficEvent(fn: SamFunction): (index: number) => unknown {
  const route = fn.events.find((event) => event.route !== undefined)?.route;
  if (route !== undefined) {
    const method = route.method === 'ANY' ? 'GET' : route.method;
    const path = route.path.replace(/\{[^}]+\}/g, '1');
    const payloadFormat = route.apiType === 'HttpApi' ? '2.0' : '1.0';
    return () =>
      payloadFormat === '2.0'
        ? apiGatewayProxyEventV2({ method, path })
        : apiGatewayProxyEvent({ method, path });
  }
  if (fn.functionUrl !== undefined) return () => apiGatewayProxyEventV2({ method: 'GET', path: '/' });
  return () => ({});
}
