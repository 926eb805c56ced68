import type { Validator } from '@shiftguard/kit';
import { lambdaMetric, type MetricSpec, validateMetricSpec } from '../query/metric';
import { type Statistic, validateStatistic } from '../query/statistic';

/** Which change of a metric is bad. */
export type Direction = 'increase' | 'decrease' | 'either';

interface JudgedMetricBase {
  /** Name in the report. Default: the metric and statistic, or the rate. */
  readonly name?: string;
  /** Which change is bad. Default `increase`. */
  readonly direction?: Direction;
  /** A critical metric that does not pass fails (or, without evidence, leaves inconclusive) the whole judgement. */
  readonly critical?: boolean;
  /** No data on a side fails this metric rather than leaving it out (Kayenta's `NodataFailMetric`). */
  readonly mustHaveData?: boolean;
  /** The score group (weights in `groups`). Default `default`. */
  readonly group?: string;
}

/**
 * A metric compared period by period: the statistic of each period is a sample, and the canary's
 * samples are ranked against the baseline's (Mann–Whitney), the shift estimated (Hodges–Lehmann).
 */
export interface DistributionMetric extends JudgedMetricBase {
  /** An `AWS/Lambda` metric name: the baseline is the old version's series, the canary the new one's. */
  readonly metric?: string;
  readonly stat: Statistic;
  /** Explicit series, for metrics of your own namespaces. */
  readonly baseline?: MetricSpec;
  readonly canary?: MetricSpec;
  /** Canary mean over baseline mean a significant increase must reach to fail. Default 1.1: a trivial rise does not fail. */
  readonly allowedIncrease?: number;
  /** The same for a decrease. Default 0.9. */
  readonly allowedDecrease?: number;
  /** The change (as a ratio) the comparison must be able to see before it may pass. Default 1.3. */
  readonly detect?: number;
  /** Periods per side below which the metric is inconclusive. Default 5. */
  readonly minSamples?: number;
  /** `remove` (default) drops NaN periods; `replace` counts them as 0. */
  readonly nanStrategy?: 'remove' | 'replace';
}

/**
 * A count metric that forms a rate (Errors over Invocations): the totals of each side are compared as
 * two binomial proportions, which sparse, mostly-zero per-period counts would defeat in a rank test.
 */
export interface RateMetric extends JudgedMetricBase {
  /** `AWS/Lambda` metric names: the baseline is the old version's, the canary the new one's. */
  readonly rate?: { readonly of: string; readonly over: string };
  readonly baseline?: { readonly of: MetricSpec; readonly over: MetricSpec };
  readonly canary?: { readonly of: MetricSpec; readonly over: MetricSpec };
  /** Canary rate over baseline rate a significant increase must reach to fail. Default 1.25. */
  readonly allowedRatio?: number;
  /** The rate ratio the comparison must be able to see before it may pass. Default 2. */
  readonly detectRatio?: number;
  /** …and at least this absolute rise, in percentage points (a baseline of 0 errors needs it). Default 1. */
  readonly detectMinPct?: number;
}

export type JudgedMetric = DistributionMetric | RateMetric;

/** A judged metric, checked: its series and its knobs, defaults filled in. */
export type CompiledMetric =
  | {
      readonly kind: 'distribution';
      readonly name: string;
      readonly direction: Direction;
      readonly critical: boolean;
      readonly mustHaveData: boolean;
      readonly group: string;
      readonly stat: Statistic;
      readonly baseline: MetricSpec;
      readonly canary: MetricSpec;
      readonly allowedIncrease: number;
      readonly allowedDecrease: number;
      readonly detect: number;
      readonly minSamples: number;
      readonly nanStrategy: 'remove' | 'replace';
    }
  | {
      readonly kind: 'rate';
      readonly name: string;
      readonly direction: Direction;
      readonly critical: boolean;
      readonly mustHaveData: boolean;
      readonly group: string;
      readonly baseline: { readonly of: MetricSpec; readonly over: MetricSpec };
      readonly canary: { readonly of: MetricSpec; readonly over: MetricSpec };
      readonly allowedRatio: number;
      readonly detectRatio: number;
      readonly detectMinPct: number;
    };

const BASE_KEYS = ['name', 'direction', 'critical', 'mustHaveData', 'group'];
const DISTRIBUTION_KEYS = [
  ...BASE_KEYS,
  'metric',
  'stat',
  'baseline',
  'canary',
  'allowedIncrease',
  'allowedDecrease',
  'detect',
  'minSamples',
  'nanStrategy',
];
const RATE_KEYS = [...BASE_KEYS, 'rate', 'baseline', 'canary', 'allowedRatio', 'detectRatio', 'detectMinPct'];

/** What a judge compares when given no metrics: the error rate (critical) and the p99 and mean duration. */
export const DEFAULT_JUDGED_METRICS: readonly JudgedMetric[] = [
  { name: 'error rate', rate: { of: 'Errors', over: 'Invocations' }, critical: true },
  { name: 'p99 duration', metric: 'Duration', stat: 'p99' },
  { name: 'mean duration', metric: 'Duration', stat: 'Average' },
];

