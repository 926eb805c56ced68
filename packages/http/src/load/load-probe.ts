import { setMaxListeners } from 'node:events';
import { type Check, type CheckContext, CheckFailure, type PlannedMs, passWith } from '@shiftguard/core';
import {
  compileLatencyBudget,
  compileStatusExpectation,
  LatencyHistogram,
  type LatencySummary,
  type StatusExpectation,
  sleep,
  type Validator,
} from '@shiftguard/kit';
import { Client, type Dispatcher } from 'undici';
import type { HttpTimeouts } from '../checks/http-check';
import { optionsValidator } from '../options';
import { headerRedactor, redactUrl } from '../request/redact';
import { compileFixedRequestContent } from '../request/request-content';
import {
  compileTimeouts,
  compileUrl,
  decodeComponent,
  urlAtRunTime,
  withUrlCredentials,
} from '../request/request-options';
import { secretParts, secretScrubber } from '../request/scrub';
import { describeErrors, type LoadErrorKind } from './load-errors';
import { type LoadTally, ProbeHandler } from './probe-handler';

/** Limits a probe is judged against; the first one broken fails it. */
export interface LoadThresholds {
  /** Largest acceptable 95th percentile latency, in milliseconds. */
  p95Ms?: number;
  /** Largest acceptable 99th percentile latency, in milliseconds. */
  p99Ms?: number;
  /** Largest acceptable share of failed requests, in percent. Default 0: any failed request fails the probe. */
  errorRatePct?: number;
  /** Smallest acceptable throughput, in completed requests per second. */
  minRps?: number;
}

/** Options of {@link loadProbe}. Give `requests` or `durationMs`, not both. */
export interface LoadProbeOptions {
  /** Name in the report. Default `load`. */
  name?: string;
  /** An absolute `http:`/`https:` URL, or a function of the context (e.g. to add `?version=`). */
  url: string | ((ctx: CheckContext) => string);
  /** Default `GET`. */
  method?: string;
  /** Headers sent with every request: fixed, unlike `httpCheck`'s, which may be a function. */
  headers?: Readonly<Record<string, string>>;
  /** A text body sent with every request; fixed, as `headers`. Not with `json`. */
  body?: string;
  /** A value sent as JSON with every request; fixed, as `headers`. Not with `body`. */
  json?: unknown;
  /** How many requests to send, at most 100 000. */
  requests?: number;
  /** How long to send for, in milliseconds, at most 5 minutes. */
  durationMs?: number;
  /** Requests in flight at once, each over its own keep-alive connection. Default 10, at most 1000. */
  connections?: number;
  /** Starts at most this many requests per second overall; without it, as fast as the connections allow. */
  ratePerSecond?: number;
  /** What a successful answer is. Default: a `2xx` status. */
  expect?: { status?: StatusExpectation };
  thresholds?: LoadThresholds;
  /** Limits of each request; `connectMs` is ignored with your own `dispatcher`. */
  timeouts?: HttpTimeouts;
  /** Header names whose values never appear in a report, beyond Authorization, Cookie, Set-Cookie, X-Api-Key, Proxy-Authorization. */
  redactHeaders?: readonly string[];
  /**
   * The undici dispatcher to send through (a `Pool`, an `Agent`, a `ProxyAgent`…). Default: one keep-alive
   * connection (an undici `Client`) per `connections`, made for the run and closed after.
   */
  dispatcher?: Dispatcher;
}

const OPTION_KEYS = [
  'name',
  'url',
  'method',
  'headers',
  'body',
  'json',
  'requests',
  'durationMs',
  'connections',
  'ratePerSecond',
  'expect',
  'thresholds',
  'timeouts',
  'redactHeaders',
  'dispatcher',
];
const MAX_REQUESTS = 100_000;
const MAX_DURATION_MS = 5 * 60_000;

/**
 * Sends a short burst at one URL over keep-alive connections and judges it as one check: latency
 * percentiles from a fixed-size histogram, throughput, and failed requests counted by kind, so memory
 * stays bounded whatever the duration. Answers are drained and dropped, never kept. Its `durationMs`
 * (or the pacing of `requests` at `ratePerSecond`) is declared as its `plannedMs`, for core's `planBudgetOf`.
 *
 * @example
 * ```ts
 * loadProbe({
 *   url: (ctx) => `https://orders.example.com/health?version=${ctx.target.targetVersion}`,
 *   durationMs: 10_000,
 *   connections: 10,
 *   ratePerSecond: 200,
 *   thresholds: { p99Ms: 300, errorRatePct: 1, minRps: 150 },
 * });
 * ```
 */
