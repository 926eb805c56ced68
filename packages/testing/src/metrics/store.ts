import { Validator } from '@shiftguard/kit';
import { inputValidator } from '../validate';
import type {
  MetricDatapoint,
  MetricDimensions,
  MetricFilter,
  MetricIdentity,
  MetricQuery,
  MetricUnit,
} from './types';

/**
 * One metric's raw samples, in arrival order (close to timestamp order; queries do not rely on it).
 * Two growable Float64Arrays rather than an object per sample: a long canary run publishes a dozen
 * samples per invocation, and typed arrays hold them in 16 bytes each with nothing for the GC to trace.
 */
export class MetricSeries {
  private timestamps = new Float64Array(16);
  private values = new Float64Array(16);
  private count = 0;

  constructor(
    readonly identity: MetricIdentity,
    readonly unit: MetricUnit,
  ) {}

  get size(): number {
    return this.count;
  }

  push(timestamp: number, value: number): void {
    if (this.count === this.timestamps.length) {
      this.timestamps = grow(this.timestamps);
      this.values = grow(this.values);
    }
    this.timestamps[this.count] = timestamp;
    this.values[this.count] = value;
    this.count += 1;
  }

  forEach(visit: (timestamp: number, value: number) => void): void {
    for (let index = 0; index < this.count; index += 1) {
      visit(this.timestamps[index] as number, this.values[index] as number);
    }
  }
}

function grow(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

interface CheckedQuery {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: MetricDimensions;
  readonly startTime: number;
  readonly endTime: number;
  readonly periodMs: number;
  readonly percentiles: readonly { readonly name: string; readonly p: number }[];
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
      series = new MetricSeries(freezeIdentity(identity), unit);
      this.series.set(key, series);
    }
    return series;
  }

  list(filter: MetricFilter | undefined, defaultNamespace: string): MetricIdentity[] {
    const checked = checkFilter(filter, defaultNamespace);
    const found: MetricIdentity[] = [];
    for (const { identity } of this.series.values()) {
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
    const buckets = new Map<number, number[]>();
    series.forEach((timestamp, value) => {
      if (timestamp < checked.startTime || timestamp >= checked.endTime) return;
      const start = Math.floor(timestamp / checked.periodMs) * checked.periodMs;
      let values = buckets.get(start);
      if (values === undefined) {
        values = [];
        buckets.set(start, values);
      }
      values.push(value);
    });
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([timestamp, values]) => datapoint(timestamp, series.unit, values, checked.percentiles));
  }
}

function datapoint(
  timestamp: number,
  unit: MetricUnit,
  values: number[],
  percentiles: CheckedQuery['percentiles'],
): MetricDatapoint {
  let sum = 0;
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    sum += value;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const extendedStatistics: Record<string, number> = {};
  if (percentiles.length > 0) {
    const sorted = [...values].sort((a, b) => a - b);
    for (const { name, p } of percentiles) {
      // Nearest rank: the smallest sample with at least p% of the samples at or below it.
      const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
      extendedStatistics[name] = sorted[rank - 1] as number;
    }
  }
  return {
    timestamp,
    unit,
    sampleCount: values.length,
    sum,
    average: sum / values.length,
    minimum,
    maximum,
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
    return { name, p: Number(name.slice(1)) };
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
