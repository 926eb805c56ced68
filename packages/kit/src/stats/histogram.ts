/** Summary of a histogram, in the unit recorded (milliseconds for latencies), rounded to 0.1. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Options of {@link LatencyHistogram}. */
export interface LatencyHistogramOptions {
  /** Largest error of a percentile, relative to its value. Default 0.01 (1%). */
  readonly relativeAccuracy?: number;
  /** Smallest value told apart from zero. Default 0.01 (10 µs in milliseconds). */
  readonly minValue?: number;
  /** Largest value kept exactly; larger ones count in the top bucket. Default one hour in milliseconds. */
  readonly maxValue?: number;
}

/**
 * A latency histogram of fixed size, whatever the number of samples: logarithmic buckets (as
 * DDSketch lays them out), so every percentile between `minValue` and `maxValue` is within
 * `relativeAccuracy` of the true sample (below `minValue` it is the smallest sample; above `maxValue`
 * the values share the top bucket, so a percentile there reads as the smaller of it and the largest
 * sample). With the defaults it is about 1,200 counters (10 KB) for values from 10 µs to an hour.
 *
 * Written here rather than taken from npm: `hdr-histogram-js` bundles to 140 KB (WebAssembly and
 * pako) and `@datadog/sketches-js` requires protobufjs, both too heavy for a hook's cold start.
 *
 * @example
 * ```ts
 * const latencies = new LatencyHistogram();
 * latencies.record(12.5);
 * latencies.percentile(0.95); // ≈ 12.5, within 1%
 * ```
 */
export class LatencyHistogram {
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly offset: number;
  private readonly counts: Float64Array;
  private readonly minValue: number;
  private zeroCount = 0;
  private total = 0;
  private sum = 0;
  private lowest = Number.POSITIVE_INFINITY;
  private highest = Number.NEGATIVE_INFINITY;

  constructor(options: LatencyHistogramOptions = {}) {
    const accuracy = options.relativeAccuracy ?? 0.01;
    const minValue = options.minValue ?? 0.01;
    const maxValue = options.maxValue ?? 3_600_000;
    if (!(accuracy > 0 && accuracy < 1)) throw new RangeError('relativeAccuracy must be in (0, 1)');
    if (!(minValue > 0 && maxValue > minValue)) throw new RangeError('need 0 < minValue < maxValue');
    this.gamma = (1 + accuracy) / (1 - accuracy);
    this.logGamma = Math.log(this.gamma);
    this.minValue = minValue;
    this.offset = this.indexOf(minValue);
    this.counts = new Float64Array(this.indexOf(maxValue) - this.offset + 1);
  }

  /** Records one value; negative and non-finite values are refused (they are bugs, not latencies). */
  record(value: number): void {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`cannot record ${value}`);
    this.total++;
    this.sum += value;
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
    if (value < this.minValue) {
      this.zeroCount++;
      return;
    }
    const slot = Math.min(this.counts.length - 1, this.indexOf(value) - this.offset);
    this.counts[slot]! += 1;
  }

  get count(): number {
    return this.total;
  }

  /** The value at quantile `q` in [0, 1] (0.95 for p95); `NaN` when empty. Exact at 0 and 1. */
  percentile(q: number): number {
    if (this.total === 0 || Number.isNaN(q)) return Number.NaN;
    if (q <= 0) return this.lowest;
    if (q >= 1) return this.highest;
    // The rank of the sample at q, as "nearest rank": the smallest value with ≥ q of samples at or below.
    const rank = Math.ceil(q * this.total);
    if (rank <= this.zeroCount) return this.lowest;
    let seen = this.zeroCount;
    for (let slot = 0; slot < this.counts.length; slot++) {
      seen += this.counts[slot]!;
      if (seen >= rank) {
        const estimate = (2 * this.gamma ** (slot + this.offset)) / (this.gamma + 1);
        return Math.min(this.highest, Math.max(this.lowest, estimate));
      }
    }
    return this.highest;
  }

  summary(): LatencySummary | undefined {
    if (this.total === 0) return undefined;
    return {
      count: this.total,
      min: round(this.lowest),
      mean: round(this.sum / this.total),
      p50: round(this.percentile(0.5)),
      p90: round(this.percentile(0.9)),
      p95: round(this.percentile(0.95)),
      p99: round(this.percentile(0.99)),
      max: round(this.highest),
    };
  }

  private indexOf(value: number): number {
    return Math.ceil(Math.log(value) / this.logGamma);
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
