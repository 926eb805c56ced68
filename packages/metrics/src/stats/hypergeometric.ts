import { logHypergeometricDensity } from './binomial-density';

/** A term this much smaller than the sum so far no longer changes it. */
const NEGLIGIBLE = 1e-17;

/**
 * The null distribution of Fisher's exact test for a 2×2 table: given `events` events among
 * `canaryTrials + baselineTrials` trials, the number X of them that fell on the canary. Tails are
 * summed from the term nearest the mode outwards — one log-density from Loader's form, then each
 * next term by the ratio of neighbours — and stop when the terms no longer count, so a tail costs a
 * few standard deviations of terms however many millions of trials there are.
 */
export class FisherNull {
  /** The smallest and largest possible X. */
  readonly low: number;
  readonly high: number;
  /** The most likely X (the lower one when two tie). */
  readonly mode: number;

  constructor(
    readonly canaryTrials: number,
    readonly baselineTrials: number,
    readonly events: number,
  ) {
    this.low = Math.max(0, events - baselineTrials);
    this.high = Math.min(events, canaryTrials);
    const total = canaryTrials + baselineTrials;
    this.mode = Math.min(
      this.high,
      Math.max(this.low, Math.floor(((canaryTrials + 1) * (events + 1)) / (total + 2))),
    );
  }

  logDensity(x: number): number {
    return logHypergeometricDensity(x, this.canaryTrials, this.baselineTrials, this.events);
  }

  density(x: number): number {
    return Math.exp(this.logDensity(x));
  }

  /** P(X ≥ x). */
  upperTail(x: number): number {
    if (x <= this.low) return 1;
    if (x > this.high) return 0;
    if (x > this.mode) return this.sumUp(x);
    // Through the complement, whose terms fall away from x − 1 < mode.
    return 1 - this.sumDown(x - 1);
  }

  /** P(X ≤ x). */
  lowerTail(x: number): number {
    if (x >= this.high) return 1;
    if (x < this.low) return 0;
    if (x < this.mode) return this.sumDown(x);
    return 1 - this.sumUp(x + 1);
  }

  /**
   * Fisher's two-sided p-value as R's `fisher.test` defines it: the probability of every X no more
   * likely than the one observed, with R's relative allowance of 10⁻⁷ for rounding. `equal` receives
   * the probability of the outcomes as likely as x (within that allowance), for the mid-p.
   */
  twoSided(x: number, equal?: { probability: number }): number {
    const bound = this.logDensity(x) + Math.log1p(1e-7);
    if (this.logDensity(this.mode) <= bound) {
      if (equal) equal.probability = this.equallyLikely(x, this.low, this.high);
      return 1;
    }
    // The density rises to the mode and falls after it: each side's tail starts where it drops to the bound.
    const below = this.lastBelowMode(bound);
    const above = this.firstAboveMode(bound);
    let p = 0;
    if (below >= this.low) p += this.sumDown(below);
    if (above <= this.high) p += this.sumUp(above);
    if (equal) equal.probability = this.equallyLikely(x, below, above);
    return Math.min(1, p);
  }

  /** The largest y < mode with log P(X = y) ≤ bound, or low − 1 when there is none. */
  private lastBelowMode(bound: number): number {
    let lo = this.low - 1;
    let hi = this.mode;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.logDensity(mid) <= bound) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** The smallest y > mode with log P(X = y) ≤ bound, or high + 1 when there is none. */
  private firstAboveMode(bound: number): number {
    let lo = this.mode;
    let hi = this.high + 1;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.logDensity(mid) <= bound) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /** The probability of the outcomes at the two edges of the two-sided region as likely as x. */
  private equallyLikely(x: number, below: number, above: number): number {
    const floor = this.logDensity(x) + Math.log1p(-1e-7);
    let sum = 0;
    for (let y = below; y >= this.low && this.logDensity(y) >= floor; y--) sum += this.density(y);
    for (let y = above; y <= this.high && this.logDensity(y) >= floor; y++) sum += this.density(y);
    return sum;
  }

  /** Σ P(X = y) for y = from … high, from ≥ mode: the terms only fall. */
  private sumUp(from: number): number {
    let term = this.density(from);
    let sum = term;
    const { canaryTrials: c, baselineTrials: b, events: t } = this;
    for (let y = from; y < this.high && term > sum * NEGLIGIBLE; y++) {
      // P(y + 1) / P(y) = (c − y)(t − y) / ((y + 1)(b − t + y + 1))
      term *= ((c - y) * (t - y)) / ((y + 1) * (b - t + y + 1));
      sum += term;
    }
    return sum;
  }

  /** Σ P(X = y) for y = low … from, from ≤ mode: the terms only fall going down. */
  private sumDown(from: number): number {
    let term = this.density(from);
    let sum = term;
    const { canaryTrials: c, baselineTrials: b, events: t } = this;
    for (let y = from; y > this.low && term > sum * NEGLIGIBLE; y--) {
      // P(y − 1) / P(y) = y (b − t + y) / ((c − y + 1)(t − y + 1))
      term *= (y * (b - t + y)) / ((c - y + 1) * (t - y + 1));
      sum += term;
    }
    return sum;
  }
}
