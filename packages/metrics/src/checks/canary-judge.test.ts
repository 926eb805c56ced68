import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { runPlan } from '@shiftguard/core';
import { createManualClock } from '@shiftguard/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { postTrafficPlan } from '../../../../test/support/plan-context';
import { InvalidMetricsOptionsError } from '../errors';
import { canaryJudge } from './canary-judge';

const cloudWatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const NOW = Date.UTC(2026, 0, 1, 10, 0, 30);
const plan = {
  ...postTrafficPlan,
  deployment: { ...postTrafficPlan.deployment, createdAt: Date.UTC(2026, 0, 1, 9, 30) },
  clock: createManualClock({ startAt: NOW }),
};
const minute = (index: number) => new Date(Date.UTC(2026, 0, 1, 9, 30 + index));

/** CloudWatch's answer: per id, the values given (one per minute), or a single total. */
function respond(values: Record<string, number[]>) {
  cloudWatch.on(GetMetricDataCommand).callsFake(async (input: { MetricDataQueries: MetricDataQuery[] }) => ({
    MetricDataResults: input.MetricDataQueries.map((query) => {
      const series = values[query.Id as string] ?? [];
      return {
        Id: query.Id,
        Timestamps: series.map((_, index) => minute(index)),
        Values: series,
        StatusCode: 'Complete',
      };
    }),
  }));
}
const steady = (value: number, periods = 30) =>
  Array.from({ length: periods }, (_, index) => value * (1 + ((index * 7) % 5) / 50));

beforeEach(() => cloudWatch.reset());

