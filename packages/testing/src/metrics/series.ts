import type { MetricIdentity, MetricUnit } from './types';
import { unitIndex } from './units';

/** A pre-aggregated sample (PutMetricData's `StatisticValues`) that is not a repeated single value. */
export interface StatisticSet {
  readonly timestamp: number;
  readonly sampleCount: number;
  readonly sum: number;
  readonly minimum: number;
  readonly maximum: number;
  readonly unit: MetricUnit;
}

/** What a query sees of one raw sample: `count` copies of `value` (PutMetricData's `Values` + `Counts`). */
export type SampleVisitor = (timestamp: number, value: number, count: number, unit: number) => void;

/**
 * One metric's samples, in arrival order (close to timestamp order; queries do not rely on it).
 * Growable Float64Arrays rather than an object per sample: a long canary run publishes a dozen
 * samples per invocation, and typed arrays hold them in 16 bytes each with nothing for the GC to
 * trace. What most series never need is allocated only when a sample needs it: a count per sample
 * (8 more bytes, once a sample stands for several), a unit per sample (1 more byte, once a sample
 * comes in another unit than the first), and statistic sets, kept aside.
 */
export class MetricSeries {
  private timestamps = new Float64Array(16);
  private values = new Float64Array(16);
  private counts: Float64Array<ArrayBuffer> | undefined;
  private units: Uint8Array<ArrayBuffer> | undefined;
  private count = 0;
  private sets: StatisticSet[] = [];
  private newest = Number.NEGATIVE_INFINITY;
  /** Set once any sample is published with `StorageResolution: 1`. */
  highResolution = false;

  constructor(
    readonly identity: MetricIdentity,
    /** The unit of the first sample; a sample in this unit costs no unit byte. */
    readonly unit: MetricUnit,
    /** Samples stamped before `retainFrom()` are dropped when the arrays fill up. */
    private readonly retainFrom: () => number = () => Number.NEGATIVE_INFINITY,
  ) {}

  /** Raw samples held (a weighted sample counts once), statistic sets included. */
  get size(): number {
    return this.count + this.sets.length;
  }

  /** The newest timestamp ever published (ListMetrics' `RecentlyActive`). */
  get lastTimestamp(): number {
    return this.newest;
  }

  push(timestamp: number, value: number): void {
    if (this.count === this.timestamps.length) this.makeRoom();
    this.timestamps[this.count] = timestamp;
    this.values[this.count] = value;
    if (this.counts !== undefined) this.counts[this.count] = 1;
    if (this.units !== undefined) this.units[this.count] = unitIndex(this.unit);
    this.count += 1;
    if (timestamp > this.newest) this.newest = timestamp;
  }

  /** A sample standing for `count` observations of `value`, in `unit`. */
  pushSample(timestamp: number, value: number, count: number, unit: MetricUnit): void {
    this.push(timestamp, value);
    const index = this.count - 1;
    if (count !== 1) {
      this.counts ??= new Float64Array(this.timestamps.length).fill(1);
      this.counts[index] = count;
    }
    if (unit !== this.unit) {
      this.units ??= new Uint8Array(this.timestamps.length).fill(unitIndex(this.unit));
      this.units[index] = unitIndex(unit);
    }
  }

  pushStatisticSet(set: StatisticSet): void {
    const cutoff = this.retainFrom();
    if (this.sets.length > 0 && this.sets.length % 64 === 0) {
      this.sets = this.sets.filter((kept) => kept.timestamp >= cutoff);
    }
    this.sets.push(set);
    if (set.timestamp > this.newest) this.newest = set.timestamp;
  }

  /** Visits every raw sample with `start <= timestamp < end`, units as indexes into STANDARD_UNITS. */
  visit(start: number, end: number, visitor: SampleVisitor): void {
    const from = Math.max(start, this.retainFrom());
    const own = unitIndex(this.unit);
    for (let index = 0; index < this.count; index += 1) {
      const timestamp = this.timestamps[index] as number;
      if (timestamp < from || timestamp >= end) continue;
      visitor(
        timestamp,
        this.values[index] as number,
        this.counts === undefined ? 1 : (this.counts[index] as number),
        this.units === undefined ? own : (this.units[index] as number),
      );
    }
  }

  /** The statistic sets with `start <= timestamp < end`. */
  statisticSets(start: number, end: number): StatisticSet[] {
    const from = Math.max(start, this.retainFrom());
    return this.sets.filter((set) => set.timestamp >= from && set.timestamp < end);
  }

  /** Every raw sample, count 1 each, in arrival order (the Lambda publisher's view). */
  forEach(visit: (timestamp: number, value: number) => void): void {
    this.visit(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, (timestamp, value) =>
      visit(timestamp, value),
    );
  }

  /** Whether any sample is still within retention. */
  get isEmpty(): boolean {
    const cutoff = this.retainFrom();
    if (this.sets.some((set) => set.timestamp >= cutoff)) return false;
    for (let index = 0; index < this.count; index += 1) {
      if ((this.timestamps[index] as number) >= cutoff) return false;
    }
    return true;
  }

  /** Drops samples past retention first; grows the arrays only if that freed less than a quarter. */
  private makeRoom(): void {
    const cutoff = this.retainFrom();
    let kept = 0;
    if (cutoff > Number.NEGATIVE_INFINITY) {
      for (let index = 0; index < this.count; index += 1) {
        if ((this.timestamps[index] as number) < cutoff) continue;
        this.timestamps[kept] = this.timestamps[index] as number;
        this.values[kept] = this.values[index] as number;
        if (this.counts !== undefined) this.counts[kept] = this.counts[index] as number;
        if (this.units !== undefined) this.units[kept] = this.units[index] as number;
        kept += 1;
      }
      this.count = kept;
    }
    if (this.count <= (this.timestamps.length * 3) / 4) return;
    this.timestamps = grow(this.timestamps);
    this.values = grow(this.values);
    if (this.counts !== undefined) this.counts = grow(this.counts);
    if (this.units !== undefined) {
      const bigger = new Uint8Array(this.units.length * 2);
      bigger.set(this.units);
      this.units = bigger;
    }
  }
}

function grow(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
