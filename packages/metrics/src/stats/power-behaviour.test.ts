import { seededRandom } from '@shiftguard/testing';
import {
  logNormalSuperiority,
  mannWhitneySampleSize,
  mannWhitneyTest,
  twoProportionSampleSize,
  twoProportionTest,
} from '../index';

// The sample-size functions promise an error rate and a power; these runs hold the tests to them on
// simulated canaries. Each scenario is 1,000 seeded runs, so a rate is off its true value by more
// than three binomial standard deviations, 3·√(p(1 − p)/1000) ≈ 0.021 at p = 0.05 or 0.95, about
// once in 700 scenarios; the seeds make every run repeat exactly.

const RUNS = 1000;
const ALPHA = 0.05;
const POWER = 0.95;
const threeSigma = (p: number) => 3 * Math.sqrt((p * (1 - p)) / RUNS);

/**
 * Events among `trials` Bernoulli(rate) trials, drawn exactly by jumping from one event to the next:
 * the trials before an event are geometric, ⌊ln U / ln(1 − rate)⌋ for U uniform on (0, 1]. About
 * trials·rate draws instead of one per trial.
 */
function binomial(random: () => number, trials: number, rate: number): number {
  const logMiss = Math.log1p(-rate);
  const gap = () => Math.floor(Math.log(1 - random()) / logMiss);
  let events = 0;
  for (let at = gap(); at < trials; at += 1 + gap()) events++;
  return events;
}

/** How often the one-sided test of canary rate against baseline rate rejects at ALPHA. */
function proportionRejections(
  seed: number,
  canary: { trials: number; rate: number },
  baseline: { trials: number; rate: number },
): number {
  const random = seededRandom(seed);
  let rejected = 0;
  for (let run = 0; run < RUNS; run++) {
    const { pValue } = twoProportionTest(
      { events: binomial(random, canary.trials, canary.rate), trials: canary.trials },
      { events: binomial(random, baseline.trials, baseline.rate), trials: baseline.trials },
      { alternative: 'greater' },
    );
    if (pValue <= ALPHA) rejected++;
  }
  return rejected / RUNS;
}

describe('twoProportionTest at the sizes twoProportionSampleSize gives (2% → 4%, one-sided α = 0.05, power 0.95)', () => {
  describe.each([
    ['1:1', 1],
    ['1:9, the canary on 10% of the traffic', 9],
  ])('allocation %s', (_, allocationRatio) => {
    const size = twoProportionSampleSize({
      baselineRate: 0.02,
      canaryRate: 0.04,
      alpha: ALPHA,
      power: POWER,
      allocationRatio,
    });

    it('(a) A/A, both at 2%: fails a sound canary at most α of the time', () => {
      const falseFailures = proportionRejections(
        11 + allocationRatio,
        { trials: size.canaryTrials, rate: 0.02 },
        { trials: size.baselineTrials, rate: 0.02 },
      );
      expect(falseFailures).toBeLessThanOrEqual(ALPHA + threeSigma(ALPHA));
    });

    it('(b) A/B, 2% → 4%: catches the regression with the promised power', () => {
      const caught = proportionRejections(
        23 + allocationRatio,
        { trials: size.canaryTrials, rate: 0.04 },
        { trials: size.baselineTrials, rate: 0.02 },
      );
      expect(caught).toBeGreaterThanOrEqual(POWER - threeSigma(POWER));
      // And the exact power the sizing computed is what the runs see.
      expect(Math.abs(caught - size.power)).toBeLessThanOrEqual(threeSigma(size.power));
    });
  });
});

describe('mannWhitneyTest at the sizes mannWhitneySampleSize gives (+30% on log-normal periods, log-sd 0.5)', () => {
  const logSd = 0.5;
  const superiority = logNormalSuperiority({ ratio: 1.3, logSd });
  const size = mannWhitneySampleSize({ superiority, alpha: ALPHA, power: POWER });

  /** One period's value: log-normal with median `median` (Box–Muller). */
  function period(random: () => number, median: number): number {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return median * Math.exp(logSd * normal);
  }

  function rankRejections(seed: number, canaryMedian: number): number {
    const random = seededRandom(seed);
    let rejected = 0;
    for (let run = 0; run < RUNS; run++) {
      const canary = Array.from({ length: size.canarySize }, () => period(random, canaryMedian));
      const baseline = Array.from({ length: size.baselineSize }, () => period(random, 100));
      if (mannWhitneyTest(canary, baseline, { alternative: 'greater' }).pValue <= ALPHA) rejected++;
    }
    return rejected / RUNS;
  }

  it('(c) A/A: fails a sound canary at most α of the time', () => {
    expect(rankRejections(31, 100)).toBeLessThanOrEqual(ALPHA + threeSigma(ALPHA));
  });

  it('(c) A/B, +30% latency: catches the regression with the promised power', () => {
    expect(rankRejections(37, 130)).toBeGreaterThanOrEqual(POWER - threeSigma(POWER));
  });
});
