/**
 * The Wilson score interval of a rate of `events` in `trials` at the normal quantile z (Wilson 1927,
 * "Probable inference, the law of succession, and statistical inference", JASA 22:209–212): the rates
 * p whose score test does not reject. Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not
 * empty at 0 events, which is the usual count of errors on a healthy canary.
 */
export function wilsonInterval(events: number, trials: number, z: number): { lower: number; upper: number } {
  const p = events / trials;
  const z2 = z * z;
  const centre = 2 * events + z2;
  const spread = z * Math.sqrt(z2 + 4 * events * (1 - p));
  const denominator = 2 * (trials + z2);
  return {
    lower: events === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    upper: events === trials ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}
