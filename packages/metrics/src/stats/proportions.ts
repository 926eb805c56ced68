import { ALTERNATIVES, type Alternative } from './alternative';
import { FisherNull } from './hypergeometric';
import { normalQuantile } from './normal';
import { eventCounts, openUnit, statsValidators } from './validate';
import { wilsonInterval } from './wilson';

/** Events among trials on one side: `{ events: Errors, trials: Invocations }` summed over the window. */
export interface EventCounts {
  readonly events: number;
  readonly trials: number;
}

/** Options of {@link twoProportionTest}. */
export interface TwoProportionOptions {
  /** What the test looks for in the canary's rate against the baseline's. Default `two-sided`. */
  readonly alternative?: Alternative;
  /**
   * Lancaster's mid-p: count the observed table's own probability half. Default `false`; see
   * {@link twoProportionTest} for when to turn it on.
   */
  readonly midP?: boolean;
  /** The level of the two-sided intervals for the difference and the ratio. Default 0.95. */
  readonly confidence?: number;
}

/** An estimate with the bounds of its confidence interval. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** What {@link twoProportionTest} found. */
export interface TwoProportionResult {
  readonly pValue: number;
  readonly alternative: Alternative;
  readonly method: 'fisher-exact' | 'fisher-mid-p';
  readonly canaryRate: number;
  readonly baselineRate: number;
  /** Canary rate − baseline rate, with Newcombe's hybrid score interval. */
  readonly difference: Interval;
  /**
   * Canary rate ÷ baseline rate, with the MOVER-R interval; `undefined` when neither side had an
   * event. With no baseline events and some canary ones the estimate and upper bound are +∞ and the
   * lower bound says how many times worse the canary is at least.
   */
  readonly ratio: Interval | undefined;
  readonly confidence: number;
}

const OPTION_KEYS = ['alternative', 'midP', 'confidence'];

/**
 * Compares the canary's event rate (Errors over Invocations, throttles over requests) with the
 * baseline's on the window's totals, by Fisher's exact test, with confidence intervals for the
 * difference and the ratio of the two rates.
 *
 * Why Fisher's exact test. Errors are rare and often zero on both sides, which is where the normal
 * approximation of the χ² or z test breaks down; and per-period counts ranked by Mann–Whitney throw
 * away how many invocations each period had. Fisher's test conditions on the total number of
 * events, which removes the unknown common rate exactly, so its p-value is exact for any counts and
 * never exceeds α (R. A. Fisher, Statistical Methods for Research Workers, 5th ed., 1934, §21.02;
 * Agresti, Categorical Data Analysis, 3rd ed., 2013, §3.5). Unconditional tests (Barnard 1945,
 * Boschloo 1970) have more power on small tables (Lydersen, Fagerland & Laake 2009, "Recommended
 * tests for association in 2×2 tables", Statistics in Medicine 28:1159–1175), but they maximise the
 * p-value over the unknown rate, which costs a pass over all n₁·n₂ tables per candidate rate:
 * impossible at millions of invocations, where the two kinds of test agree anyway. Poisson-rate
 * tests such as the E-test (Krishnamoorthy & Thomson 2004, J. Stat. Plan. Inference 119:23–35) are
 * for events per unit of exposure; an invocation fails or does not, which is binomial.
 *
 * Mid-p. Fisher's test is conservative for discrete data: its real size sits below α. Lancaster's
 * mid-p (Lancaster 1961, "Significance tests in discrete distributions", JASA 56:223–234), which
 * Lydersen et al. (2009) recommend as the practical stand-in for the unconditional tests, removes
 * most of that and gains power, at the price of a size that can exceed α a little. It is an option
 * and off by default: a judge that rolls back sound deployments costs trust, and the exact test
 * guarantees that it does so at most α of the time.
 *
 * Numerics: a tail starts from one hypergeometric term computed in log space (Loader 2000, "Fast
 * and Accurate Computation of Binomial Probabilities") and adds its neighbours by their ratios until
 * they no longer count, so tens of millions of trials cost a few thousand terms, no factorial
 * overflows, and a small p-value keeps about 13 significant digits.
 *
 * Intervals: the difference by Newcombe's hybrid score method (method 10 of Newcombe 1998,
 * "Interval estimation for the difference between independent proportions: comparison of eleven
 * methods", Statistics in Medicine 17:873–890), the ratio by MOVER-R on the same Wilson limits
 * (Newcombe 2016, "MOVER-R confidence intervals for ratios and products of two independently
 * estimated quantities", Statistical Methods in Medical Research 25:1774–1778, after Zou & Donner
 * 2008, "Construction of confidence limits about effect measures: a general approach", Statistics
 * in Medicine 27:1693–1702). Both behave at zero events, and the ratio interval excludes 1 exactly
 * when the difference interval excludes 0.
 *
 * @throws {InvalidSampleError} a count is negative, fractional, or events exceed trials, or a side has no trials.
 * @throws {InvalidMetricsOptionsError} an unknown option, or a confidence outside (0, 1).
 * @example
 * ```ts
 * const result = twoProportionTest({ events: 12, trials: 400 }, { events: 40, trials: 3600 }, { alternative: 'greater' });
 * result.pValue; // 0.0043: 3% errors on the canary against 1.1% on the baseline
 * result.ratio; // { estimate: 2.7, lower: 1.44…, upper: 5.07… }
 * ```
 */
