import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { runPlan } from '@shiftguard/core';
import { createManualClock } from '@shiftguard/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { postTrafficPlan } from '../../../../test/support/plan-context';
import { InvalidMetricsOptionsError } from '../errors';
import { metricGate } from './metric-gate';

const cloudWatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const NOW = Date.UTC(2026, 0, 1, 10, 0, 30);
const CREATED = Date.UTC(2026, 0, 1, 9, 50, 10);
const plan = {
  ...postTrafficPlan,
  deployment: { ...postTrafficPlan.deployment, createdAt: CREATED },
  clock: createManualClock({ startAt: NOW }),
};

/** Answers every query with one value per id, as CloudWatch does for a one-period window. */
function answer(values: Record<string, number | undefined>, extra: Record<string, unknown> = {}) {
  return {
    MetricDataResults: Object.entries(values).map(([Id, value]) => ({
      Id,
      Label: Id,
      Timestamps: value === undefined ? [] : [new Date(CREATED)],
      Values: value === undefined ? [] : [value],
      StatusCode: 'Complete' as const,
    })),
    ...extra,
  };
}
const inputs = () => cloudWatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);

beforeEach(() => cloudWatch.reset());

describe('metricGate', () => {
  it('asks for every condition in one GetMetricData call, on the new version through the alias, over the deployment', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0: 0, c1: 412.5 }));
    const [result] = await runPlan(
      metricGate({
        awsSdkV3Client: client,
        conditions: [
          { metric: 'Errors', stat: 'Sum', max: 0 },
          { metric: 'Duration', stat: 'p99', max: 800 },
        ],
      }),
      plan,
    );
    expect(result).toMatchObject({ status: 'pass' });
    expect(result?.message).toBe(
      '1 measurement(s): Errors Sum = 0, at most 0; Duration p99 = 412.5, at most 800',
    );
    const [input] = inputs() as [GetMetricDataCommandInput];
    expect(inputs()).toHaveLength(1);
    // From the deployment's creation (rounded down to its minute) to the end of the current minute: one period.
    expect(input.StartTime).toEqual(new Date(Date.UTC(2026, 0, 1, 9, 50)));
    expect(input.EndTime).toEqual(new Date(Date.UTC(2026, 0, 1, 10, 1)));
    expect(input.MetricDataQueries?.[0]).toEqual({
      Id: 'c0',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [
            { Name: 'FunctionName', Value: 'orders' },
            { Name: 'Resource', Value: 'orders:live' },
            { Name: 'ExecutedVersion', Value: '2' },
          ],
        },
        Period: 660,
        Stat: 'Sum',
      },
      ReturnData: true,
    });
    expect(input.MetricDataQueries?.[1]?.MetricStat?.Stat).toBe('p99');
  });

  it('fails naming the condition, its value and the bound it broke', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0: 2, c1: 950 }));
    const [result] = await runPlan(
      metricGate({
        awsSdkV3Client: client,
        conditions: [
          { metric: 'Errors', stat: 'Sum', max: 5 },
          { metric: 'Duration', stat: 'p99', max: 800, name: 'p99 latency' },
        ],
      }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe(
      '1 failed measurement(s), over the limit of 0: p99 latency = 950, over the maximum of 800',
    );
    expect(result?.details).toMatchObject({ outcome: 'Failed', measurementsTaken: 1 });
  });

  it('judges an error rate from the sums of two metrics', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0n: 3, c0d: 100 }));
    const [result] = await runPlan(
      metricGate({
        awsSdkV3Client: client,
        conditions: [{ ratio: { of: 'Errors', over: 'Invocations' }, maxPct: 1 }],
      }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/Errors \/ Invocations = 3% \(3 of 100\), over the maximum of 1%$/);
    expect(inputs()[0]?.MetricDataQueries?.map((query) => query.MetricStat?.Stat)).toEqual(['Sum', 'Sum']);
  });

  it('is inconclusive, and fails, when the traffic is too thin to judge; passes only if told to', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0n: 0, c0d: 12 }));
    const conditions = [{ ratio: { of: 'Errors', over: 'Invocations' }, maxPct: 1, minCount: 100 }] as const;
    const [strict] = await runPlan(metricGate({ awsSdkV3Client: client, conditions }), plan);
    expect(strict?.status).toBe('fail');
    expect(strict?.message).toMatch(
      /^inconclusive: .*12 Invocations in the window, fewer than the 100 needed/,
    );
    const [lenient] = await runPlan(
      metricGate({ awsSdkV3Client: client, conditions, inconclusive: 'pass' }),
      plan,
    );
    expect(lenient?.status).toBe('pass');
    expect(lenient?.message).toMatch(/^inconclusive, passed as asked: /);
    const warn = jest.fn();
    const logger = { debug: jest.fn(), info: jest.fn(), warn, error: jest.fn() };
    const [warned] = await runPlan(metricGate({ awsSdkV3Client: client, conditions, inconclusive: 'warn' }), {
      ...plan,
      logger,
    });
    expect(warned?.status).toBe('pass');
    expect(warn).toHaveBeenCalledWith(
      'shiftguard check inconclusive',
      expect.objectContaining({ check: 'metric-gate' }),
    );
  });

  it('treats a series without data as inconclusive unless missing says zero', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0: undefined }));
    const [unsure] = await runPlan(
      metricGate({ awsSdkV3Client: client, conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }] }),
      plan,
    );
    expect(unsure?.status).toBe('fail');
    expect(unsure?.message).toMatch(
      /no data for AWS\/Lambda Errors \{FunctionName=orders, Resource=orders:live, ExecutedVersion=2\}/,
    );
    const [zero] = await runPlan(
      metricGate({
        awsSdkV3Client: client,
        conditions: [{ metric: 'Errors', stat: 'Sum', max: 0, missing: 'zero' }],
      }),
      plan,
    );
    expect(zero?.status).toBe('pass');
  });

  it('follows NextToken only when CloudWatch pages, joining the pages', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({ ...answer({ c0: 1 }), NextToken: 'page-2' })
      .resolves(answer({ c0: 2 }));
    const [result] = await runPlan(
      metricGate({ awsSdkV3Client: client, conditions: [{ metric: 'Errors', stat: 'Sum', max: 5 }] }),
      plan,
    );
    expect(result?.message).toMatch(/Errors Sum = 3/);
    expect(inputs().map((input) => input.NextToken)).toEqual([undefined, 'page-2']);
    expect(result?.details?.measurements).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ calls: 2 }) }),
    ]);
  });

  it('retries throttling within the deadline, and turns lasting errors into an error result', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    cloudWatch
      .on(GetMetricDataCommand)
      .rejectsOnce(throttled)
      .resolves(answer({ c0: 0 }));
    const gate = metricGate({
      awsSdkV3Client: client,
      conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }],
    });
    const [passed] = await runPlan(gate, {
      ...plan,
      clock: undefined,
      deadlineAt: performance.now() + 10_000,
    });
    expect(passed?.status).toBe('pass');
    expect(inputs()).toHaveLength(2);
    cloudWatch.reset();
    const denied = Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    cloudWatch.on(GetMetricDataCommand).rejects(denied);
    const [errored] = await runPlan(gate, plan);
    expect(errored?.status).toBe('error');
    expect(errored?.message).toMatch(
      /5 measurement error\(s\) in a row, over the limit of 4: GetMetricData failed: AccessDenied/,
    );
  });

  it('measures count times, interval apart on the check clock, tolerating failureLimit failures', async () => {
    const clock = createManualClock({ startAt: NOW });
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce(answer({ c0: 9 }))
      .resolves(answer({ c0: 0 }));
    const run = runPlan(
      metricGate({
        awsSdkV3Client: client,
        window: { minutes: 5 },
        conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }],
        count: 3,
        intervalMs: 60_000,
        failureLimit: 1,
      }),
      { ...plan, clock },
    );
    for (let minute = 0; minute < 2; minute++) {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(60_000);
    }
    const [result] = await run;
    expect(result?.status).toBe('pass');
    expect(result?.details).toMatchObject({ measurementsTaken: 3, failed: 1 });
    // The window moves with the clock: the last measurement looks at minutes 10:02–10:07.
    expect(inputs().map((input) => input.StartTime?.toISOString())).toEqual([
      '2026-01-01T09:56:00.000Z',
      '2026-01-01T09:57:00.000Z',
      '2026-01-01T09:58:00.000Z',
    ]);
  });

  it('stops short of the deadline, inconclusive, rather than measure past it', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0: 0 }));
    const [result] = await runPlan(
      metricGate({
        awsSdkV3Client: client,
        conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }],
        count: 10,
        intervalMs: 60_000,
      }),
      { ...plan, deadlineAt: plan.clock.now() + 30_000 },
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^inconclusive: only 1 of 10 measurements fit before the hook's deadline/,
    );
  });

  it("needs the deployment's start for a 'deployment' window", async () => {
    const [result] = await runPlan(
      metricGate({ awsSdkV3Client: client, conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }] }),
      { ...plan, deployment: postTrafficPlan.deployment },
    );
    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(/the deployment's start is unknown/);
    expect(inputs()).toHaveLength(0);
  });

  it.each([
    [
      'an unknown option',
      { conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }], windowMinutes: 5 },
      /unknown option "windowMinutes"/,
    ],
    ['no conditions', { conditions: [] }, /conditions/],
    [
      'a statistic CloudWatch does not know',
      { conditions: [{ metric: 'Errors', stat: 'Median', max: 0 }] },
      /conditions\[0\]\.stat must be a CloudWatch statistic/,
    ],
    [
      'a condition without bounds',
      { conditions: [{ metric: 'Errors', stat: 'Sum' }] },
      /conditions\[0\]\.max or min is required/,
    ],
    [
      'count without an interval',
      { conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }], count: 3 },
      /intervalMs is required/,
    ],
    [
      'a zero-minute window',
      { conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }], window: { minutes: 0 } },
      /window\.minutes/,
    ],
    [
      'more series than one call takes',
      {
        conditions: Array.from({ length: 251 }, () => ({
          ratio: { of: 'Errors', over: 'Invocations' },
          maxPct: 1,
        })),
      },
      /need 502 series, more than the 500/,
    ],
  ])('refuses %s with InvalidMetricsOptionsError', (_case, options, message) => {
    expect(() => metricGate({ awsSdkV3Client: client, ...(options as object) } as never)).toThrow(
      InvalidMetricsOptionsError,
    );
    expect(() => metricGate({ awsSdkV3Client: client, ...(options as object) } as never)).toThrow(message);
  });
});

describe('metricGate, what CloudWatch cannot answer whole', () => {
  it('is inconclusive when CloudWatch answers PartialData without a next page, naming the series', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'c0',
          Timestamps: [new Date(CREATED)],
          Values: [0],
          StatusCode: 'PartialData',
          Messages: [{ Code: 'MaxQueryTimeRangeExceed', Value: 'too much data' }],
        },
      ],
    });
    const [result] = await runPlan(
      metricGate({ awsSdkV3Client: client, conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }] }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^inconclusive: .*CloudWatch answered PartialData for series c0 \(MaxQueryTimeRangeExceed: too much data\)/,
    );
  });

  it('in a dry run, reports a failing gate without letting it fail the hook', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves(answer({ c0: 7 }));
    const [result] = await runPlan(
      metricGate({
        awsSdkV3Client: client,
        conditions: [{ metric: 'Errors', stat: 'Sum', max: 0 }],
        dryRun: true,
      }),
      plan,
    );
    expect(result).toMatchObject({ status: 'fail', required: false });
  });
});
