// Binomial and hypergeometric log-probabilities that stay accurate for counts in the millions, after
// C. Loader, "Fast and Accurate Computation of Binomial Probabilities" (2000) — the method of R's
// dbinom and dhyper. Summing log-factorials (or log-gammas) would cancel terms of order n·ln n ≈ 10⁷
// for millions of trials and keep only about 9 digits; Loader's form keeps the large terms apart as
// the deviance bd0 and Stirling's remainders, which are small, and loses almost nothing.

const LN_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** δ(n) = ln n! − [(n + ½) ln n − n + ln √(2π)] for n = 0…15, where Stirling's series is slow. */
const STIRLING_REMAINDER = ((): Float64Array => {
  const table = new Float64Array(16);
  let factorial = 1;
  for (let n = 1; n <= 15; n++) {
    factorial *= n; // exact up to 15! = 1.3·10¹²
    // The ratio is near 1, so its logarithm carries its relative precision, about 10⁻¹⁶.
    table[n] = Math.log((factorial * Math.exp(n)) / (n ** (n + 0.5) * SQRT_2PI));
  }
  return table;
})();

/** δ(n) for a whole n ≥ 0; past 15 by Stirling's series 1/12n − 1/360n³ + 1/1260n⁵ − …. */
function stirlingRemainder(n: number): number {
  if (n <= 15) return STIRLING_REMAINDER[n]!;
  const nn = n * n;
  if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/**
 * The deviance term x ln(x/μ) + μ − x, by its series in v = (x − μ)/(x + μ) when x is near μ, where
 * the closed form would cancel (Loader 2000).
 */
function deviance(x: number, mu: number): number {
  if (Math.abs(x - mu) < 0.1 * (x + mu)) {
    let v = (x - mu) / (x + mu);
    let sum = (x - mu) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mu) + mu - x;
}

/** ln [C(n, x) pˣ qⁿ⁻ˣ] for whole 0 ≤ x ≤ n, with q = 1 − p given separately so neither rounds. */
export function logBinomialDensity(x: number, n: number, p: number, q: number): number {
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
  const remainder =
    stirlingRemainder(n) -
    stirlingRemainder(x) -
    stirlingRemainder(n - x) -
    deviance(x, n * p) -
    deviance(n - x, n * q);
  return remainder - 0.5 * (LN_2PI + Math.log(x) + Math.log1p(-x / n));
}

/**
 * ln P(X = x) for X hypergeometric: the number of marked items among `draws` drawn without
 * replacement from `marked` marked and `unmarked` unmarked ones. As a ratio of three binomial
 * densities at p = draws/total, which Loader's form keeps accurate (R's dhyper does the same).
 */
export function logHypergeometricDensity(x: number, marked: number, unmarked: number, draws: number): number {
  if (x < 0 || x > marked || draws - x < 0 || draws - x > unmarked) return Number.NEGATIVE_INFINITY;
  const total = marked + unmarked;
  const p = draws / total;
  const q = (total - draws) / total;
  return (
    logBinomialDensity(x, marked, p, q) +
    logBinomialDensity(draws - x, unmarked, p, q) -
    logBinomialDensity(draws, total, p, q)
  );
}