describe('canaryJudge', () => {
  it('asks for both versions of every metric in one call, rates as window totals, and passes a healthy canary', async () => {
    respond({
      m0bn: [20],
      m0bd: [9_000],
      m0cn: [2],
      m0cd: [1_000],
      m1b: steady(400),
      m1c: steady(405),
      m2b: steady(120),
      m2c: steady(118),
    });
    const [result] = await runPlan(canaryJudge({ awsSdkV3Client: client }), plan);
    const [call] = cloudWatch.commandCalls(GetMetricDataCommand);
    const queries = call?.args[0].input.MetricDataQueries ?? [];
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    expect(queries.map((query) => query.Id)).toEqual([
      'm0bn',
      'm0bd',
      'm0cn',
      'm0cd',
      'm1b',
      'm1c',
      'm2b',
      'm2c',
    ]);
    const dimensionsOf = (id: string) =>
      queries.find((query) => query.Id === id)?.MetricStat?.Metric?.Dimensions;
    expect(dimensionsOf('m1b')).toContainEqual({ Name: 'ExecutedVersion', Value: '1' });
    expect(dimensionsOf('m1c')).toContainEqual({ Name: 'ExecutedVersion', Value: '2' });
    expect(queries.find((query) => query.Id === 'm0bn')?.MetricStat).toMatchObject({
      Stat: 'Sum',
      Period: 1860,
    });
    expect(queries.find((query) => query.Id === 'm1c')?.MetricStat).toMatchObject({
      Stat: 'p99',
      Period: 60,
    });
    expect(result?.status).toBe('pass');
    expect(result?.message).toMatch(/^version 2 against 1: score 100: 3 of 3 metric\(s\) pass/);
    expect(result?.details).toMatchObject({
      outcome: 'Pass',
      score: 100,
      baselineVersion: '1',
      canaryVersion: '2',
      classifications: { Pass: 3 },
    });
    const [errors, latency] = (result?.details?.metrics ?? []) as {
      test: Record<string, unknown>;
      baseline: Record<string, unknown>;
    }[];
    expect(errors?.test).toMatchObject({
      method: 'fisher-exact',
      pValue: expect.any(Number),
      power: expect.any(Number),
    });
    expect(latency?.test).toMatchObject({
      u: expect.any(Number),
      pValue: expect.any(Number),
      shift: expect.any(Number),
    });
    expect(latency?.baseline).toMatchObject({ n: 30, median: expect.any(Number) });
  });

  it('fails a canary whose critical error rate rose, naming it and its figures', async () => {
    respond({
      m0bn: [18],
      m0bd: [9_000],
      m0cn: [40],
      m0cd: [1_000],
      m1b: steady(400),
      m1c: steady(400),
      m2b: steady(120),
      m2c: steady(120),
    });
    const [result] = await runPlan(canaryJudge({ awsSdkV3Client: client }), plan);
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^version 2 against 1: critical metric "error rate" failed: the new version's error rate is higher: 4% \(40 of 1000\) against 0\.2% \(18 of 9000\), p = /,
    );
    expect(result?.details).toMatchObject({ outcome: 'Fail', score: 0 });
  });

  it('is inconclusive on thin traffic, failing by default and passing with a warning when asked', async () => {
    respond({
      m0bn: [0],
      m0bd: [800],
      m0cn: [0],
      m0cd: [40],
      m1b: steady(400, 4),
      m1c: steady(400, 4),
      m2b: steady(120, 4),
      m2c: steady(120, 4),
    });
    const [strict] = await runPlan(canaryJudge({ awsSdkV3Client: client }), plan);
    expect(strict?.status).toBe('fail');
    expect(strict?.message).toMatch(
      /inconclusive: critical metric "error rate" is inconclusive: .* would decide it/,
    );
    const warn = jest.fn();
    const [lenient] = await runPlan(canaryJudge({ awsSdkV3Client: client, inconclusive: 'warn' }), {
      ...plan,
      logger: { debug: jest.fn(), info: jest.fn(), warn, error: jest.fn() },
    });
    expect(lenient?.status).toBe('pass');
    expect(lenient?.message).toMatch(/inconclusive, passed as asked/);
    expect(warn).toHaveBeenCalledWith(
      'shiftguard check inconclusive',
      expect.objectContaining({ check: 'canary-judge' }),
    );
  });

  it('has nothing to compare on a first deployment, and says so', async () => {
    const [result] = await runPlan(canaryJudge({ awsSdkV3Client: client }), {
      ...plan,
      target: { ...plan.target, currentVersion: undefined },
    });
    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(/no current version/);
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  it.each([
    ['an unknown option', { alpha: 0.05, beta: 0.2 }, /unknown option "beta"/],
    [
      'a statistic CloudWatch does not know',
      { metrics: [{ metric: 'Duration', stat: 'median' }] },
      /metrics\[0\]\.stat/,
    ],
    [
      'a detect ratio that is no change',
      { metrics: [{ metric: 'Duration', stat: 'p99', detect: 1 }] },
      /metrics\[0\]\.detect must be more than 1/,
    ],
    [
      'two metrics of one name',
      {
        metrics: [
          { metric: 'Duration', stat: 'p99' },
          { metric: 'Duration', stat: 'p99' },
        ],
      },
      /two metrics are named "Duration p99"/,
    ],
    ['an alpha of one half', { alpha: 0.5 }, /alpha must be under 0\.5/],
    ['a marginal over pass', { score: { pass: 70, marginal: 80 } }, /score needs 0 ≤ marginal ≤ pass ≤ 100/],
    ['weights that do not add up', { groups: { default: 60 } }, /weights must add up to 100/],
    ['a period that is not whole minutes', { periodSeconds: 90 }, /periodSeconds must be a multiple of 60/],
    [
      'a rate with a stat',
      { metrics: [{ rate: { of: 'Errors', over: 'Invocations' }, stat: 'Sum' }] },
      /unknown rate metric key "stat"/,
    ],
  ])('refuses %s', (_case, options, message) => {
    const build = () => canaryJudge({ awsSdkV3Client: client, ...(options as object) } as never);
    expect(build).toThrow(InvalidMetricsOptionsError);
    expect(build).toThrow(message);
  });
});
