import { InvalidMetricsOptionsError, InvalidSampleError, mannWhitneyTest } from '../index';

// Hollander & Wolfe (1973), 69f: permeability at term (x) and at 12–26 weeks (y), as in R's
// wilcox.test examples.
const TERM = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const EARLY = [1.15, 0.88, 0.9, 0.74, 1.21];
// scipy's mannwhitneyu docstring: ages at diagnosis (Shier 2004).
const MALES = [19, 22, 16, 29, 24];
const FEMALES = [20, 11, 17, 12];
// R's `airquality` (datasets package), Ozone for May (Month 5) and August (Month 8), NAs left out.
const OZONE_MAY = [
  41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37,
];
const OZONE_AUGUST = [
  39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85,
];

/** `value` printed to the digits the source printed equals the source. */
function printedAs(value: number, printed: string): void {
  const digits = printed.replace(/^0\.0*/, '').length;
  expect(value.toPrecision(digits)).toBe(printed);
}

describe('mannWhitneyTest against R (tests/Examples/stats-Ex.Rout.save, wilcox.test examples)', () => {
  it('wilcox.test(x, y, alternative = "g"): W = 35, p-value = 0.1272 (exact)', () => {
    const result = mannWhitneyTest(TERM, EARLY, { alternative: 'greater' });
    expect(result.u).toBe(35);
    expect(result.method).toBe('exact');
    printedAs(result.pValue, '0.1272');
  });

  it('wilcox.test(x, y, alternative = "greater", exact = FALSE, correct = FALSE): W = 35, p-value = 0.1103', () => {
    const result = mannWhitneyTest(TERM, EARLY, {
      alternative: 'greater',
      exact: false,
      continuityCorrection: false,
    });
    expect(result.u).toBe(35);
    expect(result.method).toBe('asymptotic');
    printedAs(result.pValue, '0.1103');
  });

  it('wilcox.test(Ozone ~ Month, subset = Month %in% c(5, 8)): with ties, W = 127.5, p-value = 0.0001208', () => {
    const result = mannWhitneyTest(OZONE_MAY, OZONE_AUGUST);
    expect(result.u).toBe(127.5);
    expect(result.ties).toBe(true);
    // R: "cannot compute exact p-value with ties", so the normal approximation with continuity correction.
    expect(result.method).toBe('asymptotic');
    printedAs(result.pValue, '0.0001208');
  });
});

describe('mannWhitneyTest against scipy (scipy/stats/_mannwhitneyu.py, mannwhitneyu docstring)', () => {
  it('mannwhitneyu(males, females, method="exact"): U1 = 17.0, p = 0.1111111111111111', () => {
    const result = mannWhitneyTest(MALES, FEMALES, { exact: true });
    expect(result.u).toBe(17);
    expect(MALES.length * FEMALES.length - result.u).toBe(3); // U2
    expect(result.pValue).toBe(0.1111111111111111);
  });

  it('mannwhitneyu(males, females, method="asymptotic"): p = 0.11134688653314041', () => {
    // The exact value is 0.1113468865331404528… (40-digit mpmath); scipy's last digit is 3 ulp off
    // it, this one rounds correctly, so the two agree to the 16 digits a double carries.
    expect(mannWhitneyTest(MALES, FEMALES, { exact: false }).pValue).toBeCloseTo(0.11134688653314041, 16);
  });

  it('mannwhitneyu(males, females, use_continuity=False, method="asymptotic"): p = 0.0864107329737', () => {
    const result = mannWhitneyTest(MALES, FEMALES, { exact: false, continuityCorrection: false });
    printedAs(result.pValue, '0.0864107329737');
  });

  it('mannwhitneyu(females, males, alternative="less", method="exact"): statistic=3.0, pvalue=0.05555555555555555', () => {
    const result = mannWhitneyTest(FEMALES, MALES, { alternative: 'less', exact: true });
    expect(result.u).toBe(3);
    expect(result.pValue).toBe(0.05555555555555555);
  });

  it('chooses exact for these small samples without being asked, as both R and scipy do', () => {
    expect(mannWhitneyTest(MALES, FEMALES).pValue).toBe(0.1111111111111111);
  });
});

