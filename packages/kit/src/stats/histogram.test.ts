import fc from 'fast-check';
import { LatencyHistogram } from './histogram';

function exactPercentile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe('LatencyHistogram', () => {
  it('answers every percentile within its relative accuracy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 3_600_000, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.constantFrom(0.5, 0.9, 0.95, 0.99),
        (values, q) => {
          const histogram = new LatencyHistogram();
          for (const value of values) histogram.record(value);
          const exact = exactPercentile(
            [...values].sort((a, b) => a - b),
            q,
          );
          expect(Math.abs(histogram.percentile(q) - exact)).toBeLessThanOrEqual(exact * 0.0101);
        },
      ),
    );
  });

  it('keeps min and max exact, counts everything, and summarises', () => {
    const histogram = new LatencyHistogram();
    for (let value = 1; value <= 1000; value++) histogram.record(value);
    histogram.record(0);
    expect(histogram.count).toBe(1001);
    expect(histogram.percentile(0)).toBe(0);
    expect(histogram.percentile(1)).toBe(1000);
    const summary = histogram.summary()!;
    expect(summary.min).toBe(0);
    expect(summary.max).toBe(1000);
    expect(summary.mean).toBeCloseTo(500, 0);
    expect(Math.abs(summary.p95 - 950)).toBeLessThanOrEqual(10);
  });

  it('stays the same size whatever it is fed, and refuses values that are bugs', () => {
    const histogram = new LatencyHistogram();
    for (let index = 0; index < 100_000; index++) histogram.record((index % 5000) / 10);
    expect(histogram.count).toBe(100_000);
    expect(new LatencyHistogram().summary()).toBeUndefined();
    expect(Number.isNaN(new LatencyHistogram().percentile(0.5))).toBe(true);
    expect(Number.isNaN(histogram.percentile(Number.NaN))).toBe(true);
    expect(() => histogram.record(-1)).toThrow(RangeError);
    expect(() => histogram.record(Number.NaN)).toThrow(RangeError);
    expect(() => new LatencyHistogram({ relativeAccuracy: 2 })).toThrow(RangeError);
  });
});