export function twoProportionTest(
  canary: EventCounts,
  baseline: EventCounts,
  options: TwoProportionOptions = {},
): TwoProportionResult {
  const v = statsValidators('twoProportionTest');
  const opts = v.options.object(options, '', OPTION_KEYS);
  const alternative = v.options.oneOf(opts.alternative, 'alternative', ALTERNATIVES) ?? 'two-sided';
  const midP = v.options.boolean(opts.midP, 'midP') ?? false;
  const confidence = openUnit(v.options, opts.confidence, 'confidence', 0.95);
  const c = eventCounts(v.samples, canary, 'canary');
  const b = eventCounts(v.samples, baseline, 'baseline');

  const pValue = fisherPValue(c.events, c.trials, b.events, b.trials, alternative, midP);
  const z = -normalQuantile((1 - confidence) / 2);
  const canaryRate = c.events / c.trials;
  const baselineRate = b.events / b.trials;
  const wc = wilsonInterval(c.events, c.trials, z);
  const wb = wilsonInterval(b.events, b.trials, z);
  return {
    pValue,
    alternative,
    method: midP ? 'fisher-mid-p' : 'fisher-exact',
    canaryRate,
    baselineRate,
    difference: newcombeDifference(canaryRate, wc, baselineRate, wb),
    ratio: moverRatio(canaryRate, wc, baselineRate, wb),
    confidence,
  };
}

/**
 * Fisher's exact p-value for canary events `x` of `canaryTrials` against `baselineEvents` of
 * `baselineTrials` (counts already checked). Shared with the power computation.
 */
export function fisherPValue(
  x: number,
  canaryTrials: number,
  baselineEvents: number,
  baselineTrials: number,
  alternative: Alternative,
  midP: boolean,
): number {
  const given = new FisherNull(canaryTrials, baselineTrials, x + baselineEvents);
  const half = midP ? 0.5 : 0;
  let p: number;
  if (alternative === 'greater') p = given.upperTail(x) - half * given.density(x);
  else if (alternative === 'less') p = given.lowerTail(x) - half * given.density(x);
  else if (!midP) p = given.twoSided(x);
  else {
    const equal = { probability: 0 };
    p = given.twoSided(x, equal) - half * equal.probability;
  }
  // Sums of rounded terms can stray past the bounds by an ulp.
  return Math.min(1, Math.max(0, p));
}

type Limits = { lower: number; upper: number };

/** Newcombe's method 10: each rate's Wilson limits combined in quadrature on the side that matters. */
function newcombeDifference(p1: number, w1: Limits, p2: number, w2: Limits): Interval {
  const estimate = p1 - p2;
  return {
    estimate,
    lower: estimate - Math.hypot(p1 - w1.lower, w2.upper - p2),
    upper: estimate + Math.hypot(w1.upper - p1, p2 - w2.lower),
  };
}

/**
 * MOVER-R: the ratios θ at which the MOVER interval of p₁ − θ·p₂ (Newcombe's, for θ = 1) just reaches
 * 0. Each bound is a root of A·θ² − 2B·θ + C = 0 with B = p₁p₂; the lower one is written as
 * C / (B + √(B² − AC)) so it neither cancels nor divides by A, which is 0 or negative at few events.
 */
function moverRatio(p1: number, w1: Limits, p2: number, w2: Limits): Interval | undefined {
  if (p1 === 0 && p2 === 0) return undefined;
  const b = p1 * p2;
  const lowerC = w1.lower * (2 * p1 - w1.lower);
  const lowerA = w2.upper * (2 * p2 - w2.upper);
  const lower = lowerC === 0 ? 0 : lowerC / (b + Math.sqrt(Math.max(0, b * b - lowerA * lowerC)));
  const upperC = w1.upper * (2 * p1 - w1.upper);
  const upperA = w2.lower * (2 * p2 - w2.lower);
  const upper =
    upperA === 0 ? Number.POSITIVE_INFINITY : (b + Math.sqrt(Math.max(0, b * b - upperA * upperC))) / upperA;
  return { estimate: p2 === 0 ? Number.POSITIVE_INFINITY : p1 / p2, lower, upper };
}
