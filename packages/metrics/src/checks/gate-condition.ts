import type { CheckContext } from '@shiftguard/core';
import type { Validator } from '@shiftguard/kit';
import {
  describeMetric,
  type LambdaSeries,
  lambdaMetric,
  type MetricSpec,
  type ResolvedMetric,
  resolveMetric,
  validateMetricSpec,
} from '../query/metric';
import { incomplete, type SeriesRequest, type SeriesResult } from '../query/metric-data';
import { type Statistic, validateStatistic } from '../query/statistic';

/** What a condition does when a series has no data in the window. */
export type MissingData =
  /** The measurement is inconclusive (default): no data proves nothing either way. */
  | 'inconclusive'
  /** No data counts as 0: for counts a function publishes only when they happen. */
  | 'zero'
  /** No data fails the measurement. */
  | 'fail';

/** A metric, as a {@link MetricSpec} or the name of an `AWS/Lambda` metric of the deployment (`series` says whose). */
export type GateMetric = MetricSpec | string;

/** A statistic of one metric over the window, held to bounds: `Errors Sum ≤ 0`, `Duration p99 ≤ 800`. */
export interface ThresholdCondition {
  readonly metric: GateMetric;
  /** For a Lambda metric named by string: whose series. Default `target`. */
  readonly series?: LambdaSeries;
  readonly stat: Statistic;
  /** Largest acceptable value. */
  readonly max?: number;
  /** Smallest acceptable value. */
  readonly min?: number;
  /** Name in the report. Default: the metric and statistic. */
  readonly name?: string;
  readonly missing?: MissingData;
}

/** A rate: the sum of one metric over the sum of another, in percent (`Errors / Invocations ≤ 1%`). */
export interface RatioCondition {
  readonly ratio: { readonly of: GateMetric; readonly over: GateMetric };
  readonly series?: LambdaSeries;
  readonly maxPct?: number;
  readonly minPct?: number;
  /** Fewer than this in the denominator makes the measurement inconclusive. Default 1. */
  readonly minCount?: number;
  readonly name?: string;
  /** For the numerator only; a denominator without data is always inconclusive. Default `zero`. */
  readonly missing?: MissingData;
}

export type GateCondition = ThresholdCondition | RatioCondition;

/** How one condition came out in one measurement. */
export interface ConditionResult {
  readonly name: string;
  readonly outcome: 'pass' | 'fail' | 'inconclusive';
  readonly value: number | undefined;
  readonly why: string;
  readonly metrics: readonly string[];
}

/** A condition checked and ready: the series it needs, and how to judge their answer. */
export interface CompiledCondition {
  requests(ctx: CheckContext, periodSeconds: number, prefix: string): SeriesRequest[];
  judge(answers: ReadonlyMap<string, SeriesResult>, prefix: string, ctx: CheckContext): ConditionResult;
  readonly seriesCount: number;
}

const THRESHOLD_KEYS = ['metric', 'series', 'stat', 'max', 'min', 'name', 'missing'];
const RATIO_KEYS = ['ratio', 'series', 'maxPct', 'minPct', 'minCount', 'name', 'missing'];
const MISSING: readonly MissingData[] = ['inconclusive', 'zero', 'fail'];

export function compileCondition(value: unknown, path: string, validator: Validator): CompiledCondition {
  const raw = validator.object(value, path, [...new Set([...THRESHOLD_KEYS, ...RATIO_KEYS])], {
    noun: 'condition key',
  });
  const series = validator.oneOf(raw.series, `${path}.series`, ['target', 'current', 'alias', 'function']) as
    | LambdaSeries
    | undefined;
  const name = validator.string(raw.name, `${path}.name`);
  if (raw.ratio !== undefined) {
    validator.object(raw, path, RATIO_KEYS, { noun: 'ratio condition key' });
    const ratio = validator.object(raw.ratio, `${path}.ratio`, ['of', 'over'], { noun: 'ratio key' });
    const of = gateMetric(ratio.of, `${path}.ratio.of`, series, validator);
    const over = gateMetric(ratio.over, `${path}.ratio.over`, series, validator);
    const maxPct = validator.number(raw.maxPct, `${path}.maxPct`, { min: 0 });
    const minPct = validator.number(raw.minPct, `${path}.minPct`, { min: 0 });
    if (maxPct === undefined && minPct === undefined)
      validator.fail(`${path}.maxPct`, 'or minPct is required');
    const minCount = validator.number(raw.minCount, `${path}.minCount`, { min: 0 }) ?? 1;
    const missing =
      (validator.oneOf(raw.missing, `${path}.missing`, MISSING) as MissingData | undefined) ?? 'zero';
    return ratioCondition({ of, over, maxPct, minPct, minCount, missing, name });
  }
  validator.object(raw, path, THRESHOLD_KEYS, { noun: 'condition key' });
  if (raw.metric === undefined) validator.fail(`${path}.metric`, 'or ratio is required');
  const metric = gateMetric(raw.metric, `${path}.metric`, series, validator);
  const stat = validateStatistic(raw.stat, `${path}.stat`, validator);
  const max = validator.number(raw.max, `${path}.max`);
  const min = validator.number(raw.min, `${path}.min`);
  if (max === undefined && min === undefined) validator.fail(`${path}.max`, 'or min is required');
  if (max !== undefined && min !== undefined && min > max)
    validator.fail(`${path}.min`, `must not exceed max (${max})`);
  const missing =
    (validator.oneOf(raw.missing, `${path}.missing`, MISSING) as MissingData | undefined) ?? 'inconclusive';
  return thresholdCondition({ metric, stat, max, min, missing, name });
}

