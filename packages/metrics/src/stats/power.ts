import { showValue, type Validator } from '@shiftguard/kit';
import { logBinomialDensity } from './binomial-density';
import { normalCdf, normalQuantile } from './normal';
import { fisherPValue } from './proportions';
import { openUnit, statsValidators } from './validate';

// How much traffic a comparison needs, and how likely a given amount is to catch a regression: so a
// judge can say "inconclusive: the canary saw too few invocations" instead of a silent pass.

/** Options of {@link twoProportionSampleSize}. */
export interface TwoProportionSampleSizeOptions {
  /** The baseline's event rate (p₀), e.g. 0.02 for 2% errors. */
  readonly baselineRate: number;
  /** The canary's rate to detect (p₁), e.g. 0.04; above p₀ the test looks for an increase, below for a decrease. */
  readonly canaryRate: number;
  /** One-sided significance level. Default 0.05. */
  readonly alpha?: number;
  /** The probability of detecting p₁. Default 0.8. */
  readonly power?: number;
  /** Baseline trials per canary trial: 9 when the canary gets 10% of the traffic. Default 1. */
  readonly allocationRatio?: number;
  /** Size the mid-p variant of the test rather than the exact one. Default `false`. */
  readonly midP?: boolean;
}

/** Trials needed on each side, from {@link twoProportionSampleSize}. */
export interface TwoProportionSampleSize {
  readonly canaryTrials: number;
  readonly baselineTrials: number;
  readonly totalTrials: number;
  /** The power {@link twoProportionTest} has at these sizes, by exact enumeration. */
  readonly power: number;
  /**
   * The canary trials of Fleiss, Tytun & Ury's formula; `canaryTrials` is larger when the exact test
   * had less power than the formula promised there.
   */
  readonly formulaCanaryTrials: number;
}

/** Options of {@link twoProportionPower}. */
export interface TwoProportionPowerOptions {
  readonly baselineRate: number;
  readonly canaryRate: number;
  readonly canaryTrials: number;
  readonly baselineTrials: number;
  /** One-sided significance level. Default 0.05. */
  readonly alpha?: number;
  /** The power of the mid-p variant of the test. Default `false`. */
  readonly midP?: boolean;
}

const SAMPLE_SIZE_KEYS = ['baselineRate', 'canaryRate', 'alpha', 'power', 'allocationRatio', 'midP'];
const POWER_KEYS = ['baselineRate', 'canaryRate', 'canaryTrials', 'baselineTrials', 'alpha', 'midP'];

/**
 * The trials each side needs for {@link twoProportionTest}, one-sided at `alpha`, to detect a rate
 * going from `baselineRate` to `canaryRate` with probability `power` — with the canary on
 * 1/(1 + allocationRatio) of the traffic.
 *
 * The starting point is the continuity-corrected formula of Fleiss, Tytun & Ury ("A simple
 * approximation for calculating sample sizes for comparing independent proportions", Biometrics 36,
 * 1980, 343–346; Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions, 3rd ed., 2003,
 * §4.4), which generalises the Casagrande–Pike–Smith correction to unequal groups and was made to
 * approximate Fisher's exact test. It is an approximation, and the exact test is conservative, so
 * its power at that size is then computed exactly (by enumerating both binomial outcomes) and, when
 * it falls short, the size is raised to the smallest one where the exact power reaches `power`.
 *
 * @throws {InvalidMetricsOptionsError} rates outside (0, 1) or equal, alpha or power outside (0, 1),
 *   a ratio that is not positive.
 * @example
 * ```ts
 * twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, alpha: 0.05, power: 0.95 });
 * // { canaryTrials: 1671, baselineTrials: 1671, totalTrials: 3342, power: 0.9546…, formulaCanaryTrials: 1671 }
 * twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, power: 0.95, allocationRatio: 9 });
 * // { canaryTrials: 913, baselineTrials: 8217, totalTrials: 9130, power: 0.9520…, … }
 * ```
 */
