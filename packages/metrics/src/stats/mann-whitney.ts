import type { Validator } from '@shiftguard/kit';
import { ALTERNATIVES, type Alternative } from './alternative';
import { normalCdf } from './normal';
import { rankStatistics, rankSumSigma } from './ranks';
import { UDistribution } from './u-distribution';
import { sortedSample, statsValidators } from './validate';

/** Options of {@link mannWhitneyTest}. */
export interface MannWhitneyOptions {
  /** What the test looks for in `x` against `y`. Default `two-sided`. */
  readonly alternative?: Alternative;
  /**
   * `auto` (default) uses the exact distribution of U when both samples have fewer than 50 values and
   * no value occurs twice — R's rule (`wilcox.test`); scipy's `auto` goes exact only when one sample has at most 8.
   * `true` asks for the exact distribution at any size; without ties it is used whenever it is cheap
   * to build (min(m, n) · mn/2 ≤ 25 million steps). `false` always uses the normal approximation.
   * Ties have no exact distribution here, so with ties the normal approximation is used whatever
   * this says, and `method` tells which one answered.
   */
  readonly exact?: boolean | 'auto';
  /** Whether the normal approximation moves U half a unit towards its mean (R and scipy do). Default `true`. */
  readonly continuityCorrection?: boolean;
}

/** What {@link mannWhitneyTest} found. */
export interface MannWhitneyResult {
  /** U of `x`: the pairs (xᵢ, yⱼ) with xᵢ > yⱼ, a tie counting ½. R's W, scipy's U1. */
  readonly u: number;
  readonly pValue: number;
  readonly alternative: Alternative;
  readonly method: 'exact' | 'asymptotic';
  /** The standardised U of the normal approximation, continuity correction included; `undefined` when exact. */
  readonly z: number | undefined;
  /** Whether some value occurs more than once across the two samples. */
  readonly ties: boolean;
  /**
   * U / (m·n): the estimate of P(X > Y) + ½P(X = Y), the probability that a canary value exceeds a
   * baseline value — Kayenta's `cles` effect size, and what the sample-size functions take.
   */
  readonly superiority: number;
  readonly sizes: { readonly x: number; readonly y: number };
}

const OPTION_KEYS = ['alternative', 'exact', 'continuityCorrection'];

/** R's bound for `exact = NULL`: both samples under 50 values. */
const EXACT_BELOW = 50;

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum test) of two independent samples: whether values of `x`
 * (the canary) tend to be larger or smaller than values of `y` (the baseline). Ties get average
 * ranks. The p-value comes from the exact distribution of U for small samples without ties, and
 * otherwise from the normal approximation with the tie-corrected variance and the ±½ continuity
 * correction — the same numbers as R's `wilcox.test` and scipy's `mannwhitneyu`.
 *
 * @throws {InvalidSampleError} a sample is empty or holds NaN or an infinity.
 * @throws {InvalidMetricsOptionsError} an unknown or ill-typed option.
 * @example
 * ```ts
 * const canary = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
 * const baseline = [1.15, 0.88, 0.9, 0.74, 1.21];
 * mannWhitneyTest(canary, baseline, { alternative: 'greater' }); // { u: 35, pValue: 0.1272…, method: 'exact', … }
 * ```
 */
export function mannWhitneyTest(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const v = statsValidators('mannWhitneyTest');
  const opts = v.options.object(options, '', OPTION_KEYS);
  const alternative = v.options.oneOf(opts.alternative, 'alternative', ALTERNATIVES) ?? 'two-sided';
  const exact = exactChoice(v.options, opts.exact);
  const correct = v.options.boolean(opts.continuityCorrection, 'continuityCorrection') ?? true;
  const xs = sortedSample(v.samples, x, 'x');
  const ys = sortedSample(v.samples, y, 'y');
  const m = xs.length;
  const n = ys.length;
  const mn = m * n;

  const stats = new Float64Array(2);
  rankStatistics(xs, ys, 0, stats);
  const u = stats[0]!;
  const tieTerm = stats[1]!;
  const ties = tieTerm > 0;
  const base = { u, alternative, ties, superiority: u / mn, sizes: { x: m, y: n } };

  if (useExact(exact, m, n, ties)) {
    const distribution = UDistribution.of(m, n);
    let pValue: number;
    if (alternative === 'greater') pValue = distribution.upperTail(u);
    else if (alternative === 'less') pValue = distribution.lowerTail(u);
    else pValue = Math.min(1, 2 * (u > mn / 2 ? distribution.upperTail(u) : distribution.lowerTail(u)));
    return { ...base, pValue, method: 'exact', z: undefined };
  }

  const sigma = rankSumSigma(m, n, tieTerm);
  const shift = u - mn / 2;
  // Every value equal: U sits at its mean and nothing could be more extreme.
  if (sigma === 0) return { ...base, pValue: 1, method: 'asymptotic', z: 0 };
  const correction = correct ? continuity(alternative, shift) : 0;
  const z = (shift - correction) / sigma;
  let pValue: number;
  if (alternative === 'greater') pValue = normalCdf(-z);
  else if (alternative === 'less') pValue = normalCdf(z);
  else pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  return { ...base, pValue, method: 'asymptotic', z };
}

/** The half unit the normal approximation takes off U's distance from its mean, signed as R signs it. */
export function continuity(alternative: Alternative, shift: number): number {
  if (alternative === 'greater') return 0.5;
  if (alternative === 'less') return -0.5;
  return Math.sign(shift) * 0.5;
}

/** Reads the `exact` option: a boolean or `'auto'`. */
export function exactChoice(v: Validator, value: unknown): boolean | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (typeof value === 'boolean') return value;
  return v.wrongValue('exact', "true, false or 'auto'", value);
}

/** Whether the exact distribution answers: never with ties; under R's bound for `auto`; when affordable for `true`. */
export function useExact(exact: boolean | 'auto', m: number, n: number, ties: boolean): boolean {
  if (exact === false || ties) return false;
  if (exact === 'auto') return m < EXACT_BELOW && n < EXACT_BELOW;
  return UDistribution.isAffordable(m, n);
}
