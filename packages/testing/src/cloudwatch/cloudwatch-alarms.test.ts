import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  ResourceNotFound,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { createManualClock, type Emulator, type ManualClock, startEmulator } from '../index';
import { parseQueryXml } from './xml.test-support';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const canary = { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '2' };

let clock: ManualClock;
let emulator: Emulator;
let client: CloudWatchClient;

beforeEach(async () => {
  clock = createManualClock({ startAt: T0 });
  emulator = await startEmulator({ clock });
  client = new CloudWatchClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

function lambdaMinute(invocations: number, errors: number): void {
  const timestamp = clock.wallTime();
  emulator.cloudWatch.putMetricData({
    namespace: 'AWS/Lambda',
    metricData: [
      { metricName: 'Invocations', dimensions: canary, values: [1], counts: [invocations], timestamp },
      {
        metricName: 'Errors',
        dimensions: canary,
        values: [0, 1],
        counts: [invocations - errors, errors],
        timestamp,
      },
    ],
  });
}

const dimensions = Object.entries(canary).map(([Name, Value]) => ({ Name, Value }));
const state = async (AlarmName: string) =>
  (
    await client.send(
      new DescribeAlarmsCommand({ AlarmNames: [AlarmName], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
    )
  ).MetricAlarms?.[0]?.StateValue;

describe('CloudWatch alarms through @aws-sdk/client-cloudwatch', () => {
  it('evaluates a metric alarm and a math alarm every minute on the clock over the metric store', async () => {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'canary-errors',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: dimensions,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'canary-error-rate',
        EvaluationPeriods: 1,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: [
          {
            Id: 'errors',
            MetricStat: {
              Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: dimensions },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          {
            Id: 'calls',
            MetricStat: {
              Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: dimensions },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          { Id: 'rate', Expression: '100 * errors / calls', ReturnData: true },
        ],
      }),
    );
    await client.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'canary',
        AlarmRule: 'ALARM(canary-errors) OR ALARM(canary-error-rate)',
      }),
    );

    lambdaMinute(100, 1);
    await clock.advance(MINUTE);
    const afterOne = [await state('canary-errors'), await state('canary-error-rate')];
    lambdaMinute(100, 20);
    await clock.advance(MINUTE);
    const afterTwo = [await state('canary-errors'), await state('canary-error-rate')];
    const composite = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    const history = await client.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'canary-errors', HistoryItemType: 'StateUpdate' }),
    );

    expect(afterOne).toEqual(['OK', 'OK']);
    expect(afterTwo).toEqual(['ALARM', 'ALARM']);
    expect(composite.CompositeAlarms?.[0]).toMatchObject({ AlarmName: 'canary', StateValue: 'ALARM' });
    expect(history.AlarmHistoryItems?.[0]).toMatchObject({
      AlarmName: 'canary-errors',
      HistoryItemType: 'StateUpdate',
      Timestamp: new Date(T0 + 2 * MINUTE),
    });
    expect(
      emulator.cloudWatch.alarms().metricAlarms.map((alarm) => [alarm.AlarmName, alarm.StateValue]),
    ).toEqual([
      ['canary-error-rate', 'ALARM'],
      ['canary-errors', 'ALARM'],
    ]);
  });

  it('sets a state by hand, deletes, and answers a missing alarm with ResourceNotFound (404 in query mode)', async () => {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'a',
        Namespace: 'Shop',
        MetricName: 'Orders',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
      }),
    );
    await client.send(
      new SetAlarmStateCommand({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'testing' }),
    );
    const set = await state('a');
    await client.send(new DeleteAlarmsCommand({ AlarmNames: ['a'] }));
    const missing = await client
      .send(new SetAlarmStateCommand({ AlarmName: 'a', StateValue: 'OK', StateReason: 'testing' }))
      .catch((caught: unknown) => caught);

    expect(set).toBe('ALARM');
    expect(emulator.cloudWatch.alarmHistory('a').map((item) => item.HistoryItemType)).toContain(
      'StateUpdate',
    );
    expect(missing).toBeInstanceOf(ResourceNotFound);
    expect(missing).toMatchObject({ Code: 'ResourceNotFound', $metadata: { httpStatusCode: 404 } });
  });
});

describe('CloudWatch alarms on the query protocol', () => {
  it('puts and describes an alarm with XML timestamps', async () => {
    const post = async (params: Record<string, string>) => {
      const response = await fetch(emulator.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams({ Version: '2010-08-01', ...params }).toString(),
      });
      return { status: response.status, body: await response.text() };
    };

    const put = await post({
      Action: 'PutMetricAlarm',
      AlarmName: 'orders',
      Namespace: 'Shop',
      MetricName: 'Orders',
      'Dimensions.member.1.Name': 'Env',
      'Dimensions.member.1.Value': 'prod',
      Statistic: 'Sum',
      Period: '60',
      EvaluationPeriods: '1',
      Threshold: '1.5',
      ComparisonOperator: 'GreaterThanThreshold',
      ActionsEnabled: 'false',
    });
    const described = await post({ Action: 'DescribeAlarms', 'AlarmNames.member.1': 'orders' });
    const bad = await post({
      Action: 'SetAlarmState',
      AlarmName: 'nope',
      StateValue: 'OK',
      StateReason: 'x',
    });

    expect(put.status).toBe(200);
    const alarm = (
      parseQueryXml(
        described.body,
        new Set([
          'MetricAlarms',
          'CompositeAlarms',
          'Dimensions',
          'OKActions',
          'AlarmActions',
          'InsufficientDataActions',
          'Metrics',
        ]),
      ) as {
        DescribeAlarmsResponse: { DescribeAlarmsResult: { MetricAlarms: Record<string, unknown>[] } };
      }
    ).DescribeAlarmsResponse.DescribeAlarmsResult.MetricAlarms[0];
    expect(alarm).toMatchObject({
      AlarmName: 'orders',
      Threshold: '1.5',
      ActionsEnabled: 'false',
      Dimensions: [{ Name: 'Env', Value: 'prod' }],
      StateValue: 'INSUFFICIENT_DATA',
      StateUpdatedTimestamp: new Date(T0).toISOString().replace('.000Z', 'Z'),
    });
    expect(bad.status).toBe(404);
    expect(bad.body).toContain('<Code>ResourceNotFound</Code>');
  });
});
