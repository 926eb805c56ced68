/**
 * The rank statistics of `xs − shift` against `ys`, both sorted ascending, in one merge of the two
 * (O(m + n), no allocation, so a root-finder can call it on every step):
 *
 * - `out[0]`: U, the pairs with xᵢ − shift > yⱼ, ties counting ½ — the rank sum of the first sample
 *   under average ranks less m(m+1)/2, which is R's W;
 * - `out[1]`: Σ(t³ − t) over the groups of t equal values of the combined sample, the tie term of
 *   U's variance.
 *
 * Values are compared exactly, as R's `rank()` compares them.
 */
export function rankStatistics(xs: Float64Array, ys: Float64Array, shift: number, out: Float64Array): void {
  const m = xs.length;
  const n = ys.length;
  let i = 0;
  let j = 0;
  let u = 0;
  let ties = 0;
  while (i < m || j < n) {
    const x = i < m ? xs[i]! - shift : Number.POSITIVE_INFINITY;
    const y = j < n ? ys[j]! : Number.POSITIVE_INFINITY;
    const value = Math.min(x, y);
    let fromX = 0;
    while (i < m && xs[i]! - shift === value) {
      fromX++;
      i++;
    }
    let fromY = 0;
    while (j < n && ys[j] === value) {
      fromY++;
      j++;
    }
    // Each x of this group is above the j − fromY smaller ys and level with fromY of them.
    u += fromX * (j - fromY + 0.5 * fromY);
    const group = fromX + fromY;
    if (group > 1) ties += group * group * group - group;
  }
  out[0] = u;
  out[1] = ties;
}

/** The standard deviation of U under the null hypothesis, corrected for ties (R's and scipy's formula). */
export function rankSumSigma(m: number, n: number, ties: number): number {
  const total = m + n;
  return Math.sqrt(((m * n) / 12) * (total + 1 - ties / (total * (total - 1))));
}
