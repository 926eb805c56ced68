import type { CheckContext, PlannedMs } from '@shiftguard/core';
import { sleep, type Validator } from '@shiftguard/kit';
import { MetricTargetError } from '../errors';

/** How one measurement ended, as Argo Rollouts names them. */
export type MeasurementPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

/** One evaluation of a metric check. */
export interface Measurement {
  readonly phase: MeasurementPhase;
  /** One sentence: what was measured and why it ended so. */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * How many times a metric check measures and what it tolerates, with Argo Rollouts' names and
 * defaults (`analysis/analysis.go`): one measurement unless `count` or `intervalMs` says otherwise.
 */
export interface AnalysisOptions {
  /** Measurements to take. Default 1; with only `intervalMs`, as many as fit before the hook's deadline. */
  count?: number;
  /** Time between measurements, in milliseconds. Required with `count` > 1. */
  intervalMs?: number;
  /** Time to wait before the first measurement, in milliseconds (metrics land a minute or more late). Default 0. */
  initialDelayMs?: number;
  /** Failed measurements tolerated; one more fails the check. Default 0; `-1` tolerates any. */
  failureLimit?: number;
  /** Inconclusive measurements tolerated; one more makes the check inconclusive. Default 0. */
  inconclusiveLimit?: number;
  /** Measurement errors in a row tolerated (CloudWatch unreachable); one more errors the check. Default 4. */
  consecutiveErrorLimit?: number;
}

export const ANALYSIS_OPTION_KEYS = [
  'count',
  'intervalMs',
  'initialDelayMs',
  'failureLimit',
  'inconclusiveLimit',
  'consecutiveErrorLimit',
] as const;

export interface CompiledAnalysis {
  /** `Infinity` when only an interval was given. */
  readonly count: number;
  readonly intervalMs: number;
  readonly initialDelayMs: number;
  readonly failureLimit: number;
  readonly inconclusiveLimit: number;
  readonly consecutiveErrorLimit: number;
}

/** The outcome of an analysis: its phase, and every measurement (the latest 20 kept). */
export interface AnalysisOutcome {
  readonly phase: MeasurementPhase;
  readonly reason: string;
  readonly taken: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly errors: number;
  readonly measurements: readonly (Measurement & { readonly at: string })[];
}

const KEPT_MEASUREMENTS = 20;
const MAX_MS = 60 * 60_000;

export function validateAnalysis(options: Record<string, unknown>, validator: Validator): CompiledAnalysis {
  const count = validator.integer(options.count, 'count', { min: 1, max: 10_000 });
  const intervalMs = validator.integer(options.intervalMs, 'intervalMs', { min: 0, max: MAX_MS });
  if (count !== undefined && count > 1 && intervalMs === undefined) {
    validator.fail('intervalMs', 'is required when count is more than 1');
  }
  const limit = (key: string, fallback: number, min: number) =>
    validator.integer(options[key], key, { min, max: 10_000 }) ?? fallback;
  const failureLimit = limit('failureLimit', 0, -1);
  return {
    count: count ?? (intervalMs === undefined ? 1 : Number.POSITIVE_INFINITY),
    intervalMs: intervalMs ?? 0,
    initialDelayMs: validator.integer(options.initialDelayMs, 'initialDelayMs', { min: 0, max: MAX_MS }) ?? 0,
    failureLimit: failureLimit === -1 ? Number.POSITIVE_INFINITY : failureLimit,
    inconclusiveLimit: limit('inconclusiveLimit', 0, 0),
    consecutiveErrorLimit: limit('consecutiveErrorLimit', 4, 0),
  };
}

/**
 * What a measured check declares it takes (`Check.plannedMs`): a pass waits the initial delay, then the
 * interval between each of `count` measurements; only an interval, measuring until the deadline, waits
 * the initial delay at least. No max: nothing bounds a measurement's call but the hook's deadline.
 * Undefined when there is no wait.
 */
export function plannedMsOf(analysis: CompiledAnalysis): PlannedMs | undefined {
  const waits = Number.isFinite(analysis.count) ? (analysis.count - 1) * analysis.intervalMs : 0;
  const min = analysis.initialDelayMs + waits;
  return min > 0 ? { min } : undefined;
}

/**
 * Takes measurements on the check's clock until a limit is passed or `count` is reached, as Argo
 * Rollouts does, and never past the hook's deadline: a run cut short before `count` is inconclusive.
 */
export async function runAnalysis(
  analysis: CompiledAnalysis,
  measure: () => Promise<Measurement>,
  ctx: CheckContext,
): Promise<AnalysisOutcome> {
  const measurements: (Measurement & { at: string })[] = [];
  let taken = 0;
  let failed = 0;
  let inconclusive = 0;
  let errors = 0;
  let consecutiveErrors = 0;
  const outcome = (phase: MeasurementPhase, reason: string): AnalysisOutcome => ({
    phase,
    reason,
    taken,
    failed,
    inconclusive,
    errors,
    measurements,
  });
  if (analysis.initialDelayMs > 0) {
    if (analysis.initialDelayMs >= ctx.remainingTimeMs()) {
      return outcome(
        'Inconclusive',
        `the initial delay of ${analysis.initialDelayMs} ms does not fit before the hook's deadline`,
      );
    }
    await sleep(ctx.clock, analysis.initialDelayMs, ctx.signal);
  }
  for (;;) {
    let measurement: Measurement;
    try {
      measurement = await measure();
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      // Nothing to measure: another try would find the same.
      if (error instanceof MetricTargetError) throw error;
      measurement = { phase: 'Error', message: error instanceof Error ? error.message : String(error) };
    }
    taken++;
    measurements.push({ ...measurement, at: new Date(ctx.clock.wallTime()).toISOString() });
    if (measurements.length > KEPT_MEASUREMENTS) measurements.shift();
    if (measurement.phase === 'Error') {
      errors++;
      consecutiveErrors++;
    } else {
      consecutiveErrors = 0;
      if (measurement.phase === 'Failed') failed++;
      if (measurement.phase === 'Inconclusive') inconclusive++;
    }
    if (failed > analysis.failureLimit) {
      return outcome(
        'Failed',
        `${failed} failed measurement(s), over the limit of ${analysis.failureLimit}: ${measurement.message}`,
      );
    }
    if (inconclusive > analysis.inconclusiveLimit) {
      return outcome(
        'Inconclusive',
        `${inconclusive} inconclusive measurement(s), over the limit of ${analysis.inconclusiveLimit}: ${measurement.message}`,
      );
    }
    if (consecutiveErrors > analysis.consecutiveErrorLimit) {
      return outcome(
        'Error',
        `${consecutiveErrors} measurement error(s) in a row, over the limit of ${analysis.consecutiveErrorLimit}: ${measurement.message}`,
      );
    }
    // An errored measurement is not one of `count`: a run of errors must never end Successful.
    const valid = taken - errors;
    if (valid >= analysis.count) {
      return outcome('Successful', `${valid} measurement(s): ${measurement.message}`);
    }
    // The next measurement must fit before the deadline, with room to judge and report.
    if (analysis.intervalMs >= ctx.remainingTimeMs()) {
      if (measurement.phase === 'Error') {
        return outcome('Error', `the hook's deadline came after a measurement error: ${measurement.message}`);
      }
      return Number.isFinite(analysis.count)
        ? outcome(
            'Inconclusive',
            `only ${valid} of ${analysis.count} measurements fit before the hook's deadline; last: ${measurement.message}`,
          )
        : outcome('Successful', `${valid} measurement(s) until the hook's deadline: ${measurement.message}`);
    }
    if (analysis.intervalMs > 0) await sleep(ctx.clock, analysis.intervalMs, ctx.signal);
  }
}
