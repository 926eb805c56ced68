import { hodgesLehmann, InvalidMetricsOptionsError, InvalidSampleError } from '../index';
import { normalQuantile } from './normal';

/** mulberry32: a seeded generator, so every run draws the same samples. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * R's W(d) written the long way, as `.wilcox_test_two_cint_asymp` does: rank c(x − d, y) with average
 * ranks, count the ties, standardise with the two-sided continuity correction. Independent of the
 * merge the implementation uses.
 */
function rW(x: number[], y: number[], d: number): number {
  const values = [...x.map((v) => v - d), ...y];
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let ties = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    for (let k = start; k <= end; k++) ranks[order[k]!.index] = (start + end) / 2 + 1;
    const t = end - start + 1;
    ties += t ** 3 - t;
    start = end + 1;
  }
  const m = x.length;
  const n = y.length;
  const dz = ranks.slice(0, m).reduce((a, b) => a + b, 0) - (m * (m + 1)) / 2 - (m * n) / 2;
  const sigma = Math.sqrt(((m * n) / 12) * (m + n + 1 - ties / ((m + n) * (m + n - 1))));
  return (dz - Math.sign(dz) * 0.5) / sigma;
}

describe('hodgesLehmann against Kayenta (kayenta-mannwhitney MannWhitneySuite.scala)', () => {
  it('experiment [10, 20, 30, 40], control [1, 2, 3, 4], confidence 0.95: CI [6.0, 39.0], estimate 22.5', () => {
    // Kayenta ports R's asymptotic interval; its findRoot clamps to min(x) − max(y) = 6 and
    // max(x) − min(y) = 39.
    const result = hodgesLehmann([10, 20, 30, 40], [1, 2, 3, 4], { confidence: 0.95, exact: false });
    expect(result).toEqual({ estimate: 22.5, lower: 6, upper: 39, confidence: 0.95, method: 'asymptotic' });
  });

  it('gives the same interval by the exact method, whose true coverage is 1 − 2/70', () => {
    const result = hodgesLehmann([10, 20, 30, 40], [1, 2, 3, 4]);
    expect(result).toMatchObject({ estimate: 22.5, lower: 6, upper: 39, method: 'exact' });
    expect(result.confidence).toBeCloseTo(1 - 2 / 70, 15);
  });
});

describe('hodgesLehmann', () => {
  it('estimates the median of the pairwise differences', () => {
    // Differences of [1, 5] against [0, 2, 10]: 1, −1, −9, 5, 3, −5 → median of the six = (−1 + 1) / 2.
    expect(hodgesLehmann([1, 5], [0, 2, 10]).estimate).toBe(0);
    expect(hodgesLehmann([1, 5, 9], [0]).estimate).toBe(5);
  });

  it('exact interval: the order statistics of the differences at the quantiles of U (data of R example A)', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const differences = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
    // For m = 10, n = 5 (C(15, 5) = 3003 outcomes) P(U ≤ 8) = 60/3003 < 0.025 ≤ P(U ≤ 9) = 83/3003:
    // qwilcox(0.025, 10, 5) = 9, so the interval is [d₍₉₎, d₍₄₂₎] and covers 1 − 2·60/3003.
    const result = hodgesLehmann(x, y);
    expect(result.method).toBe('exact');
    expect(result.lower).toBe(differences[8]);
    expect(result.upper).toBe(differences[41]);
    expect(result.confidence).toBeCloseTo(1 - 120 / 3003, 15);
  });

  it('asymptotic interval: each bound is where R’s W(d) crosses the normal quantile', () => {
    const random = seeded(7);
    for (let trial = 0; trial < 20; trial++) {
      // Rounded to 0.1 so ties occur, within and across the samples.
      const x = Array.from({ length: 30 + trial }, () => Math.round(random() * 100) / 10);
      const y = Array.from({ length: 25 }, () => Math.round(random() * 100 + 15) / 10);
      const { lower, upper, estimate } = hodgesLehmann(x, y);
      const z = -normalQuantile(0.025);
      const eps = 1e-9;
      // Just left of the lower bound W is above z, just right of it at most z (R's uniroot converges there).
      expect(rW(x, y, lower - eps)).toBeGreaterThan(z);
      expect(rW(x, y, lower + eps)).toBeLessThanOrEqual(z);
      expect(rW(x, y, upper - eps)).toBeGreaterThanOrEqual(-z);
      expect(rW(x, y, upper + eps)).toBeLessThan(-z);
      expect(lower).toBeLessThanOrEqual(estimate);
      expect(upper).toBeGreaterThanOrEqual(estimate);
    }
  });

  it('one-sided intervals bound one side only', () => {
    const x = [10, 20, 30, 40, 50, 60];
    const y = [1, 2, 3, 4, 5, 55];
    const greater = hodgesLehmann(x, y, { alternative: 'greater', exact: false });
    expect(greater.upper).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(greater.lower)).toBe(true);
    const less = hodgesLehmann(x, y, { alternative: 'less' });
    expect(less.lower).toBe(Number.NEGATIVE_INFINITY);
    expect(less.upper).toBeGreaterThan(less.estimate);
  });

  it('gives a point when both samples are constant, where every difference is the same', () => {
    expect(hodgesLehmann([5, 5, 5], [2, 2])).toEqual({
      estimate: 3,
      lower: 3,
      upper: 3,
      confidence: 0.95,
      method: 'asymptotic',
    });
  });

  it('refuses empty samples, non-finite values and a confidence outside (0, 1)', () => {
    expect(() => hodgesLehmann([], [1])).toThrow(InvalidSampleError);
    expect(() => hodgesLehmann([1], [Number.NaN])).toThrow(
      'hodgesLehmann: y[0] must be a finite number, got NaN',
    );
    expect(() => hodgesLehmann([1], [2], { confidence: 1 })).toThrow(InvalidMetricsOptionsError);
    expect(() => hodgesLehmann([1], [2], { confidence: 95 })).toThrow(
      'hodgesLehmann: confidence must be a number between 0 and 1 (both excluded), got 95',
    );
  });
});
