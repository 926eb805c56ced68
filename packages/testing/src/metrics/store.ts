import { Validator } from '@shiftguard/kit';
import { inputValidator } from '../validate';
import { MetricSeries } from './series';
import { Bucket, parseStatistic, type Statistic } from './statistics';
import type {
  MetricDatapoint,
  MetricDimensions,
  MetricFilter,
  MetricIdentity,
  MetricQuery,
  MetricUnit,
} from './types';

interface CheckedQuery {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: MetricDimensions;
  readonly startTime: number;
  readonly endTime: number;
  readonly periodMs: number;
  readonly percentiles: readonly Statistic[];
}

const QUERY_KEYS = [
  'namespace',
  'metricName',
  'dimensions',
  'startTime',
  'endTime',
  'period',
  'extendedStatistics',
] as const;
const FILTER_KEYS = ['namespace', 'metricName', 'dimensions'] as const;
const PERCENTILE = /^p(100|\d{1,2}(\.\d{1,2})?)$/;

/**
 * Every datapoint the emulated services published, kept raw so any later question (GetMetricData,
 * GetMetricStatistics, alarms) can be answered from it: series are keyed the way CloudWatch keys
 * metrics, by namespace, name and exact dimension set.
 */
export class MetricStore {
  private readonly series = new Map<string, MetricSeries>();
  private readonly retainFrom: () => number;

  /**
   * @param retention how long samples are kept, in ms before `now()`; older ones stop answering
   *   queries at once and are dropped as their series grows. Default: forever.
   */
  constructor(retention?: { readonly ms: number; readonly now: () => number }) {
    this.retainFrom =
      retention === undefined || retention.ms === Number.POSITIVE_INFINITY
        ? () => Number.NEGATIVE_INFINITY
        : () => retention.now() - retention.ms;
  }

  put(identity: MetricIdentity, unit: MetricUnit, value: number, timestamp: number): void {
    this.seriesFor(identity, unit).push(timestamp, value);
  }

  /**
   * The series of one metric, created on first use (the first unit sticks). Publishers that know
   * their metrics in advance keep the handle and push to it, skipping the key lookup per sample.
   */
  seriesFor(identity: MetricIdentity, unit: MetricUnit): MetricSeries {
    const key = seriesKey(identity.namespace, identity.metricName, identity.dimensions);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new MetricSeries(freezeIdentity(identity), unit, this.retainFrom);
      this.series.set(key, series);
    }
    return series;
  }

  /** The series of exactly this metric, if anything was ever published to it. */
  find(namespace: string, metricName: string, dimensions: MetricDimensions): MetricSeries | undefined {
    return this.series.get(seriesKey(namespace, metricName, dimensions));
  }

  /** Every series with samples still within retention, in the order they were first published to. */
  all(): MetricSeries[] {
    return [...this.series.values()].filter((series) => !series.isEmpty);
  }

  list(filter: MetricFilter | undefined, defaultNamespace: string): MetricIdentity[] {
    const checked = checkFilter(filter, defaultNamespace);
    const found: MetricIdentity[] = [];
    for (const { identity } of this.all()) {
      if (identity.namespace !== checked.namespace) continue;
      if (checked.metricName !== undefined && identity.metricName !== checked.metricName) continue;
      const wanted = Object.entries(checked.dimensions);
      if (wanted.some(([name, value]) => identity.dimensions[name] !== value)) continue;
      found.push(identity);
    }
    return found;
  }

  statistics(query: MetricQuery, defaultNamespace: string): MetricDatapoint[] {
    const checked = checkQuery(query, defaultNamespace);
    const series = this.series.get(seriesKey(checked.namespace, checked.metricName, checked.dimensions));
    if (series === undefined) return [];
    const buckets = new Map<number, Bucket>();
    const bucketAt = (timestamp: number): Bucket => {
      const start = Math.floor(timestamp / checked.periodMs) * checked.periodMs;
      let bucket = buckets.get(start);
      if (bucket === undefined) {
        bucket = new Bucket();
        buckets.set(start, bucket);
      }
      return bucket;
    };
    series.visit(checked.startTime, checked.endTime, (timestamp, value, count) => {
      bucketAt(timestamp).add(value, count);
    });
    for (const set of series.statisticSets(checked.startTime, checked.endTime)) {
      bucketAt(set.timestamp).addSet(set.sampleCount, set.sum, set.minimum, set.maximum);
    }
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([timestamp, bucket]) => datapoint(timestamp, series.unit, bucket, checked.percentiles));
  }
}

function datapoint(
  timestamp: number,
  unit: MetricUnit,
  bucket: Bucket,
  percentiles: CheckedQuery['percentiles'],
): MetricDatapoint {
  const extendedStatistics: Record<string, number> = {};
  for (const statistic of percentiles) {
    const value = bucket.value(statistic);
    if (value !== undefined) extendedStatistics[statistic.name] = value;
  }
  return {
    timestamp,
    unit,
    sampleCount: bucket.sampleCount,
    sum: bucket.sum,
    average: bucket.sum / bucket.sampleCount,
    minimum: bucket.minimum,
    maximum: bucket.maximum,
    extendedStatistics,
  };
}

function seriesKey(namespace: string, metricName: string, dimensions: MetricDimensions): string {
  const sorted = Object.keys(dimensions)
    .sort()
    .map((name) => [name, dimensions[name]]);
  return JSON.stringify([namespace, metricName, sorted]);
}

function freezeIdentity(identity: MetricIdentity): MetricIdentity {
  return Object.freeze({
    namespace: identity.namespace,
    metricName: identity.metricName,
    dimensions: Object.freeze({ ...identity.dimensions }),
  });
}

function checkFilter(
  filter: MetricFilter | undefined,
  defaultNamespace: string,
): { namespace: string; metricName: string | undefined; dimensions: MetricDimensions } {
  if (filter === undefined) return { namespace: defaultNamespace, metricName: undefined, dimensions: {} };
  const v: Validator = inputValidator('listMetrics filter');
  const value = v.object(filter, '', FILTER_KEYS);
  return {
    namespace: v.string(value.namespace, 'namespace') ?? defaultNamespace,
    metricName: v.string(value.metricName, 'metricName'),
    dimensions: v.stringMap(value.dimensions, 'dimensions') ?? {},
  };
}

function checkQuery(query: MetricQuery, defaultNamespace: string): CheckedQuery {
  const v: Validator = inputValidator('metric query');
  const value = v.object(query, '', QUERY_KEYS);
  const metricName = v.string(value.metricName, 'metricName') ?? v.fail('metricName', 'is required');
  const startTime = v.number(value.startTime, 'startTime') ?? Number.NEGATIVE_INFINITY;
  const endTime = v.number(value.endTime, 'endTime') ?? Number.POSITIVE_INFINITY;
  if (endTime <= startTime) v.fail('endTime', 'must be after startTime');
  const period = v.integer(value.period, 'period', { min: 1 }) ?? 60;
  const extended = v.array(value.extendedStatistics, 'extendedStatistics') ?? [];
  const percentiles = extended.map((name: unknown, index) => {
    if (typeof name !== 'string' || !PERCENTILE.test(name)) {
      return v.wrongValue(
        Validator.join('extendedStatistics', index),
        'a percentile such as p99 or p99.9',
        name,
      );
    }
    return parseStatistic(name) as Statistic;
  });
  return {
    namespace: v.string(value.namespace, 'namespace') ?? defaultNamespace,
    metricName,
    dimensions: v.stringMap(value.dimensions, 'dimensions') ?? {},
    startTime,
    endTime,
    periodMs: period * 1000,
    percentiles,
  };
}