export function twoProportionSampleSize(options: TwoProportionSampleSizeOptions): TwoProportionSampleSize {
  const v = statsValidators('twoProportionSampleSize').options;
  const opts = v.object(options, '', SAMPLE_SIZE_KEYS);
  const { p0, p1 } = rates(v, opts);
  const alpha = openUnit(v, opts.alpha, 'alpha', 0.05);
  const target = openUnit(v, opts.power, 'power', 0.8);
  const ratio = positive(v, opts.allocationRatio, 'allocationRatio', 1);
  const midP = v.boolean(opts.midP, 'midP') ?? false;

  const formula = Math.ceil(fleissTytunUry(p0, p1, alpha, target, ratio));
  const baselineFor = (canary: number) => Math.ceil(ratio * canary - 1e-9);
  const powerAt = (canary: number) => exactPower(p0, p1, canary, baselineFor(canary), alpha, midP);

  let canary = formula;
  let power = powerAt(canary);
  if (power < target) {
    // Step up by growing strides until the exact power suffices, then bisect back to the smallest
    // size in the last stride that reaches it.
    let below = canary;
    let stride = Math.max(1, Math.ceil(canary * 0.01));
    let above = canary + stride;
    let abovePower = powerAt(above);
    while (abovePower < target) {
      below = above;
      stride *= 2;
      above += stride;
      abovePower = powerAt(above);
    }
    while (above - below > 1) {
      const mid = below + Math.floor((above - below) / 2);
      const midPower = powerAt(mid);
      if (midPower >= target) {
        above = mid;
        abovePower = midPower;
      } else {
        below = mid;
      }
    }
    canary = above;
    power = abovePower;
  }
  const baseline = baselineFor(canary);
  return {
    canaryTrials: canary,
    baselineTrials: baseline,
    totalTrials: canary + baseline,
    power,
    formulaCanaryTrials: formula,
  };
}

/**
 * The power of {@link twoProportionTest}, one-sided at `alpha` in the direction from `baselineRate`
 * to `canaryRate`, at the given trials: the probability that it rejects when the rates are truly
 * those. Computed exactly, by summing the probabilities of every pair of outcomes the test rejects
 * (outcomes beyond 10⁻¹⁵ of the peak are left out, far below any power that matters).
 *
 * @throws {InvalidMetricsOptionsError} rates outside (0, 1) or equal, trials not whole and ≥ 1.
 * @example
 * ```ts
 * twoProportionPower({ baselineRate: 0.02, canaryRate: 0.04, canaryTrials: 500, baselineTrials: 4500 });
 * // 0.78…: at 500 canary invocations a doubling of 2% errors is missed one time in five
 * ```
 */
export function twoProportionPower(options: TwoProportionPowerOptions): number {
  const v = statsValidators('twoProportionPower').options;
  const opts = v.object(options, '', POWER_KEYS);
  const { p0, p1 } = rates(v, opts);
  const canaryTrials =
    v.integer(opts.canaryTrials, 'canaryTrials', { min: 1 }) ?? v.fail('canaryTrials', 'is required');
  const baselineTrials =
    v.integer(opts.baselineTrials, 'baselineTrials', { min: 1 }) ?? v.fail('baselineTrials', 'is required');
  const alpha = openUnit(v, opts.alpha, 'alpha', 0.05);
  const midP = v.boolean(opts.midP, 'midP') ?? false;
  return exactPower(p0, p1, canaryTrials, baselineTrials, alpha, midP);
}

/** Options of {@link mannWhitneySampleSize}. */
export interface MannWhitneySampleSizeOptions {
  /**
   * P(X > Y) to detect: the probability that a canary value exceeds a baseline value
   * ({@link logNormalSuperiority} turns a latency increase into one); 0.5 means no difference.
   */
  readonly superiority: number;
  /** One-sided significance level. Default 0.05. */
  readonly alpha?: number;
  /** Default 0.8. */
  readonly power?: number;
  /** Baseline values per canary value. Default 1. */
  readonly allocationRatio?: number;
}

/** Values (periods) needed on each side, from {@link mannWhitneySampleSize}. */
export interface MannWhitneySampleSize {
  readonly canarySize: number;
  readonly baselineSize: number;
  readonly totalSize: number;
}

/** Options of {@link mannWhitneyPower}. */
export interface MannWhitneyPowerOptions {
  readonly superiority: number;
  readonly canarySize: number;
  readonly baselineSize: number;
  /** One-sided significance level. Default 0.05. */
  readonly alpha?: number;
}

