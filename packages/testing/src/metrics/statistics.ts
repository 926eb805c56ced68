/**
 * CloudWatch's statistics over the samples of one period: the five basic ones and the extended
 * family (`p99`, `tm90`, `TM(10%:90%)`, `TM(150:1000)`, `IQM`, `wm`/`WM`, `tc`/`TC`, `ts`/`TS`,
 * `PR(n:m)`), as the statistics definitions describe them. Samples may carry a count (PutMetricData's
 * `Values` + `Counts`), so ranks are weighted: a sample of count 5 holds five consecutive ranks.
 */

/** A parsed statistic name. */
export type Statistic =
  | { readonly kind: 'SampleCount' | 'Sum' | 'Average' | 'Minimum' | 'Maximum'; readonly name: string }
  | { readonly kind: 'percentile'; readonly name: string; readonly p: number }
  | RangeStatistic;

/** The trimmed family and the percentile rank: a statistic over the samples between two bounds. */
export interface RangeStatistic {
  readonly kind: 'TM' | 'WM' | 'TC' | 'TS' | 'PR';
  readonly name: string;
  /** Percent bounds (0–100) when `percent`, otherwise absolute values. `undefined`: unbounded. */
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  readonly percent: boolean;
}

export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

const NUMBER = String.raw`\d+(?:\.\d{1,10})?`;
const SHORT = new RegExp(String.raw`^(p|tm|wm|tc|ts)(${NUMBER})$`);
const RANGE = new RegExp(String.raw`^(TM|WM|TC|TS|PR)\((?:(${NUMBER})(%?))?:(?:(${NUMBER})(%?))?\)$`);
const SHORT_KIND = { tm: 'TM', wm: 'WM', tc: 'TC', ts: 'TS' } as const;

/** Parses a statistic as CloudWatch spells it; `undefined` when it is not one. */
export function parseStatistic(name: string): Statistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(name)) {
    return { kind: name as (typeof BASIC_STATISTICS)[number], name };
  }
  if (name === 'IQM') return { kind: 'TM', name, lower: 25, upper: 75, percent: true };
  const short = SHORT.exec(name);
  if (short !== null) {
    const value = Number(short[2]);
    if (value > 100) return undefined;
    if (short[1] === 'p') return { kind: 'percentile', name, p: value };
    const kind = SHORT_KIND[short[1] as keyof typeof SHORT_KIND];
    return { kind, name, lower: undefined, upper: value, percent: true };
  }
  const range = RANGE.exec(name);
  if (range === null) return undefined;
  const [, kind, lowText, lowPercent, highText, highPercent] = range;
  if (lowText === undefined && highText === undefined) return undefined;
  const percent = lowPercent === '%' || highPercent === '%';
  // Both bounds are of one kind; PR only takes values.
  if (lowText !== undefined && highText !== undefined && lowPercent !== highPercent) return undefined;
  if (kind === 'PR' && percent) return undefined;
  const lower = lowText === undefined ? undefined : Number(lowText);
  const upper = highText === undefined ? undefined : Number(highText);
  if (percent && ((lower ?? 0) > 100 || (upper ?? 0) > 100)) return undefined;
  if (lower !== undefined && upper !== undefined && lower >= upper) return undefined;
  return { kind: kind as RangeStatistic['kind'], name, lower, upper, percent };
}

/** Whether a statistic needs the raw samples (everything but the five basic ones). */
export function needsSamples(statistic: Statistic): boolean {
  return !(BASIC_STATISTICS as readonly string[]).includes(statistic.kind);
}

/**
 * The samples of one period. Raw samples are kept as (value, count) pairs for the extended
 * statistics; statistic sets only add to the basic ones, and make the extended ones unanswerable
 * (CloudWatch needs raw values for them, unless a set is one value repeated, which PutMetricData
 * already stores as a raw sample).
 */
export class Bucket {
  sampleCount = 0;
  sum = 0;
  minimum = Number.POSITIVE_INFINITY;
  maximum = Number.NEGATIVE_INFINITY;
  /** Interleaved value, count. */
  private readonly raw: number[] = [];
  private hasSets = false;
  private sorted: { values: Float64Array; counts: Float64Array } | undefined;

  add(value: number, count: number): void {
    this.sampleCount += count;
    this.sum += value * count;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
    this.raw.push(value, count);
    this.sorted = undefined;
  }

