import { hodgesLehmann } from '../stats/hodges-lehmann';
import { mannWhitneyTest } from '../stats/mann-whitney';
import {
  logNormalSuperiority,
  mannWhitneySampleSize,
  twoProportionPower,
  twoProportionSampleSize,
} from '../stats/power';
import { twoProportionTest } from '../stats/proportions';
import type { JudgeStats } from './judge-stats';

/** The judge's statistics, from `stats/`: the rank test and its shift, Fisher's exact test for rates, their power. */
export const defaultJudgeStats: JudgeStats = {
  rankTest(canary, baseline, alternative) {
    const result = mannWhitneyTest(canary, baseline, { alternative });
    return { u: result.u, pValue: result.pValue, method: `mann-whitney-${result.method}` };
  },
  shift(canary, baseline, confidence) {
    const { estimate, lower, upper } = hodgesLehmann(canary, baseline, { confidence });
    return { estimate, lower, upper };
  },
  rateTest(canary, baseline) {
    const result = twoProportionTest(canary, baseline, { alternative: 'greater' });
    return { pValue: result.pValue, method: result.method };
  },
  ratePower(baselineRate, canaryRate, baselineTrials, canaryTrials, alpha) {
    return twoProportionPower({ baselineRate, canaryRate, baselineTrials, canaryTrials, alpha });
  },
  rateSampleSize(baselineRate, canaryRate, alpha, power, allocation) {
    return twoProportionSampleSize({ baselineRate, canaryRate, alpha, power, allocationRatio: allocation })
      .canaryTrials;
  },
  rankSampleSize(ratio, logSd, alpha, power) {
    // A spread so small that the shift is certain: P(X > Y) rounds to 1, which the formula cannot take.
    const superiority = Math.min(logNormalSuperiority({ ratio, logSd }), 1 - 1e-9);
    const { canarySize, baselineSize } = mannWhitneySampleSize({ superiority, alpha, power });
    return Math.max(canarySize, baselineSize);
  },
};
