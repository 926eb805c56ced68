import type { LatencyHistogram } from '../stats/histogram';
import type { Validator } from '../validation/validator';

/** Latency limits in milliseconds: for the slowest answer, and for percentiles of many. */
export interface LatencyBudget {
  readonly maxMs?: number;
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly p99Ms?: number;
}

const QUANTILES = [
  ['p50Ms', 0.5, 'p50'],
  ['p95Ms', 0.95, 'p95'],
  ['p99Ms', 0.99, 'p99'],
] as const;

/**
 * Validates a latency budget at construction and returns its judge over a histogram: `undefined`
 * within budget, else `p95 latency 812 ms over the 500 ms budget`.
 *
 * @example
 * ```ts
 * const judge = compileLatencyBudget({ p95Ms: 500 }, 'thresholds', validator);
 * judge(histogram); // undefined, or the first limit broken
 * ```
 */
export function compileLatencyBudget(
  budget: unknown,
  path: string,
  validator: Validator,
): (latencies: LatencyHistogram) => string | undefined {
  const record = validator.object(budget, path, ['maxMs', 'p50Ms', 'p95Ms', 'p99Ms']);
  for (const key of Object.keys(record)) validator.number(record[key], `${path}.${key}`, { positive: true });
  const { maxMs } = record as LatencyBudget;
  return (latencies) => {
    if (latencies.count === 0) return undefined;
    for (const [key, quantile, label] of QUANTILES) {
      const limit = (record as LatencyBudget)[key];
      if (limit === undefined) continue;
      const actual = latencies.percentile(quantile);
      if (actual > limit) return `${label} latency ${round(actual)} ms over the ${limit} ms budget`;
    }
    if (maxMs !== undefined && latencies.percentile(1) > maxMs) {
      return `slowest answer took ${round(latencies.percentile(1))} ms, over the ${maxMs} ms budget`;
    }
    return undefined;
  };
}

/** One answer against a budget: `expected a response within 800 ms, took 1203 ms`. */
export function judgeLatency(latencyMs: number, maxMs: number | undefined): string | undefined {
  if (maxMs === undefined || latencyMs <= maxMs) return undefined;
  return `expected a response within ${maxMs} ms, took ${Math.round(latencyMs)} ms`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