export function compileJudgedMetric(value: unknown, path: string, validator: Validator): CompiledMetric {
  const raw = validator.object(value, path, [...new Set([...DISTRIBUTION_KEYS, ...RATE_KEYS])], {
    noun: 'metric key',
  });
  const isRate =
    raw.rate !== undefined ||
    (typeof raw.baseline === 'object' && raw.baseline !== null && 'of' in (raw.baseline as object));
  validator.object(raw, path, isRate ? RATE_KEYS : DISTRIBUTION_KEYS, {
    noun: isRate ? 'rate metric key' : 'distribution metric key',
  });
  const base = {
    direction:
      (validator.oneOf(raw.direction, `${path}.direction`, ['increase', 'decrease', 'either']) as
        | Direction
        | undefined) ?? 'increase',
    critical: validator.boolean(raw.critical, `${path}.critical`) ?? false,
    mustHaveData: validator.boolean(raw.mustHaveData, `${path}.mustHaveData`) ?? false,
    group: validator.string(raw.group, `${path}.group`) ?? 'default',
  };
  const given = validator.string(raw.name, `${path}.name`);
  if (isRate) {
    const { baseline, canary, label } = rateSeries(raw, path, validator);
    return {
      kind: 'rate',
      name: given ?? label,
      ...base,
      baseline,
      canary,
      allowedRatio: validator.number(raw.allowedRatio, `${path}.allowedRatio`, { positive: true }) ?? 1.25,
      detectRatio: ratioAbove1(raw.detectRatio, `${path}.detectRatio`, 2, validator),
      detectMinPct: validator.number(raw.detectMinPct, `${path}.detectMinPct`, { min: 0 }) ?? 1,
    };
  }
  const stat = validateStatistic(raw.stat, `${path}.stat`, validator);
  const { baseline, canary, label } = distributionSeries(raw, path, validator);
  const allowedIncrease =
    validator.number(raw.allowedIncrease, `${path}.allowedIncrease`, { positive: true }) ?? 1.1;
  const allowedDecrease =
    validator.number(raw.allowedDecrease, `${path}.allowedDecrease`, { positive: true }) ?? 0.9;
  return {
    kind: 'distribution',
    name: given ?? `${label} ${stat}`,
    ...base,
    stat,
    baseline,
    canary,
    allowedIncrease,
    allowedDecrease,
    detect: ratioAbove1(raw.detect, `${path}.detect`, 1.3, validator),
    minSamples: validator.integer(raw.minSamples, `${path}.minSamples`, { min: 2, max: 10_000 }) ?? 5,
    nanStrategy:
      (validator.oneOf(raw.nanStrategy, `${path}.nanStrategy`, ['remove', 'replace']) as
        | 'remove'
        | 'replace'
        | undefined) ?? 'remove',
  };
}

function ratioAbove1(value: unknown, path: string, fallback: number, validator: Validator): number {
  const ratio = validator.number(value, path, { positive: true }) ?? fallback;
  if (ratio <= 1) validator.fail(path, `must be more than 1 (a change to detect), got ${ratio}`);
  return ratio;
}

function distributionSeries(raw: Record<string, unknown>, path: string, validator: Validator) {
  if (raw.metric !== undefined) {
    if (raw.baseline !== undefined || raw.canary !== undefined) {
      validator.fail(`${path}.metric`, 'cannot be given with baseline and canary');
    }
    const name = validator.string(raw.metric, `${path}.metric`) as string;
    return { baseline: lambdaMetric(name, 'current'), canary: lambdaMetric(name, 'target'), label: name };
  }
  if (raw.baseline === undefined || raw.canary === undefined) {
    validator.fail(`${path}.metric`, 'is required (an AWS/Lambda metric name), or baseline and canary');
  }
  const baseline = validateMetricSpec(raw.baseline, `${path}.baseline`, validator);
  const canary = validateMetricSpec(raw.canary, `${path}.canary`, validator);
  return { baseline, canary, label: canary.metricName };
}

function rateSeries(raw: Record<string, unknown>, path: string, validator: Validator) {
  if (raw.rate !== undefined) {
    if (raw.baseline !== undefined || raw.canary !== undefined) {
      validator.fail(`${path}.rate`, 'cannot be given with baseline and canary');
    }
    const rate = validator.object(raw.rate, `${path}.rate`, ['of', 'over'], { noun: 'rate key' });
    const of =
      validator.string(rate.of, `${path}.rate.of`) ?? validator.fail(`${path}.rate.of`, 'is required');
    const over =
      validator.string(rate.over, `${path}.rate.over`) ?? validator.fail(`${path}.rate.over`, 'is required');
    return {
      baseline: { of: lambdaMetric(of, 'current'), over: lambdaMetric(over, 'current') },
      canary: { of: lambdaMetric(of, 'target'), over: lambdaMetric(over, 'target') },
      label: `${of} / ${over}`,
    };
  }
  const pair = (value: unknown, where: string) => {
    const record = validator.object(value, where, ['of', 'over'], { noun: 'rate key' });
    return {
      of: validateMetricSpec(record.of, `${where}.of`, validator),
      over: validateMetricSpec(record.over, `${where}.over`, validator),
    };
  };
  if (raw.canary === undefined) validator.fail(`${path}.canary`, 'is required with baseline');
  const baseline = pair(raw.baseline, `${path}.baseline`);
  const canary = pair(raw.canary, `${path}.canary`);
  return { baseline, canary, label: `${canary.of.metricName} / ${canary.over.metricName}` };
}
