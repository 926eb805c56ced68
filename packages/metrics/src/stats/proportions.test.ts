import { InvalidMetricsOptionsError, InvalidSampleError, twoProportionTest } from '../index';

/** `value` printed to the digits the source printed equals the source. */
function printedAs(value: number, printed: string): void {
  const digits = printed.replace(/^-?0\.0*/, '').length;
  expect(value.toPrecision(digits)).toBe(printed);
}

// R's fisher.test examples and their saved output (tests/Examples/stats-Ex.Rout.save). R's table
// x[1, 1] is the canary's events: row 1 is the canary, row 2 the baseline, column 1 the events.
describe('twoProportionTest against R (tests/Examples/stats-Ex.Rout.save, fisher.test examples)', () => {
  // Agresti (1990, p. 61f; 2002, p. 91), Fisher's Tea Drinker: TeaTasting = matrix(c(3, 1, 1, 3), 2).
  const milkGuessed = { events: 3, trials: 4 };
  const teaGuessed = { events: 1, trials: 4 };

  it('fisher.test(TeaTasting, alternative = "greater"): p-value = 0.2429', () => {
    const result = twoProportionTest(milkGuessed, teaGuessed, { alternative: 'greater' });
    printedAs(result.pValue, '0.2429');
    // By hand: P(X ≥ 3) = (C(4,3)·C(4,1) + C(4,4)·C(4,0)) / C(8,4) = 17/70.
    expect(result.pValue).toBeCloseTo(17 / 70, 15);
  });

  // Fisher (1962, 1970), criminal convictions of like-sex twins: Convictions = matrix(c(2, 10, 15, 3), 2):
  // dizygotic 2 convicted of 17, monozygotic 10 of 13.
  const dizygotic = { events: 2, trials: 17 };
  const monozygotic = { events: 10, trials: 13 };

  it('fisher.test(Convictions, alternative = "less"): p-value = 0.0004652', () => {
    printedAs(twoProportionTest(dizygotic, monozygotic, { alternative: 'less' }).pValue, '0.0004652');
  });

  it('fisher.test(Convictions, conf.int = FALSE): two-sided p-value = 0.0005367', () => {
    const result = twoProportionTest(dizygotic, monozygotic);
    expect(result.alternative).toBe('two-sided');
    printedAs(result.pValue, '0.0005367');
  });

  it("Lancaster's mid-p of the tea tasting: P(X > 3) + ½·P(X = 3) = 1/70 + ½·16/70 = 9/70", () => {
    const result = twoProportionTest(milkGuessed, teaGuessed, { alternative: 'greater', midP: true });
    expect(result.method).toBe('fisher-mid-p');
    expect(result.pValue).toBeCloseTo(9 / 70, 15);
  });
});

// Newcombe RG (1998), "Interval estimation for the difference between independent proportions:
// comparison of eleven methods", Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score,
// no continuity correction), 95%: (events/trials, events/trials) → (lower, upper) of p₁ − p₂.
describe('twoProportionTest difference interval against Newcombe (1998), Table II, method 10', () => {
  it.each([
    ['(a)', 56, 70, 48, 80, '0.0524', '0.3339'],
    ['(b)', 9, 10, 3, 10, '0.1705', '0.8090'],
    ['(c)', 6, 7, 2, 7, '0.0582', '0.8062'],
    ['(d)', 5, 56, 0, 29, '-0.0381', '0.1926'],
    ['(e)', 0, 10, 0, 20, '-0.1611', '0.2775'],
    ['(f)', 0, 10, 0, 10, '-0.2775', '0.2775'],
    ['(g)', 10, 10, 0, 20, '0.6791', '1.0000'],
    ['(h)', 10, 10, 0, 10, '0.6075', '1.0000'],
  ])('%s %d/%d − %d/%d → %s to %s', (_, e1, n1, e2, n2, lower, upper) => {
    const { difference } = twoProportionTest({ events: e1, trials: n1 }, { events: e2, trials: n2 });
    expect(difference.estimate).toBeCloseTo(e1 / n1 - e2 / n2, 15);
    expect(difference.lower.toFixed(4)).toBe(lower);
    expect(difference.upper.toFixed(4)).toBe(upper);
  });
});