  addSet(sampleCount: number, sum: number, minimum: number, maximum: number): void {
    this.sampleCount += sampleCount;
    this.sum += sum;
    if (minimum < this.minimum) this.minimum = minimum;
    if (maximum > this.maximum) this.maximum = maximum;
    this.hasSets = true;
  }

  /** The statistic's value, or `undefined` when it has none for these samples. */
  value(statistic: Statistic): number | undefined {
    if (this.sampleCount === 0) return undefined;
    switch (statistic.kind) {
      case 'SampleCount':
        return this.sampleCount;
      case 'Sum':
        return this.sum;
      case 'Average':
        return this.sum / this.sampleCount;
      case 'Minimum':
        return this.minimum;
      case 'Maximum':
        return this.maximum;
      default:
        break;
    }
    if (this.hasSets) return undefined;
    const { values, counts } = this.sortedSamples();
    const total = this.sampleCount;
    if (statistic.kind === 'percentile') {
      // "Percentile statistics are not available for metrics when any of the metric values are
      // negative numbers" (GetMetricStatistics, API reference): the period has no value.
      if (this.minimum < 0) return undefined;
      // Nearest rank: the smallest value with at least p% of the samples at or below it.
      const rank = Math.max(1, Math.ceil((statistic.p / 100) * total));
      let seen = 0;
      for (let index = 0; index < values.length; index += 1) {
        seen += counts[index] as number;
        if (seen >= rank) return values[index];
      }
      return values[values.length - 1];
    }
    if (statistic.kind === 'PR') {
      let inside = 0;
      for (let index = 0; index < values.length; index += 1) {
        if (withinValues(values[index] as number, statistic.lower, statistic.upper))
          inside += counts[index] as number;
      }
      return (inside / total) * 100;
    }
    const range = this.rankRange(statistic, values, counts);
    return trimmed(statistic.kind, values, counts, range);
  }

  /** Ranks (low, high] the bounds keep: from percentages directly, from values by counting. */
  private rankRange(
    statistic: RangeStatistic,
    values: Float64Array,
    counts: Float64Array,
  ): { low: number; high: number } {
    const total = this.sampleCount;
    if (statistic.percent) {
      return { low: ((statistic.lower ?? 0) / 100) * total, high: ((statistic.upper ?? 100) / 100) * total };
    }
    // Values: lower exclusive, upper inclusive ("TM(150:1000)" drops values <= 150 and > 1000).
    let low = 0;
    let high = 0;
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index] as number;
      const count = counts[index] as number;
      if (statistic.lower !== undefined && value <= statistic.lower) low += count;
      if (statistic.upper === undefined || value <= statistic.upper) high += count;
    }
    return { low, high };
  }

  private sortedSamples(): { values: Float64Array; counts: Float64Array } {
    if (this.sorted !== undefined) return this.sorted;
    const pairs: [number, number][] = [];
    for (let index = 0; index < this.raw.length; index += 2) {
      pairs.push([this.raw[index] as number, this.raw[index + 1] as number]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    this.sorted = {
      values: Float64Array.from(pairs, ([value]) => value),
      counts: Float64Array.from(pairs, ([, count]) => count),
    };
    return this.sorted;
  }
}

function withinValues(value: number, lower: number | undefined, upper: number | undefined): boolean {
  return (lower === undefined || value > lower) && (upper === undefined || value <= upper);
}

/**
 * The trimmed family over the ranks (low, high]: a sample holding ranks (a, b] contributes its
 * overlap with the range, so a bound falling inside a weighted sample counts part of it (CloudWatch
 * says trimmed counts may be fractional). The winsorized mean gives the ranks outside the range the
 * value at the nearest edge inside it.
 */
function trimmed(
  kind: 'TM' | 'WM' | 'TC' | 'TS',
  values: Float64Array,
  counts: Float64Array,
  { low, high }: { low: number; high: number },
): number | undefined {
  let count = 0;
  let sum = 0;
  let first: number | undefined;
  let last: number | undefined;
  let start = 0;
  for (let index = 0; index < values.length; index += 1) {
    const end = start + (counts[index] as number);
    const overlap = Math.min(end, high) - Math.max(start, low);
    if (overlap > 0) {
      const value = values[index] as number;
      count += overlap;
      sum += overlap * value;
      first ??= value;
      last = value;
    }
    start = end;
  }
  if (kind === 'TC') return count;
  if (count === 0) return undefined;
  if (kind === 'TS') return sum;
  if (kind === 'TM') return sum / count;
  const total = start;
  const winsorized = sum + low * (first as number) + (total - high) * (last as number);
  return winsorized / total;
}
