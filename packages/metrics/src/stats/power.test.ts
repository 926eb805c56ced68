import {
  InvalidMetricsOptionsError,
  logNormalSuperiority,
  mannWhitneyPower,
  mannWhitneySampleSize,
  twoProportionPower,
  twoProportionSampleSize,
  twoProportionTest,
} from '../index';

describe('twoProportionSampleSize', () => {
  it('2% → 4%, one-sided α = 0.05, power 0.95, 1:1 — Fleiss, Tytun & Ury (1980): 1671 a side', () => {
    // By hand: z = 1.644854; p̄ = 0.03; m′ = [z·√(2·0.03·0.97) + z·√(0.02·0.98 + 0.04·0.96)]² / 0.02²
    // = (0.396816 + 0.396133)² / 0.0004 = 1571.92; m = m′/4 · [1 + √(1 + 4/(m′·0.02))]² = 1670.42 → 1671.
    const size = twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, alpha: 0.05, power: 0.95 });
    expect(size).toMatchObject({
      canaryTrials: 1671,
      baselineTrials: 1671,
      totalTrials: 3342,
      formulaCanaryTrials: 1671,
    });
    // The exact power of Fisher's test there already reaches 0.95: the formula was made to match it.
    expect(size.power).toBeGreaterThanOrEqual(0.95);
  });

  it('2% → 4% with the canary on 10% of the traffic (allocation 1:9): 913 canary, 8217 baseline', () => {
    // By hand, r = 9: p̄ = (0.04 + 9·0.02)/10 = 0.022; m′ = [z·√(10·0.022·0.978) + z·√(9·0.04·0.96 + 0.02·0.98)]²
    // / (9·0.02²) = (0.762971 + 0.994014)² / 0.0036 = 857.50; m = m′/4 · [1 + √(1 + 20/(9·m′·0.02))]² = 912.21 → 913.
    const size = twoProportionSampleSize({
      baselineRate: 0.02,
      canaryRate: 0.04,
      alpha: 0.05,
      power: 0.95,
      allocationRatio: 9,
    });
    expect(size).toMatchObject({
      canaryTrials: 913,
      baselineTrials: 8217,
      totalTrials: 9130,
      formulaCanaryTrials: 913,
    });
    expect(size.power).toBeGreaterThanOrEqual(0.95);
  });

  it('raises the formula where the exact test falls short of it: 0.1% → 0.15% at 1:9', () => {
    const size = twoProportionSampleSize({ baselineRate: 0.001, canaryRate: 0.0015, allocationRatio: 9 });
    expect(size.formulaCanaryTrials).toBe(34_522);
    expect(size.canaryTrials).toBeGreaterThan(size.formulaCanaryTrials);
    expect(size.power).toBeGreaterThanOrEqual(0.8);
    const at = (canaryTrials: number) =>
      twoProportionPower({
        baselineRate: 0.001,
        canaryRate: 0.0015,
        canaryTrials,
        baselineTrials: 9 * canaryTrials,
      });
    expect(at(size.formulaCanaryTrials)).toBeLessThan(0.8);
    expect(at(size.canaryTrials)).toBe(size.power);
    expect(at(size.canaryTrials - 1)).toBeLessThan(0.8);
  });

  it('sizes a decrease as the increase of the complementary rate', () => {
    const down = twoProportionSampleSize({ baselineRate: 0.04, canaryRate: 0.02, power: 0.95 });
    const up = twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, power: 0.95 });
    expect(down.canaryTrials).toBe(up.canaryTrials);
    expect(down.power).toBeCloseTo(up.power, 12);
  });

  it('needs no more trials for the mid-p test, which has more power', () => {
    const exact = twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, power: 0.95 });
    const mid = twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, power: 0.95, midP: true });
    expect(mid.canaryTrials).toBeLessThanOrEqual(exact.canaryTrials);
    expect(mid.power).toBeGreaterThan(exact.power);
  });

  it('refuses rates it cannot size', () => {
    expect(() => twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.02 })).toThrow(
      'twoProportionSampleSize: canaryRate must differ from baselineRate (0.02): there is nothing to detect',
    );
    expect(() => twoProportionSampleSize({ baselineRate: 0, canaryRate: 0.02 })).toThrow(
      InvalidMetricsOptionsError,
    );
    expect(() =>
      twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, allocationRatio: 0 }),
    ).toThrow('allocationRatio must be a positive number, got 0');
    expect(() => twoProportionSampleSize({ baselineRate: 0.02, canaryRate: 0.04, power: 1 })).toThrow(
      InvalidMetricsOptionsError,
    );
  });
});

