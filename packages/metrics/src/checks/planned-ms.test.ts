import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { planBudgetOf, runPlan } from '@shiftguard/core';
import { createManualClock } from '@shiftguard/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { alarmGate } from './alarm-gate';
import { canaryJudge } from './canary-judge';
import { metricGate } from './metric-gate';

const client = new CloudWatchClient({ region: 'us-east-1' });
const alarms = { alarms: ['orders-errors'], awsSdkV3Client: client };
const conditions = [{ metric: 'Errors', stat: 'Sum', max: 0 }] as const;
const metrics = { conditions, awsSdkV3Client: client };

describe('what the metric checks declare of their time (plannedMs)', () => {
  it.each([
    ['one measurement', {}, undefined],
    ['an initial delay', { initialDelayMs: 60_000 }, { min: 60_000 }],
    ['count measurements an interval apart', { count: 5, intervalMs: 30_000 }, { min: 120_000 }],
    ['both', { initialDelayMs: 10_000, count: 3, intervalMs: 1_000 }, { min: 12_000 }],
    // Measuring until the deadline: nothing certain but the initial delay.
    ['only an interval', { initialDelayMs: 5_000, intervalMs: 60_000 }, { min: 5_000 }],
    ['one measurement, an interval given', { count: 1, intervalMs: 60_000 }, undefined],
  ])('alarmGate and metricGate: %s', (_, analysis, planned) => {
    expect(alarmGate({ ...alarms, ...analysis }).plannedMs).toEqual(planned);
    expect(metricGate({ ...metrics, ...analysis }).plannedMs).toEqual(planned);
  });

  it('never declares a max: nothing but the deadline bounds a CloudWatch call', () => {
    const gate = alarmGate({ ...alarms, count: 3, intervalMs: 1_000 });
    expect(planBudgetOf(gate)).toEqual({ minMs: 2_000, maxMs: undefined, cleanupMs: 0 });
  });

  it('keeps the declaration under dryRun (warnOnly)', () => {
    expect(planBudgetOf(metricGate({ ...metrics, initialDelayMs: 60_000, dryRun: true })).minMs).toBe(60_000);
  });

  it('declares nothing for canaryJudge, which measures once without waiting', () => {
    expect(canaryJudge({ awsSdkV3Client: client }).plannedMs).toBeUndefined();
  });

  it('takes at least what alarmGate declares when it passes', async () => {
    const cloudWatch = mockClient(CloudWatchClient);
    cloudWatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'orders-errors', StateValue: 'OK' }] });
    try {
      const clock = createManualClock({ startAt: 0 });
      const gate = alarmGate({ ...alarms, initialDelayMs: 500, count: 3, intervalMs: 1_000 });
      let done = false;
      const running = runPlan(gate, { ...plan, clock }).finally(() => {
        done = true;
      });
      for (let turns = 0; !done && turns < 1_000; turns++) {
        if (!(await clock.next())) await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await running).map((result) => result.status)).toEqual(['pass']);
      expect(clock.now()).toBe(planBudgetOf(gate).minMs);
    } finally {
      cloudWatch.restore();
    }
  });
});