// Section D of the reference brief: computed with scipy 1.17.1, not published — cross-checks only.
describe('mannWhitneyTest cross-checks (scipy 1.17.1)', () => {
  it('data of R example A, two-sided exact: p = 0.2544122544122544', () => {
    expect(mannWhitneyTest(TERM, EARLY).pValue).toBe(0.2544122544122544);
  });

  it('data of R example A, greater, asymptotic with continuity correction: p = 0.12231180256349167', () => {
    const result = mannWhitneyTest(TERM, EARLY, { alternative: 'greater', exact: false });
    expect(result.pValue).toBeCloseTo(0.12231180256349167, 16);
  });

  it('Kayenta suite data (experiment [10, 20, 30, 40], control [1, 2, 3, 4]): U = 16, exact p = 0.02857…, asymptotic p = 0.03038…', () => {
    const experiment = [10, 20, 30, 40];
    const control = [1, 2, 3, 4];
    const exact = mannWhitneyTest(experiment, control);
    expect(exact.u).toBe(16);
    expect(exact.pValue).toBe(0.02857142857142857);
    expect(mannWhitneyTest(experiment, control, { exact: false }).pValue).toBeCloseTo(
      0.03038282197657749,
      16,
    );
  });
});

describe('mannWhitneyTest', () => {
  it("uses the exact distribution up to 49 values a side without ties (R's rule), the normal approximation from 50", () => {
    const ascending = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i * 2);
    expect(mannWhitneyTest(ascending(49, 0), ascending(49, 1)).method).toBe('exact');
    expect(mannWhitneyTest(ascending(50, 0), ascending(10, 1)).method).toBe('asymptotic');
    expect(mannWhitneyTest(ascending(50, 0), ascending(10, 1), { exact: true }).method).toBe('exact');
    expect(mannWhitneyTest([1, 2, 2], [3, 4], { exact: true }).method).toBe('asymptotic');
  });

  it('agrees with the normal approximation where both apply (49 against 49)', () => {
    const x = Array.from({ length: 49 }, (_, i) => i * 2 + (i % 3));
    const y = Array.from({ length: 49 }, (_, i) => i * 2 + 1.5);
    const exact = mannWhitneyTest(x, y).pValue;
    const normal = mannWhitneyTest(x, y, { exact: false }).pValue;
    expect(Math.abs(exact - normal)).toBeLessThan(0.002);
  });

  it('gives U of the first sample: U(x, y) + U(y, x) = m·n, and swapping the samples swaps the one-sided tails', () => {
    const forward = mannWhitneyTest(TERM, EARLY, { alternative: 'greater' });
    const backward = mannWhitneyTest(EARLY, TERM, { alternative: 'less' });
    expect(forward.u + backward.u).toBe(50);
    expect(backward.pValue).toBe(forward.pValue);
    expect(forward.superiority).toBe(0.7);
  });

  it('answers p = 1, not NaN, when every value is the same', () => {
    const result = mannWhitneyTest([3, 3, 3], [3, 3]);
    expect(result).toMatchObject({ u: 3, pValue: 1, z: 0, ties: true });
  });

  it('accepts typed arrays and leaves its inputs unsorted', () => {
    const x = new Float64Array([3, 1, 2]);
    expect(mannWhitneyTest(x, [0.5, 4]).u).toBe(3);
    expect(Array.from(x)).toEqual([3, 1, 2]);
  });
});

describe('mannWhitneyTest refuses what it cannot judge', () => {
  it.each([
    ['an empty sample', [], [1], 'mannWhitneyTest: x must hold at least one value, got an empty sample'],
    ['NaN', [1, Number.NaN], [1], 'mannWhitneyTest: x[1] must be a finite number, got NaN'],
    [
      'an infinity',
      [1],
      [2, Number.POSITIVE_INFINITY],
      'mannWhitneyTest: y[1] must be a finite number, got Infinity',
    ],
    [
      'a string',
      [1, '2' as unknown as number],
      [1],
      'mannWhitneyTest: x[1] must be a finite number, got "2"',
    ],
  ])('%s', (_, x, y, message) => {
    const attempt = () => mannWhitneyTest(x as number[], y as number[]);
    expect(attempt).toThrow(InvalidSampleError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidSampleError).code).toBe('SG_METRICS_INVALID_SAMPLE');
    }
  });

  it('names a bad option', () => {
    expect(() => mannWhitneyTest([1], [2], { alternative: 'bigger' as never })).toThrow(
      InvalidMetricsOptionsError,
    );
    expect(() => mannWhitneyTest([1], [2], { exakt: true } as never)).toThrow('unknown option "exakt"');
    expect(() => mannWhitneyTest([1], [2], { exact: 'yes' as never })).toThrow(
      'exact must be true, false or \'auto\', got "yes"',
    );
  });
});
