/**
 * The statistics a canary judge asks for, as one surface: what `stats/` computes, in the judge's
 * terms. Sides are named `canary` (the new version) and `baseline` (the old one) throughout.
 */
export interface JudgeStats {
  /** Mann–Whitney U of canary against baseline; `greater`: is the canary stochastically larger? */
  rankTest(
    canary: readonly number[],
    baseline: readonly number[],
    alternative: 'greater' | 'less' | 'two-sided',
  ): { readonly u: number; readonly pValue: number; readonly method: string };
  /** Hodges–Lehmann estimate of canary − baseline, with its confidence interval. */
  shift(
    canary: readonly number[],
    baseline: readonly number[],
    confidence: number,
  ): { readonly estimate: number; readonly lower: number; readonly upper: number };
  /** One-sided test that the canary's rate is higher than the baseline's. */
  rateTest(
    canary: { readonly events: number; readonly trials: number },
    baseline: { readonly events: number; readonly trials: number },
  ): { readonly pValue: number; readonly method: string };
  /** Power of {@link rateTest} at one-sided `alpha` to detect `baselineRate` → `canaryRate`. */
  ratePower(
    baselineRate: number,
    canaryRate: number,
    baselineTrials: number,
    canaryTrials: number,
    alpha: number,
  ): number;
  /** Canary trials needed for that power, with `baselineTrials / canaryTrials` held at `allocation`. */
  rateSampleSize(
    baselineRate: number,
    canaryRate: number,
    alpha: number,
    power: number,
    allocation: number,
  ): number;
  /** Samples per side a rank test needs to detect a multiplicative shift of a log-normal with this log-sd. */
  rankSampleSize(ratio: number, logSd: number, alpha: number, power: number): number;
}