/**
 * The values each side needs for a one-sided {@link mannWhitneyTest} at `alpha` to detect
 * P(X > Y) = `superiority` with probability `power`, by Noether's formula (Noether 1987, "Sample
 * size determination for some common nonparametric tests", JASA 82:645–647):
 * N = (z₁₋α + z₁₋β)² / (12·c·(1 − c)·(P(X > Y) − ½)²), with c the canary's share of N. It needs no
 * assumption on the shape of the distributions, only P(X > Y).
 *
 * @throws {InvalidMetricsOptionsError} superiority outside (0, 1) or equal to ½, alpha or power
 *   outside (0, 1), a ratio that is not positive.
 * @example
 * ```ts
 * const superiority = logNormalSuperiority({ ratio: 1.3, logSd: 0.5 }); // 0.644…
 * mannWhitneySampleSize({ superiority, power: 0.95 }); // { canarySize: 87, baselineSize: 87, totalSize: 174 }
 * ```
 */
export function mannWhitneySampleSize(options: MannWhitneySampleSizeOptions): MannWhitneySampleSize {
  const v = statsValidators('mannWhitneySampleSize').options;
  const opts = v.object(options, '', ['superiority', 'alpha', 'power', 'allocationRatio']);
  const effect = superiorityEffect(v, opts.superiority);
  const alpha = openUnit(v, opts.alpha, 'alpha', 0.05);
  const power = openUnit(v, opts.power, 'power', 0.8);
  const ratio = positive(v, opts.allocationRatio, 'allocationRatio', 1);
  const share = 1 / (1 + ratio);
  const z = -normalQuantile(alpha) - normalQuantile(1 - power);
  const total = (z * z) / (12 * share * (1 - share) * effect * effect);
  const canarySize = Math.ceil(share * total - 1e-9);
  const baselineSize = Math.ceil((1 - share) * total - 1e-9);
  return { canarySize, baselineSize, totalSize: canarySize + baselineSize };
}

/**
 * The power of a one-sided {@link mannWhitneyTest} at `alpha` against P(X > Y) = `superiority` with
 * the given sizes: Noether's formula solved for the power, Φ(√(12·m·n/N)·|P(X > Y) − ½| − z₁₋α).
 *
 * @example
 * ```ts
 * mannWhitneyPower({ superiority: 0.644, canarySize: 60, baselineSize: 60 }); // 0.86…
 * ```
 */
export function mannWhitneyPower(options: MannWhitneyPowerOptions): number {
  const v = statsValidators('mannWhitneyPower').options;
  const opts = v.object(options, '', ['superiority', 'canarySize', 'baselineSize', 'alpha']);
  const effect = superiorityEffect(v, opts.superiority);
  const m = v.integer(opts.canarySize, 'canarySize', { min: 1 }) ?? v.fail('canarySize', 'is required');
  const n = v.integer(opts.baselineSize, 'baselineSize', { min: 1 }) ?? v.fail('baselineSize', 'is required');
  const alpha = openUnit(v, opts.alpha, 'alpha', 0.05);
  return normalCdf(Math.sqrt((12 * m * n) / (m + n)) * effect + normalQuantile(alpha));
}

/** Options of {@link logNormalSuperiority}. */
export interface LogNormalSuperiorityOptions {
  /** The canary's values over the baseline's, multiplicatively: 1.3 for +30% latency. */
  readonly ratio: number;
  /** The standard deviation of the logarithm of one value (one period's latency), on both sides. */
  readonly logSd: number;
}

/**
 * P(X > Y) when baseline values are log-normal and the canary's are the same times `ratio`:
 * ln X − ln Y is normal with mean ln(ratio) and variance 2σ², so P(X > Y) = Φ(ln(ratio) / (σ√2)).
 *
 * @example
 * ```ts
 * logNormalSuperiority({ ratio: 1.3, logSd: 0.5 }); // 0.6447…
 * ```
 */
export function logNormalSuperiority(options: LogNormalSuperiorityOptions): number {
  const v = statsValidators('logNormalSuperiority').options;
  const opts = v.object(options, '', ['ratio', 'logSd']);
  const ratio = positive(v, opts.ratio, 'ratio');
  const logSd = positive(v, opts.logSd, 'logSd');
  return normalCdf(Math.log(ratio) / (logSd * Math.SQRT2));
}

/** The two rates, each in (0, 1) and different. */
function rates(v: Validator, opts: Record<string, unknown>): { p0: number; p1: number } {
  const p0 = openUnit(v, opts.baselineRate, 'baselineRate');
  const p1 = openUnit(v, opts.canaryRate, 'canaryRate');
  if (p0 === p1) v.fail('canaryRate', `must differ from baselineRate (${p0}): there is nothing to detect`);
  return { p0, p1 };
}

