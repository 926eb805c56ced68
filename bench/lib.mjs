// Helpers shared by bench/run.mjs and bench/lambda.mjs.

/** Median, p90 (nearest rank), min, max and mean of a list of numbers. */
export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    n,
    median,
    p90: sorted[Math.max(0, Math.ceil(0.9 * n) - 1)],
    min: sorted[0],
    max: sorted[n - 1],
    mean: sorted.reduce((sum, value) => sum + value, 0) / n,
  };
}

/**
 * A distribution-free 95% confidence interval for the median: the order statistics at ranks
 * n/2 ± 0.98·√n (normal approximation of the binomial), clamped to the sample.
 */
export function medianCi95(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const spread = 0.98 * Math.sqrt(n);
  const low = Math.max(1, Math.floor(n / 2 - spread));
  const high = Math.min(n, Math.ceil(n / 2 + 1 + spread));
  return { low: sorted[low - 1], high: sorted[high - 1] };
}

/** The 10th percentile (nearest rank): the slow end of a throughput distribution. */
export function p10(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.1 * sorted.length) - 1)];
}

/** Lets pending timers, nextTicks (warnings) and I/O run between measured iterations. */
export const breathe = () => new Promise((resolve) => setImmediate(resolve));

export async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