function gateMetric(
  value: unknown,
  path: string,
  series: LambdaSeries | undefined,
  validator: Validator,
): MetricSpec {
  if (typeof value === 'string') {
    if (value.trim() === '')
      validator.fail(path, 'must be a metric name or { namespace, metricName, dimensions }');
    return lambdaMetric(value, series ?? 'target');
  }
  return validateMetricSpec(value, path, validator);
}

function thresholdCondition(c: {
  metric: MetricSpec;
  stat: Statistic;
  max: number | undefined;
  min: number | undefined;
  missing: MissingData;
  name: string | undefined;
}): CompiledCondition {
  let resolved: ResolvedMetric | undefined;
  return {
    seriesCount: 1,
    requests(ctx, periodSeconds, prefix) {
      resolved = resolveMetric(c.metric, ctx);
      return [
        {
          id: prefix,
          metric: resolved,
          stat: c.stat,
          periodSeconds,
          ...(c.metric.unit && { unit: c.metric.unit }),
        },
      ];
    },
    judge(answers, prefix) {
      const metric = resolved as ResolvedMetric;
      const name = c.name ?? `${metric.MetricName} ${c.stat}`;
      const described = [describeMetric(metric)];
      const partial = incomplete([answers.get(prefix)]);
      if (partial)
        return { name, outcome: 'inconclusive', value: undefined, why: partial, metrics: described };
      const found = combined(answers.get(prefix), c.stat);
      const value = found ?? (c.missing === 'zero' ? 0 : undefined);
      if (value === undefined) {
        return {
          name,
          outcome: c.missing === 'fail' ? 'fail' : 'inconclusive',
          value,
          why: `no data for ${described[0]} in the window`,
          metrics: described,
        };
      }
      const broken = bounds(value, c.min, c.max, '');
      return {
        name,
        outcome: broken ? 'fail' : 'pass',
        value,
        why: `${name} = ${round(value)}${broken ?? withinBounds(c.min, c.max, '')}`,
        metrics: described,
      };
    },
  };
}

function ratioCondition(c: {
  of: MetricSpec;
  over: MetricSpec;
  maxPct: number | undefined;
  minPct: number | undefined;
  minCount: number;
  missing: MissingData;
  name: string | undefined;
}): CompiledCondition {
  let of: ResolvedMetric | undefined;
  let over: ResolvedMetric | undefined;
  return {
    seriesCount: 2,
    requests(ctx, periodSeconds, prefix) {
      of = resolveMetric(c.of, ctx);
      over = resolveMetric(c.over, ctx);
      return [
        { id: `${prefix}n`, metric: of, stat: 'Sum', periodSeconds },
        { id: `${prefix}d`, metric: over, stat: 'Sum', periodSeconds },
      ];
    },
    judge(answers, prefix) {
      const numerator = of as ResolvedMetric;
      const denominator = over as ResolvedMetric;
      const name = c.name ?? `${numerator.MetricName} / ${denominator.MetricName}`;
      const metrics = [describeMetric(numerator), describeMetric(denominator)];
      const partial = incomplete([answers.get(`${prefix}n`), answers.get(`${prefix}d`)]);
      if (partial) return { name, outcome: 'inconclusive', value: undefined, why: partial, metrics };
      const total = combined(answers.get(`${prefix}d`), 'Sum');
      if (total === undefined || total < c.minCount) {
        return {
          name,
          outcome: 'inconclusive',
          value: undefined,
          why: `${total ?? 0} ${denominator.MetricName} in the window, fewer than the ${c.minCount} needed to judge ${name}`,
          metrics,
        };
      }
      const part = combined(answers.get(`${prefix}n`), 'Sum') ?? (c.missing === 'zero' ? 0 : undefined);
      if (part === undefined) {
        return {
          name,
          outcome: c.missing === 'fail' ? 'fail' : 'inconclusive',
          value: undefined,
          why: `no data for ${metrics[0]} in the window`,
          metrics,
        };
      }
      const pct = (part / total) * 100;
      const broken = bounds(pct, c.minPct, c.maxPct, '%');
      return {
        name,
        outcome: broken ? 'fail' : 'pass',
        value: pct,
        why: `${name} = ${round(pct)}% (${round(part)} of ${round(total)})${broken ?? withinBounds(c.minPct, c.maxPct, '%')}`,
        metrics,
      };
    },
  };
}

/**
 * The window's value of a series. The window is asked for as one period, so one point is expected;
 * should CloudWatch split it, additive statistics are summed and extremes kept, others take the latest.
 */
function combined(series: SeriesResult | undefined, stat: Statistic): number | undefined {
  const values = series?.values.filter((value) => Number.isFinite(value)) ?? [];
  if (values.length === 0) return undefined;
  if (stat === 'Sum' || stat === 'SampleCount') return values.reduce((sum, value) => sum + value, 0);
  if (stat === 'Maximum') return Math.max(...values);
  if (stat === 'Minimum') return Math.min(...values);
  return values[values.length - 1];
}

function bounds(
  value: number,
  min: number | undefined,
  max: number | undefined,
  unit: string,
): string | undefined {
  if (max !== undefined && value > max) return `, over the maximum of ${max}${unit}`;
  if (min !== undefined && value < min) return `, under the minimum of ${min}${unit}`;
  return undefined;
}

function withinBounds(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `, within ${min}${unit}–${max}${unit}`;
  return max !== undefined ? `, at most ${max}${unit}` : `, at least ${min}${unit}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
