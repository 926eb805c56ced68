import { seededRandom } from '@shiftguard/testing';
import { optionsValidator } from '../options';
import { binomial, logNormal, threeSigma } from '../simulate.test-support';
import { type JudgeSettings, judgeDistribution, judgeRate } from './classify';
import { defaultJudgeStats as stats } from './default-stats';
import { type CompiledMetric, compileJudgedMetric } from './judged-metric';

// The judge promises: at most `alpha` false failures on equal versions, at least `power` failures of a
// regression at the traffic it says it needs, and "inconclusive", never a silent pass, below it. Each
// scenario is 1,000 seeded runs; a rate is held to its promise within three binomial standard deviations.

const RUNS = 1000;
const settings: JudgeSettings = {
  alpha: 0.05,
  power: 0.95,
  confidence: 0.9,
  periodSeconds: 60,
  windowMinutes: 10,
};
const compile = (metric: object) => compileJudgedMetric(metric, 'metric', optionsValidator('test'));
const errorRate = compile({ name: 'error rate', rate: { of: 'Errors', over: 'Invocations' } }) as Extract<
  CompiledMetric,
  { kind: 'rate' }
>;
const p99 = compile({ name: 'p99', metric: 'Duration', stat: 'p99' }) as Extract<
  CompiledMetric,
  { kind: 'distribution' }
>;

function rateOutcomes(
  seed: number,
  canary: { trials: number; rate: number },
  baseline: { trials: number; rate: number },
) {
  const random = seededRandom(seed);
  const counts: Record<string, number> = {};
  let example: ReturnType<typeof judgeRate> | undefined;
  for (let run = 0; run < RUNS; run++) {
    const judged = judgeRate(
      errorRate,
      { events: binomial(random, baseline.trials, baseline.rate), trials: baseline.trials },
      { events: binomial(random, canary.trials, canary.rate), trials: canary.trials },
      settings,
      stats,
    );
    counts[judged.classification] = (counts[judged.classification] ?? 0) + 1;
    example ??= judged;
  }
  return { counts, example: example! };
}

function latencyOutcomes(seed: number, periods: number, shift: number, logSd: number) {
  const random = seededRandom(seed);
  const counts: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    const baseline = Array.from({ length: periods }, () => logNormal(random, 400, logSd));
    const canary = Array.from({ length: periods }, () => logNormal(random, 400 * shift, logSd));
    const judged = judgeDistribution(p99, baseline, canary, settings, stats);
    counts[judged.classification] = (counts[judged.classification] ?? 0) + 1;
  }
  return counts;
}

describe('the judge on simulated canaries', () => {
  // What the judge says 2% → 4% needs at one-sided 0.05 and 95% power, the canary on a tenth of the traffic.
  const needed = stats.rateSampleSize(0.02, 0.04, 0.05, 0.95, 9);

  it('says how much traffic a doubled error rate needs', () => {
    expect(needed).toBe(913);
  });

  it('fails equal error rates at most alpha of the time', () => {
    const { counts } = rateOutcomes(11, { trials: needed, rate: 0.02 }, { trials: 9 * needed, rate: 0.02 });
    expect((counts.High ?? 0) / RUNS).toBeLessThanOrEqual(0.05 + threeSigma(0.05, RUNS));
  });

  it('fails a doubled error rate (2% → 4%) in at least 95% of runs at the traffic it said it needs', () => {
    const { counts } = rateOutcomes(12, { trials: needed, rate: 0.04 }, { trials: 9 * needed, rate: 0.02 });
    expect((counts.High ?? 0) / RUNS).toBeGreaterThanOrEqual(0.95 - threeSigma(0.95, RUNS));
  });

  it('never passes realistic thin canary traffic silently: inconclusive, with how much more it needs', () => {
    // 10% of 5 minutes at 3 requests a second: 90 canary invocations, 810 baseline.
    const { counts, example } = rateOutcomes(13, { trials: 90, rate: 0.02 }, { trials: 810, rate: 0.02 });
    expect(counts.Pass ?? 0).toBe(0);
    expect((counts.Inconclusive ?? 0) + (counts.High ?? 0)).toBe(RUNS);
    expect(example.classification).toBe('Inconclusive');
    expect(example.why).toMatch(
      /about \d+ more \(\d+ in all, some \d+ more minute\(s\) at the current 9 a minute\) would decide it/,
    );
    expect(example.needs?.canaryTrials).toBeGreaterThan(500);
  });

  it('fails sparse errors a rank test of per-minute counts would pass', () => {
    // 3 errors in 300 canary invocations against none in 5,000: per-minute counts are mostly zeros.
    const judged = judgeRate(
      errorRate,
      { events: 0, trials: 5_000 },
      { events: 3, trials: 300 },
      settings,
      stats,
    );
    expect(judged.classification).toBe('High');
    const perMinute = {
      canary: [0, 0, 0, 2, 0, 0, 0, 0, 1, 0],
      baseline: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    };
    expect(stats.rankTest(perMinute.canary, perMinute.baseline, 'greater').pValue).toBeGreaterThan(0.05);
  });

  describe('a +30% p99 latency', () => {
    const logSd = 0.25;
    const periods = stats.rankSampleSize(1.3, logSd, 0.05, 0.95);

    it('says how many periods per side it needs', () => {
      expect(periods).toBe(25);
    });

    it('fails equal latencies at most alpha of the time', () => {
      const counts = latencyOutcomes(21, periods, 1, logSd);
      expect((counts.High ?? 0) / RUNS).toBeLessThanOrEqual(0.05 + threeSigma(0.05, RUNS));
    });

    it('fails +30% in at least 95% of runs at that many periods', () => {
      const counts = latencyOutcomes(22, periods, 1.3, logSd);
      expect((counts.High ?? 0) / RUNS).toBeGreaterThanOrEqual(0.95 - threeSigma(0.95, RUNS));
    });

    it('is inconclusive, never a pass, on too few periods', () => {
      const counts = latencyOutcomes(23, 5, 1, logSd);
      expect(counts.Pass ?? 0).toBe(0);
    });
  });
});
