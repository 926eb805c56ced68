// Seeded draws for the tests that hold the statistics and the judge to their promised error rates and
// power on simulated canaries.

/**
 * Events among `trials` Bernoulli(rate) trials, drawn exactly by jumping from one event to the next:
 * the trials before an event are geometric, ⌊ln U / ln(1 − rate)⌋ for U uniform on (0, 1]. About
 * trials·rate draws instead of one per trial.
 */
export function binomial(random: () => number, trials: number, rate: number): number {
  if (rate <= 0) return 0;
  const logMiss = Math.log1p(-rate);
  const gap = () => Math.floor(Math.log(1 - random()) / logMiss);
  let events = 0;
  for (let at = gap(); at < trials; at += 1 + gap()) events++;
  return events;
}

/** A log-normal draw with median `median` and log-sd `logSd` (Box–Muller). */
export function logNormal(random: () => number, median: number, logSd: number): number {
  const u = 1 - random();
  const v = random();
  return median * Math.exp(logSd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** 3 binomial standard deviations of a rate measured over `runs` runs. */
export function threeSigma(p: number, runs: number): number {
  return 3 * Math.sqrt((p * (1 - p)) / runs);
}