function positive(v: Validator, value: unknown, path: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return v.wrongValue(path, 'a positive number', value);
  }
  return value;
}

/** |P(X > Y) − ½|, refusing ½ itself (no effect to detect). */
function superiorityEffect(v: Validator, value: unknown): number {
  const p = openUnit(v, value, 'superiority');
  if (p === 0.5)
    v.fail('superiority', `must differ from 0.5, got ${showValue(p)}: there is nothing to detect`);
  return Math.abs(p - 0.5);
}

/**
 * Fleiss, Tytun & Ury (1980), canary group of m and baseline of r·m: the uncorrected
 * m′ = [z₁₋α·√((r + 1)·p̄·q̄) + z₁₋β·√(r·p₁q₁ + p₀q₀)]² / (r·Δ²) with p̄ = (p₁ + r·p₀)/(r + 1),
 * then m = m′/4 · [1 + √(1 + 2(r + 1)/(r·m′·|Δ|))]².
 */
function fleissTytunUry(p0: number, p1: number, alpha: number, power: number, r: number): number {
  const za = -normalQuantile(alpha);
  const zb = -normalQuantile(1 - power);
  const delta = Math.abs(p1 - p0);
  const pooled = (p1 + r * p0) / (r + 1);
  const root =
    za * Math.sqrt((r + 1) * pooled * (1 - pooled)) + zb * Math.sqrt(r * p1 * (1 - p1) + p0 * (1 - p0));
  const uncorrected = (root * root) / (r * delta * delta);
  const correction = 1 + Math.sqrt(1 + (2 * (r + 1)) / (r * uncorrected * delta));
  return (uncorrected / 4) * correction * correction;
}

/**
 * The exact one-sided power of Fisher's test. A decrease is an increase of the complementary rate
 * (Fisher's test is symmetric in events and non-events), so only increases are enumerated: for each
 * baseline count, the smallest canary count the test rejects — which never decreases as the
 * baseline count grows, so one pass finds them all — weighted by the two binomial probabilities.
 */
function exactPower(
  p0: number,
  p1: number,
  canaryTrials: number,
  baselineTrials: number,
  alpha: number,
  midP: boolean,
): number {
  const increase = p1 > p0;
  const canary = binomialMass(canaryTrials, increase ? p1 : 1 - p1);
  const baseline = binomialMass(baselineTrials, increase ? p0 : 1 - p0);
  // atLeast[i] = P(canary count ≥ canary.low + i).
  const atLeast = new Float64Array(canary.mass.length + 1);
  for (let i = canary.mass.length - 1; i >= 0; i--) atLeast[i] = atLeast[i + 1]! + canary.mass[i]!;
  let power = 0;
  let threshold = canary.low;
  const canaryHigh = canary.low + canary.mass.length - 1;
  for (let i = 0; i < baseline.mass.length; i++) {
    const baselineCount = baseline.low + i;
    while (
      threshold <= canaryHigh &&
      fisherPValue(threshold, canaryTrials, baselineCount, baselineTrials, 'greater', midP) > alpha
    ) {
      threshold++;
    }
    if (threshold > canaryHigh) break;
    power += baseline.mass[i]! * atLeast[threshold - canary.low]!;
  }
  return Math.min(1, power);
}

/** The binomial probabilities that matter: from the mode outwards until they fall below 10⁻¹⁵ of it. */
function binomialMass(n: number, p: number): { low: number; mass: Float64Array } {
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const peak = Math.exp(logBinomialDensity(mode, n, p, q));
  const floor = peak * 1e-15;
  let low = mode;
  for (let term = peak; low > 0; low--) {
    term *= (low * q) / ((n - low + 1) * p);
    if (term < floor) break;
  }
  let high = mode;
  for (let term = peak; high < n; high++) {
    term *= ((n - high) * p) / ((high + 1) * q);
    if (term < floor) break;
  }
  const mass = new Float64Array(high - low + 1);
  mass[mode - low] = peak;
  for (let k = mode; k > low; k--) mass[k - 1 - low] = (mass[k - low]! * (k * q)) / ((n - k + 1) * p);
  for (let k = mode; k < high; k++) mass[k + 1 - low] = (mass[k - low]! * ((n - k) * p)) / ((k + 1) * q);
  return { low, mass };
}
