import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { runPlan } from '@shiftguard/core';
import { mockClient } from 'aws-sdk-client-mock';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { InvalidMetricsOptionsError } from '../errors';
import { alarmGate } from './alarm-gate';

const cloudWatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const metricAlarm = (AlarmName: string, StateValue: string, StateReason = `${StateValue} reason`) => ({
  AlarmName,
  StateValue: StateValue as never,
  StateReason,
  StateUpdatedTimestamp: new Date(Date.UTC(2026, 0, 1, 10)),
});
const inputs = () => cloudWatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input);

beforeEach(() => cloudWatch.reset());

describe('alarmGate', () => {
  it('passes when no alarm is in ALARM, asking for metric and composite alarms by name', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [metricAlarm('orders-errors', 'OK')],
      CompositeAlarms: [metricAlarm('orders-health', 'OK')],
    });
    const [result] = await runPlan(
      alarmGate({ awsSdkV3Client: client, alarms: ['orders-errors', 'orders-health'] }),
      plan,
    );
    expect(result).toMatchObject({ status: 'pass', message: '1 measurement(s): 2 alarm(s) not in ALARM' });
    expect(inputs()).toEqual([
      {
        AlarmNames: ['orders-errors', 'orders-health'],
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
      },
    ]);
  });

  it('fails naming each alarm in ALARM and CloudWatch’s reason', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        metricAlarm(
          'orders-errors',
          'ALARM',
          'Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (1.0)',
        ),
        metricAlarm('orders-p99', 'OK'),
      ],
    });
    const [result] = await runPlan(
      alarmGate({ awsSdkV3Client: client, alarms: ['orders-errors', 'orders-p99'] }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toContain(
      'orders-errors is ALARM: Threshold Crossed: 3 out of the last 3 datapoints',
    );
    expect(result?.details?.measurements).toEqual([
      expect.objectContaining({
        details: {
          alarms: expect.arrayContaining([expect.objectContaining({ name: 'orders-p99', state: 'OK' })]),
        },
      }),
    ]);
  });

  it('fails when a named alarm does not exist, and when a prefix matches none', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [metricAlarm('orders-errors', 'OK')] });
    const [missing] = await runPlan(
      alarmGate({ awsSdkV3Client: client, alarms: ['orders-errors', 'orders-typo'] }),
      plan,
    );
    expect(missing?.message).toMatch(/no such alarm: orders-typo/);
    cloudWatch.reset();
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const [none] = await runPlan(alarmGate({ awsSdkV3Client: client, prefix: 'payments-' }), plan);
    expect(none?.message).toMatch(/no alarm's name starts with "payments-"/);
    expect(inputs()[0]).toMatchObject({ AlarmNamePrefix: 'payments-' });
  });

  it('passes INSUFFICIENT_DATA as CodeDeploy does, unless told to fail or call it inconclusive', async () => {
    cloudWatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [metricAlarm('orders-v7-errors', 'INSUFFICIENT_DATA')] });
    const alarms = ['orders-v7-errors'];
    const [lenient] = await runPlan(alarmGate({ awsSdkV3Client: client, alarms }), plan);
    expect(lenient?.message).toMatch(/1 in INSUFFICIENT_DATA, passed as asked/);
    const [strict] = await runPlan(
      alarmGate({ awsSdkV3Client: client, alarms, insufficientData: 'fail' }),
      plan,
    );
    expect(strict?.status).toBe('fail');
    const [unsure] = await runPlan(
      alarmGate({ awsSdkV3Client: client, alarms, insufficientData: 'inconclusive' }),
      plan,
    );
    expect(unsure?.message).toMatch(/^inconclusive: /);
  });

  it('asks for at most 100 names a call and follows NextToken', async () => {
    const names = Array.from({ length: 150 }, (_, index) => `alarm-${index}`);
    cloudWatch
      .on(DescribeAlarmsCommand)
      .callsFake(async (input: { AlarmNames?: string[]; NextToken?: string }) => {
        const batch = input.AlarmNames ?? [];
        // The first batch comes in two pages.
        if (batch.length === 100 && input.NextToken === undefined) {
          return { MetricAlarms: batch.slice(0, 50).map((name) => metricAlarm(name, 'OK')), NextToken: 't' };
        }
        return {
          MetricAlarms: (batch.length === 100 ? batch.slice(50) : batch).map((name) =>
            metricAlarm(name, 'OK'),
          ),
        };
      });
    const [result] = await runPlan(alarmGate({ awsSdkV3Client: client, alarms: names }), plan);
    expect(result?.message).toMatch(/150 alarm\(s\) not in ALARM/);
    expect(inputs().map((input) => [input.AlarmNames?.length, input.NextToken])).toEqual([
      [100, undefined],
      [100, 't'],
      [50, undefined],
    ]);
  });

  it.each([
    ['neither alarms nor prefix', {}],
    ['both alarms and prefix', { alarms: ['a'], prefix: 'a' }],
    ['an empty alarm list', { alarms: [] }],
    ['an unknown INSUFFICIENT_DATA policy', { alarms: ['a'], insufficientData: 'ignore' }],
  ])('refuses %s', (_case, options) => {
    expect(() => alarmGate({ awsSdkV3Client: client, ...(options as object) } as never)).toThrow(
      InvalidMetricsOptionsError,
    );
  });
});
