import { Bucket, parseStatistic } from './statistics';

function bucketOf(values: number[], counts?: number[]): Bucket {
  const bucket = new Bucket();
  values.forEach((value, index) => {
    bucket.add(value, counts?.[index] ?? 1);
  });
  return bucket;
}

const stat = (name: string) => {
  const parsed = parseStatistic(name);
  if (parsed === undefined) throw new Error(`not a statistic: ${name}`);
  return parsed;
};

const oneToHundred = Array.from({ length: 100 }, (_, index) => index + 1);

describe('statistics', () => {
  it.each([
    'Sum',
    'p99',
    'p99.9',
    'p100',
    'tm90',
    'TM(10%:90%)',
    'TM(:95%)',
    'TM(5%:)',
    'TM(150:1000)',
    'IQM',
    'wm98',
    'WM(10%:90%)',
    'tc90',
    'TC(0.005:0.030)',
    'ts90',
    'TS(80%:)',
    'PR(:300)',
    'PR(100:2000)',
  ])('parses %s', (name) => {
    expect(parseStatistic(name)).toMatchObject({ name });
  });

  it.each([
    'Median',
    'sum',
    'p101',
    'P99',
    'TM()',
    'TM(:)',
    'TM(90%:10%)',
    'TM(10%:500)',
    'PR(10%:20%)',
    'tm',
    'IQM(1)',
  ])('refuses %s', (name) => {
    expect(parseStatistic(name)).toBeUndefined();
  });

  it('computes nearest-rank percentiles, weighted by counts', () => {
    expect(bucketOf(oneToHundred).value(stat('p50'))).toBe(50);
    expect(bucketOf(oneToHundred).value(stat('p99.9'))).toBe(100);
    expect(bucketOf([1, 100], [99, 1]).value(stat('p99'))).toBe(1);
    expect(bucketOf([1, 100], [99, 1]).value(stat('p100'))).toBe(100);
  });

  it('has no percentile for a period with a negative value, as CloudWatch documents', () => {
    const bucket = bucketOf([-5, 10, 20]);
    expect(bucket.value(stat('p50'))).toBeUndefined();
    expect(bucket.value(stat('Sum'))).toBe(25);
  });

  it('trims by rank for percent bounds and by value (lower exclusive, upper inclusive) for absolute ones', () => {
    const bucket = bucketOf(oneToHundred);

    expect(bucket.value(stat('tm90'))).toBe(45.5);
    expect(bucket.value(stat('TM(10%:90%)'))).toBe(50.5);
    expect(bucket.value(stat('IQM'))).toBe(50.5);
    expect(bucket.value(stat('TM(10:20)'))).toBe(15.5);
    expect(bucket.value(stat('tc90'))).toBe(90);
    expect(bucket.value(stat('TC(10:20)'))).toBe(10);
    expect(bucket.value(stat('ts90'))).toBe(4095);
    expect(bucket.value(stat('PR(:25)'))).toBe(25);
    expect(bucket.value(stat('PR(90:)'))).toBe(10);
    expect(bucket.value(stat('WM(10%:90%)'))).toBe(50.5);
    expect(bucket.value(stat('wm90'))).toBe((4095 + 10 * 90) / 100);
  });

  it('counts part of a weighted sample a percent bound falls inside', () => {
    expect(bucketOf([10], [3]).value(stat('TC(:50%)'))).toBe(1.5);
    expect(bucketOf([10, 20], [3, 1]).value(stat('tm50'))).toBe(10);
  });

  it('answers the basic statistics from statistic sets and nothing that needs raw values', () => {
    const bucket = bucketOf([4]);
    bucket.addSet(3, 30, 5, 15);

    expect([
      bucket.value(stat('SampleCount')),
      bucket.value(stat('Sum')),
      bucket.value(stat('Minimum')),
    ]).toEqual([4, 34, 4]);
    expect(bucket.value(stat('Average'))).toBe(8.5);
    expect(bucket.value(stat('p50'))).toBeUndefined();
  });

  it('has no value without samples, except a trimmed count of 0', () => {
    expect(new Bucket().value(stat('Sum'))).toBeUndefined();
    expect(bucketOf([1, 2]).value(stat('TM(5:6)'))).toBeUndefined();
    expect(bucketOf([1, 2]).value(stat('TC(5:6)'))).toBe(0);
  });
});