export function loadProbe(options: LoadProbeOptions): Check {
  const validator = optionsValidator('loadProbe');
  validator.object(options, '', OPTION_KEYS);
  const name = validator.string(options.name, 'name') ?? 'load';
  const fixedUrl = compileUrl(options.url, validator);
  const method = (
    validator.string(options.method, 'method', { pattern: /^[A-Za-z]+$/, patternHint: 'an HTTP method' }) ??
    'GET'
  ).toUpperCase();
  const { headers, body } = compileFixedRequestContent(
    options,
    validator,
    'a burst sends the same request every time, worked out once',
  );
  const requests = validator.integer(options.requests, 'requests', { min: 1, max: MAX_REQUESTS });
  const durationMs = validator.integer(options.durationMs, 'durationMs', { min: 1, max: MAX_DURATION_MS });
  if ((requests === undefined) === (durationMs === undefined)) {
    validator.fail('requests', 'or durationMs must be given, not both');
  }
  const connections = validator.integer(options.connections, 'connections', { min: 1, max: 1000 }) ?? 10;
  const ratePerSecond = validator.number(options.ratePerSecond, 'ratePerSecond', { positive: true });
  const expect = validator.object(options.expect ?? {}, 'expect', ['status'], { noun: 'expectation' });
  const status = compileStatusExpectation(expect.status ?? '2xx', 'expect.status', validator);
  const thresholds = compileThresholds(options.thresholds, validator);
  const timeouts = compileTimeouts(options.timeouts, validator);
  const redacted = validator.array(options.redactHeaders, 'redactHeaders') ?? [];
  for (const [index, header] of redacted.entries()) validator.string(header, `redactHeaders[${index}]`);
  const isSecretHeader = headerRedactor(redacted as string[]);
  const given = validator.methods<Dispatcher>(options.dispatcher, 'dispatcher', ['dispatch']);

  const plannedMs = loadPlannedMs(durationMs, requests, ratePerSecond);
  return {
    name,
    ...(plannedMs !== undefined && { plannedMs }),
    async run(ctx: CheckContext) {
      const url = fixedUrl ?? urlAtRunTime(options.url as (ctx: CheckContext) => string, ctx);
      const shownUrl = redactUrl(url);
      const requestHeaders = withUrlCredentials(headers, url);
      const scrub = secretScrubber([
        ...Object.entries(requestHeaders)
          .filter(([header]) => isSecretHeader(header))
          .flatMap(([, value]) => secretParts(value)),
        decodeComponent(url.password),
      ]);
      const workers = Math.min(connections, requests ?? connections);
      // Connections made per run never outlive the probe or leak between hooks. Each worker owns one,
      // which is what a Pool of `connections` would give, without a Pool's routing on every request
      // (about 7% of throughput against a fast endpoint).
      const owned =
        given === undefined
          ? Array.from(
              { length: workers },
              () => new Client(url.origin, { connect: { timeout: timeouts.connectMs } }),
            )
          : [];
      const stop = new AbortController();
      // Every request in flight listens on it: fan-out, not a leak.
      setMaxListeners(0, stop.signal);
      const onAbort = () => stop.abort(ctx.signal.reason);
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });

      const latencies = new LatencyHistogram();
      const errors: Partial<Record<LoadErrorKind, number>> = {};
      let sent = 0;
      const path = `${url.pathname}${url.search}`;
      const startedAt = ctx.clock.now();
      // New requests stop a little before the hook's deadline, so the probe judges what it measured
      // rather than being cut off and reported as timed out.
      const remaining = ctx.remainingTimeMs();
      const endsAt = Math.min(
        durationMs === undefined ? Number.POSITIVE_INFINITY : startedAt + durationMs,
        startedAt + remaining - Math.min(1_000, remaining / 10),
      );
      const interval = ratePerSecond === undefined ? 0 : 1000 / ratePerSecond;

      const tally: LoadTally = { latencies, errors, completed: 0 };
      // One request for all: undici reads it and keeps no state in it.
      const request: Dispatcher.DispatchOptions = {
        origin: url.origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers: requestHeaders,
        body,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      };
      const isFailure = (code: number) => status(code) !== undefined;
      const handlers = Array.from(
        { length: workers },
        () => new ProbeHandler(request, tally, isFailure, ctx.clock, stop.signal),
      );
      stop.signal.addEventListener('abort', () => {
        for (const handler of handlers) handler.abort(stop.signal.reason);
      });

      const worker = async (index: number): Promise<void> => {
        const dispatcher = owned[index] ?? (given as Dispatcher);
        const handler = handlers[index] as ProbeHandler;
        while (!stop.signal.aborted) {
          if (requests !== undefined && sent >= requests) return;
          const sequence = sent++;
          if (ctx.clock.now() >= endsAt) return;
          if (interval > 0) {
            const due = startedAt + sequence * interval;
            if (due >= endsAt) return;
            const wait = due - ctx.clock.now();
            if (wait > 0) await sleep(ctx.clock, wait, stop.signal).catch(() => {});
            if (stop.signal.aborted) return;
          }
          await handler.send(dispatcher);
        }
      };

      try {
        await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        await Promise.all(owned.map((client) => (ctx.signal.aborted ? client.destroy() : client.close())));
      }
      // The deadline or a cancellation: the runner reports it as such, not as the endpoint's fault.
      if (ctx.signal.aborted) throw ctx.signal.reason;

      const elapsedMs = ctx.clock.now() - startedAt;
      const { completed } = tally;
      const failed = Object.values(errors).reduce((sum, value) => sum + value, 0);
      const errorRatePct = completed === 0 ? 0 : (failed / completed) * 100;
      const rps = elapsedMs > 0 ? (completed / elapsedMs) * 1000 : 0;
      const details = {
        url: shownUrl,
        method,
        connections,
        requests: completed,
        durationMs: Math.round(elapsedMs),
        rps: Math.round(rps * 10) / 10,
        latencyMs: latencies.summary() as LatencySummary | undefined,
        errors,
        errorRatePct: Math.round(errorRatePct * 100) / 100,
        thresholds: thresholds.given,
      };
      const problem =
        thresholds.latency(latencies) ??
        (errorRatePct > thresholds.errorRatePct
          ? `error rate ${details.errorRatePct}% over the ${thresholds.errorRatePct}% limit (${describeErrors(errors)})`
          : undefined) ??
        (thresholds.minRps !== undefined && rps < thresholds.minRps
          ? `throughput ${details.rps} requests/s under the ${thresholds.minRps} requests/s minimum`
          : undefined);
      if (problem) {
        throw new CheckFailure(
          scrub(`${method} ${shownUrl}: ${problem} (${completed} requests in ${details.durationMs} ms)`),
          { details: scrub(details) },
        );
      }
      return passWith({
        message: `${completed} requests, ${details.rps} requests/s, p99 ${details.latencyMs?.p99 ?? 0} ms`,
        details: scrub(details),
      });
    },
  };
}

