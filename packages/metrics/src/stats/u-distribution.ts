/**
 * The exact null distribution of the Mann–Whitney U for samples of m and n values without ties: every
 * one of the C(m+n, m) ways to interleave the two samples is equally likely, and the number with U = k
 * is the coefficient of qᵏ in the Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i).
 * Multiplying those factors in one at a time over a single array is Harding's algorithm ("An efficient,
 * minimal-storage procedure for calculating the Mann–Whitney U, generalized U and similar
 * distributions", Applied Statistics 33, 1984, 1–8): O(min(m, n) · mn) steps instead of the
 * O(m · n · mn) of the textbook recursion f(k; m, n) = f(k − n; m − 1, n) + f(k; m, n − 1).
 *
 * The distribution is symmetric about mn/2, so only the lower half is kept. Low coefficients are
 * small integers computed from smaller ones only, so the small tail probabilities that decide a
 * test are exact; the counts are rescaled when they grow large, so no size overflows.
 */
export class UDistribution {
  private readonly half: number;
  private readonly mn: number;
  /** cdf[k] = P(U ≤ k) for k = 0 … ⌊mn/2⌋. */
  private readonly cdf: Float64Array;

  private constructor(m: number, n: number) {
    const small = Math.min(m, n);
    const large = Math.max(m, n);
    this.mn = m * n;
    this.half = Math.floor(this.mn / 2);
    const counts = new Float64Array(this.half + 1);
    counts[0] = 1;
    for (let i = 1; i <= small; i++) {
      const drop = large + i;
      // × (1 − q^drop), from the top down so each term reads the coefficient before this step.
      for (let k = this.half; k >= drop; k--) counts[k]! -= counts[k - drop]!;
      // ÷ (1 − q^i) = × (1 + q^i + q^2i + …), from the bottom up so each term reads the updated one.
      for (let k = i; k <= this.half; k++) counts[k]! += counts[k - i]!;
      // Linear steps: scaling every count by one factor changes no probability. The largest count so
      // far sits at the middle of [large + i choose i]_q.
      if (counts[Math.min(this.half, Math.floor((large * i) / 2))]! > 1e250) {
        for (let k = 0; k <= this.half; k++) counts[k]! *= 1e-250;
      }
    }
    const cdf = new Float64Array(this.half + 1);
    let running = 0;
    for (let k = 0; k <= this.half; k++) {
      running += counts[k]!;
      cdf[k] = running;
    }
    // The whole distribution is the lower half twice, less the middle term when mn is even.
    const total = 2 * running - (this.mn % 2 === 0 ? counts[this.half]! : 0);
    for (let k = 0; k <= this.half; k++) cdf[k] = cdf[k]! / total;
    this.cdf = cdf;
  }

  /** The distribution for samples of m and n values, kept for the next call with the same sizes. */
  static of(m: number, n: number): UDistribution {
    const key = `${Math.min(m, n)}x${Math.max(m, n)}`;
    let found = cache.get(key);
    if (found === undefined) {
      found = new UDistribution(m, n);
      // A judge compares every metric over the same number of periods: a few sizes cover a run.
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    } else {
      cache.delete(key);
    }
    cache.set(key, found);
    return found;
  }

  /** Whether building the distribution for these sizes is cheap enough (about 50 ms at the limit). */
  static isAffordable(m: number, n: number): boolean {
    return Math.min(m, n) * ((m * n) / 2) <= 25_000_000;
  }

  /** P(U ≤ k). */
  lowerTail(k: number): number {
    const q = Math.floor(k);
    if (q < 0) return 0;
    if (q >= this.mn) return 1;
    if (q <= this.half) return this.cdf[q]!;
    // By symmetry P(U ≤ q) = 1 − P(U ≥ q + 1) = 1 − P(U ≤ mn − q − 1).
    return 1 - this.cdf[this.mn - q - 1]!;
  }

  /** P(U ≥ k) = P(U ≤ mn − k). */
  upperTail(k: number): number {
    return this.lowerTail(this.mn - Math.ceil(k));
  }

  /** The smallest q with P(U ≤ q) ≥ p (R's `qwilcox`, with its allowance of 10 ε for rounding). */
  quantile(p: number): number {
    const target = p - 10 * Number.EPSILON;
    let low = 0;
    let high = this.mn;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.lowerTail(mid) >= target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

const CACHE_SIZE = 16;
const cache = new Map<string, UDistribution>();
