import { Bucket, type Statistic } from '../metrics/statistics';
import type { MetricStore } from '../metrics/store';
import type { MetricDimensions } from '../metrics/types';
import { type StandardUnit, unitAt, unitIndex } from '../metrics/units';

/** One metric and how to summarise it: a checked `MetricStat`. */
export interface MetricStatSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: MetricDimensions;
  /** Seconds. */
  readonly period: number;
  readonly stat: Statistic;
  readonly unit: StandardUnit | undefined;
}

export interface StatSeries {
  /** Period starts (epoch ms) with a value, ascending. */
  readonly points: Map<number, number>;
  /** The units of the samples that went in, when more than one did and no unit was asked for. */
  readonly units: readonly StandardUnit[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Where a GetMetricData window starts for a period, as the API reference says: sub-minute
 * periods on a multiple of the period; otherwise rounded down to the minute when the start is less
 * than 15 days old, to 5 minutes up to 63 days, to the hour beyond.
 */
export function alignedStart(startTime: number, periodSeconds: number, now: number): number {
  let unit: number;
  if (periodSeconds < 60) unit = periodSeconds * 1000;
  else {
    const age = now - startTime;
    unit = age < 15 * DAY ? MINUTE : age < 63 * DAY ? 5 * MINUTE : 60 * MINUTE;
  }
  return Math.floor(startTime / unit) * unit;
}

/**
 * One metric's statistic per period over [start, end), periods counted from `start`: the answer
 * to a MetricStat. Periods without samples have no point; a `unit` keeps only samples in it.
 */
export function metricStatSeries(
  store: MetricStore,
  spec: MetricStatSpec,
  start: number,
  end: number,
): StatSeries {
  const series = store.find(spec.namespace, spec.metricName, spec.dimensions);
  const points = new Map<number, number>();
  if (series === undefined) return { points, units: [] };
  const periodMs = spec.period * 1000;
  const wanted = spec.unit === undefined ? undefined : unitIndex(spec.unit);
  const seen = new Set<number>();
  const buckets = new Map<number, Bucket>();
  const bucketAt = (timestamp: number): Bucket => {
    const at = start + Math.floor((timestamp - start) / periodMs) * periodMs;
    let bucket = buckets.get(at);
    if (bucket === undefined) {
      bucket = new Bucket();
      buckets.set(at, bucket);
    }
    return bucket;
  };
  series.visit(start, end, (timestamp, value, count, unit) => {
    if (wanted !== undefined && unit !== wanted) return;
    seen.add(unit);
    bucketAt(timestamp).add(value, count);
  });
  for (const set of series.statisticSets(start, end)) {
    if (spec.unit !== undefined && set.unit !== spec.unit) continue;
    seen.add(unitIndex(set.unit));
    bucketAt(set.timestamp).addSet(set.sampleCount, set.sum, set.minimum, set.maximum);
  }
  for (const at of [...buckets.keys()].sort((a, b) => a - b)) {
    const value = (buckets.get(at) as Bucket).value(spec.stat);
    if (value !== undefined) points.set(at, value);
  }
  const units = seen.size > 1 ? [...seen].map(unitAt).sort() : [];
  return { points, units };
}