interface CompiledThresholds {
  readonly latency: (latencies: LatencyHistogram) => string | undefined;
  readonly errorRatePct: number;
  readonly minRps: number | undefined;
  /** As given, for the report. */
  readonly given: LoadThresholds;
}

function compileThresholds(value: unknown, validator: Validator): CompiledThresholds {
  const record = validator.object(value ?? {}, 'thresholds', ['p95Ms', 'p99Ms', 'errorRatePct', 'minRps']);
  const { p95Ms, p99Ms } = record;
  const latency = compileLatencyBudget(
    { ...(p95Ms !== undefined && { p95Ms }), ...(p99Ms !== undefined && { p99Ms }) },
    'thresholds',
    validator,
  );
  const errorRatePct = validator.number(record.errorRatePct, 'thresholds.errorRatePct', { min: 0 }) ?? 0;
  if (errorRatePct > 100) validator.fail('thresholds.errorRatePct', 'must be at most 100');
  const minRps = validator.number(record.minRps, 'thresholds.minRps', { positive: true });
  return { latency, errorRatePct, minRps, given: { ...(record as LoadThresholds), errorRatePct } };
}

/**
 * What a probe run in full takes at least (`Check.plannedMs`, read by core's `planBudgetOf`): its
 * `durationMs`, or the pacing of `requests` at `ratePerSecond` (the last one starts after
 * `(requests − 1) / rate` seconds). No max: a request in flight at the end runs on, and `bodyMs` limits
 * a silence, not a body.
 */
function loadPlannedMs(
  durationMs: number | undefined,
  requests: number | undefined,
  ratePerSecond: number | undefined,
): PlannedMs | undefined {
  if (durationMs !== undefined) return { min: durationMs };
  if (requests === undefined || ratePerSecond === undefined || requests < 2) return undefined;
  return { min: Math.floor(((requests - 1) * 1000) / ratePerSecond) };
}
