import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createManualClock, type Emulator, seededRandom, startEmulator } from '../index';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

let emulator: Emulator;

afterEach(async () => {
  await emulator?.close();
});

describe('AWS/Lambda metrics of a weighted alias, through GetMetricData', () => {
  it('answers per ExecutedVersion what an hour of canary traffic produced', async () => {
    const clock = createManualClock({ startAt: T0 });
    emulator = await startEmulator({ clock, random: seededRandom(7) });
    emulator.lambda.createFunction({ functionName: 'orders', handler: { fn: async () => ({ ok: true }) } });
    emulator.lambda.publishVersion('orders');
    emulator.lambda.publishVersion('orders', {
      handler: {
        fn: async (event: { n: number }) => {
          if (event.n % 4 === 0) throw new Error('canary bug');
          return { ok: true };
        },
      },
    });
    emulator.lambda.createAlias('orders', 'live', '1', { additionalVersionWeights: { '2': 0.25 } });
    const lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    const cloudWatch = new CloudWatchClient({ ...emulator.clientConfig(), maxAttempts: 1 });

    let n = 0;
    for (let minute = 0; minute < 60; minute += 1) {
      await Promise.all(
        Array.from({ length: 4 }, () =>
          lambda.send(
            new InvokeCommand({
              FunctionName: 'orders:live',
              Payload: Buffer.from(JSON.stringify({ n: n++ })),
            }),
          ),
        ),
      );
      await clock.advance(MINUTE);
    }
    const version = (executed: string, metricName: string, Id: string): MetricDataQuery => ({
      Id,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName: metricName,
          Dimensions: [
            { Name: 'FunctionName', Value: 'orders' },
            { Name: 'Resource', Value: 'orders:live' },
            { Name: 'ExecutedVersion', Value: executed },
          ],
        },
        Period: 3600,
        Stat: 'Sum',
      },
    });
    const out = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          version('1', 'Invocations', 'inv1'),
          version('1', 'Errors', 'err1'),
          version('2', 'Invocations', 'inv2'),
          version('2', 'Errors', 'err2'),
          { Id: 'rate2', Expression: 'err2 / inv2' },
        ],
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 60 * MINUTE),
      }),
    );
    lambda.destroy();
    cloudWatch.destroy();

    const records = emulator.lambda.invocations({ functionName: 'orders' });
    const ran = (executed: string) => records.filter((record) => record.executedVersion === executed);
    const failed = (executed: string) => ran(executed).filter((record) => record.status === 'failed');
    const sums = Object.fromEntries(
      (out.MetricDataResults ?? []).map((result) => [result.Id, result.Values?.[0]]),
    );
    expect(records).toHaveLength(240);
    expect(ran('2').length).toBeGreaterThan(30);
    expect(sums).toEqual({
      inv1: ran('1').length,
      err1: 0,
      inv2: ran('2').length,
      err2: failed('2').length,
      rate2: failed('2').length / ran('2').length,
    });
    expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(T0)]);
  });
});

describe('zero-valued Lambda metrics', () => {
  it.each([
    [true, [0, 1], [2, 1]],
    [false, [1], [1]],
  ])(
    'publishZeroErrors %s: Errors per period and its SampleCount',
    async (publishZeroErrors, sums, counts) => {
      const clock = createManualClock({ startAt: T0 });
      emulator = await startEmulator({ clock, publishZeroErrors });
      let fail = false;
      emulator.lambda.createFunction({
        functionName: 'orders',
        handler: {
          fn: async () => {
            if (fail) throw new Error('bug');
            return {};
          },
        },
      });
      const lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
      await lambda.send(new InvokeCommand({ FunctionName: 'orders' }));
      await lambda.send(new InvokeCommand({ FunctionName: 'orders' }));
      await clock.advance(MINUTE);
      fail = true;
      await lambda.send(new InvokeCommand({ FunctionName: 'orders' }));
      lambda.destroy();

      const query = (stat: string) =>
        emulator.cloudWatch.getMetricData({
          metricDataQueries: [
            {
              id: 'errors',
              metricStat: {
                metric: {
                  namespace: 'AWS/Lambda',
                  metricName: 'Errors',
                  dimensions: { FunctionName: 'orders' },
                },
                period: 60,
                stat,
              },
            },
          ],
          startTime: T0,
          endTime: T0 + 2 * MINUTE,
          scanBy: 'TimestampAscending',
        }).metricDataResults[0]?.values;

      expect(query('Sum')).toEqual(sums);
      expect(query('SampleCount')).toEqual(counts);
    },
  );
});