describe('twoProportionPower', () => {
  it('is the probability of every outcome the test rejects, summed by brute force on a small table', () => {
    const [canaryTrials, baselineTrials, p0, p1, alpha] = [15, 25, 0.1, 0.4, 0.05];
    const binomial = (n: number, p: number) => {
      const mass = [(1 - p) ** n];
      for (let k = 0; k < n; k++) mass.push((mass[k]! * (n - k) * p) / ((k + 1) * (1 - p)));
      return mass;
    };
    const canary = binomial(canaryTrials, p1);
    const baseline = binomial(baselineTrials, p0);
    let expected = 0;
    for (let x = 0; x <= canaryTrials; x++) {
      for (let y = 0; y <= baselineTrials; y++) {
        const { pValue } = twoProportionTest(
          { events: x, trials: canaryTrials },
          { events: y, trials: baselineTrials },
          { alternative: 'greater' },
        );
        if (pValue <= alpha) expected += canary[x]! * baseline[y]!;
      }
    }
    const power = twoProportionPower({
      baselineRate: p0,
      canaryRate: p1,
      canaryTrials,
      baselineTrials,
      alpha,
    });
    expect(power).toBeCloseTo(expected, 12);
  });

  it('grows with the traffic', () => {
    const at = (canaryTrials: number) =>
      twoProportionPower({
        baselineRate: 0.02,
        canaryRate: 0.04,
        canaryTrials,
        baselineTrials: 9 * canaryTrials,
      });
    expect(at(100)).toBeLessThan(at(500));
    expect(at(500)).toBeLessThan(at(2000));
    expect(at(2000)).toBeGreaterThan(0.99);
  });

  it('refuses trials that are not whole', () => {
    expect(() =>
      twoProportionPower({ baselineRate: 0.02, canaryRate: 0.04, canaryTrials: 10.5, baselineTrials: 10 }),
    ).toThrow('twoProportionPower: canaryTrials must be an integer ≥ 1, got 10.5');
  });
});

describe('mannWhitneySampleSize and mannWhitneyPower (Noether 1987)', () => {
  it('+30% on log-normal periods with a log-sd of 0.5, one-sided α = 0.05, power 0.95: 87 a side', () => {
    // P(X > Y) = Φ(ln 1.3 / (0.5·√2)) = Φ(0.371039) = 0.644696; N = (2·1.644854)² / (12·¼·0.144696²)
    // = 10.8222 / 0.062811 = 172.30, half on each side → 86.15 → 87.
    const superiority = logNormalSuperiority({ ratio: 1.3, logSd: 0.5 });
    expect(superiority).toBeCloseTo(0.644696, 6);
    expect(mannWhitneySampleSize({ superiority, power: 0.95 })).toEqual({
      canarySize: 87,
      baselineSize: 87,
      totalSize: 174,
    });
  });

  it('splits the total by the allocation, and its power formula inverts it', () => {
    const superiority = 0.7;
    const size = mannWhitneySampleSize({ superiority, power: 0.9, allocationRatio: 3 });
    expect(size.baselineSize).toBeGreaterThanOrEqual(3 * size.canarySize - 3);
    const power = (canarySize: number, baselineSize: number) =>
      mannWhitneyPower({ superiority, canarySize, baselineSize });
    expect(power(size.canarySize, size.baselineSize)).toBeGreaterThanOrEqual(0.9);
    expect(power(size.canarySize - 1, size.baselineSize - 3)).toBeLessThan(0.9);
  });

  it('treats a decrease like an increase of the same size', () => {
    expect(mannWhitneySampleSize({ superiority: 0.3 })).toEqual(mannWhitneySampleSize({ superiority: 0.7 }));
    expect(logNormalSuperiority({ ratio: 1 / 1.3, logSd: 0.5 })).toBeCloseTo(
      1 - logNormalSuperiority({ ratio: 1.3, logSd: 0.5 }),
      15,
    );
    expect(logNormalSuperiority({ ratio: 1, logSd: 0.2 })).toBe(0.5);
  });

  it('refuses an effect of nothing and a non-positive spread', () => {
    expect(() => mannWhitneySampleSize({ superiority: 0.5 })).toThrow(
      'mannWhitneySampleSize: superiority must differ from 0.5, got 0.5: there is nothing to detect',
    );
    expect(() => logNormalSuperiority({ ratio: 1.3, logSd: 0 })).toThrow(
      'logNormalSuperiority: logSd must be a positive number, got 0',
    );
    expect(() => mannWhitneyPower({ superiority: 0.6, canarySize: 0, baselineSize: 5 })).toThrow(
      InvalidMetricsOptionsError,
    );
  });
});