describe('twoProportionTest ratio interval (MOVER-R on Wilson limits)', () => {
  const cases: Array<[number, number, number, number]> = [
    [56, 70, 48, 80],
    [9, 10, 3, 10],
    [12, 400, 40, 3600],
    [3, 1000, 1, 1000],
    [40, 2000, 35, 2000],
    [1, 50, 7, 60],
  ];

  it('excludes 1 exactly when the difference interval excludes 0: at ratio 1 both are the same MOVER bound', () => {
    for (const [e1, n1, e2, n2] of cases) {
      const { difference, ratio } = twoProportionTest({ events: e1, trials: n1 }, { events: e2, trials: n2 });
      expect(ratio!.lower > 1).toBe(difference.lower > 0);
      expect(ratio!.upper < 1).toBe(difference.upper < 0);
      expect(ratio!.lower).toBeLessThanOrEqual(ratio!.estimate);
      expect(ratio!.upper).toBeGreaterThanOrEqual(ratio!.estimate);
    }
  });

  it('inverts when canary and baseline swap', () => {
    for (const [e1, n1, e2, n2] of cases) {
      const forward = twoProportionTest({ events: e1, trials: n1 }, { events: e2, trials: n2 }).ratio!;
      const backward = twoProportionTest({ events: e2, trials: n2 }, { events: e1, trials: n1 }).ratio!;
      expect(backward.lower).toBeCloseTo(1 / forward.upper, 12);
      expect(backward.upper).toBeCloseTo(1 / forward.lower, 12);
    }
  });

  it('bounds the ratio from below when the baseline had no events, and is undefined when neither side had any', () => {
    const some = twoProportionTest({ events: 5, trials: 56 }, { events: 0, trials: 29 });
    expect(some.ratio!.estimate).toBe(Number.POSITIVE_INFINITY);
    expect(some.ratio!.upper).toBe(Number.POSITIVE_INFINITY);
    expect(some.ratio!.lower).toBeGreaterThan(0);
    expect(some.ratio!.lower).toBeLessThan(1); // (d) of Newcombe's table: the difference interval holds 0 too
    const none = twoProportionTest({ events: 0, trials: 10 }, { events: 0, trials: 20 });
    expect(none.ratio).toBeUndefined();
    expect(none.pValue).toBe(1);
    const canaryClean = twoProportionTest({ events: 0, trials: 100 }, { events: 4, trials: 100 });
    expect(canaryClean.ratio).toMatchObject({ estimate: 0, lower: 0 });
  });
});

describe('twoProportionTest at millions of trials', () => {
  // 2.05% errors over 1 million canary invocations against 2% over 10 million on the baseline.
  const canary = { events: 20_500, trials: 1_000_000 };
  const baseline = { events: 200_000, trials: 10_000_000 };

  it('gives finite tails that fit together: P(X ≥ x) + P(X ≤ x) = 1 + P(X = x)', () => {
    const greater = twoProportionTest(canary, baseline, { alternative: 'greater' }).pValue;
    const less = twoProportionTest(canary, baseline, { alternative: 'less' }).pValue;
    const midGreater = twoProportionTest(canary, baseline, { alternative: 'greater', midP: true }).pValue;
    const density = 2 * (greater - midGreater);
    expect(greater + less - density).toBeCloseTo(1, 12);
    expect(density).toBeGreaterThan(0);
  });

  it('keeps 13 significant digits of a small tail', () => {
    // Cross-check, not a published value: the tail summed term by term with 40-digit log-gammas
    // (mpmath 1.3) is 0.0003526968462616501839; scipy 1.17.1's fisher_exact says 0.000352696846864…
    const { pValue } = twoProportionTest(canary, baseline, { alternative: 'greater' });
    expect(Math.abs(pValue / 0.00035269684626165016 - 1)).toBeLessThan(1e-12);
  });

  it('stays fast: a hundred tests over tens of millions of trials well under a second', () => {
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      twoProportionTest({ events: 20_000 + i * 10, trials: 1_000_000 }, baseline);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('twoProportionTest refuses what it cannot judge', () => {
  it.each([
    ['negative events', { events: -1, trials: 10 }, 'canary.events must be an integer ≥ 0, got -1'],
    ['fractional events', { events: 1.5, trials: 10 }, 'canary.events must be an integer ≥ 0, got 1.5'],
    [
      'events above trials',
      { events: 11, trials: 10 },
      'canary.events must be at most canary.trials (10), got 11',
    ],
    ['no trials', { events: 0, trials: 0 }, 'canary.trials must be an integer ≥ 1, got 0'],
    ['NaN trials', { events: 0, trials: Number.NaN }, 'canary.trials must be an integer ≥ 1, got NaN'],
    [
      'infinite trials',
      { events: 0, trials: Number.POSITIVE_INFINITY },
      'canary.trials must be an integer ≥ 1',
    ],
    ['a missing count', { trials: 10 }, 'canary.events is required'],
    ['a stray key', { events: 1, trials: 10, errors: 1 }, 'unknown key "errors"'],
  ])('%s', (_, canary, message) => {
    const attempt = () => twoProportionTest(canary as never, { events: 1, trials: 10 });
    expect(attempt).toThrow(InvalidSampleError);
    expect(attempt).toThrow(`twoProportionTest: ${message}`);
  });

  it('names a bad option', () => {
    const counts = { events: 1, trials: 10 };
    expect(() => twoProportionTest(counts, counts, { confidence: 0 })).toThrow(InvalidMetricsOptionsError);
    expect(() => twoProportionTest(counts, counts, { midp: true } as never)).toThrow('unknown option "midp"');
  });
});
