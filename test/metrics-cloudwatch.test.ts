/**
 * The metric checks through the real @aws-sdk/client-cloudwatch against the emulator's CloudWatch,
 * on metrics the emulator's Lambda published for real invocations: a weighted alias sends half its
 * traffic to each version, at error rates and latencies chosen per version. A manual clock moves a
 * minute at a time while every invocation of that minute sleeps on it, so durations are exact and ten
 * minutes of canary traffic pass in well under a second.
 */

import {
  CloudWatchClient,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  type CheckResult,
  createHook,
  type RunPlanOptions,
  runPlan,
  type VerdictReport,
} from '@shiftguard/core';
import { sleep } from '@shiftguard/kit';
import { alarmGate, canaryJudge, metricGate } from '@shiftguard/metrics';
import {
  createLambdaContext,
  createManualClock,
  type Emulator,
  type ManualClock,
  seededRandom,
  startEmulator,
} from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';

const START = Date.UTC(2026, 0, 1, 9, 0);
const MINUTE = 60_000;
const ROUND = 40;

let clock: ManualClock;
let emulator: Emulator;
afterEach(() => emulator?.close());

interface VersionBehaviour {
  readonly errorRate: number;
  readonly medianMs: number;
}

/**
 * `orders` with version 1 and version 2 behaving as asked, the alias `live` sending half of its
 * traffic to 2, then `minutes` of traffic at `perMinute` invocations; returns the plan context of a
 * PostTraffic hook judging version 2 against 1.
 */
async function canaryTraffic(v1: VersionBehaviour, v2: VersionBehaviour, perMinute: number, minutes: number) {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock, random: seededRandom(7) });
  const random = seededRandom(99);
  const handler = (behaviour: VersionBehaviour) => ({
    fn: async () => {
      // A log-normal duration on the emulator's clock, log-sd 0.2.
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      await sleep(clock, behaviour.medianMs * Math.exp(0.2 * z));
      if (random() < behaviour.errorRate) throw new Error('order store unavailable');
      return { statusCode: 200 };
    },
  });
  emulator.lambda.createFunction({ functionName: 'orders', handler: handler(v1), timeoutMs: 10_000 });
  const current = emulator.lambda.publishVersion('orders');
  const target = emulator.lambda.publishVersion('orders', { handler: handler(v2) });
  emulator.lambda.createAlias('orders', 'live', current, { additionalVersionWeights: { [target]: 0.5 } });
  // The deployment is created as the canary starts, as CodeDeploy creates it before shifting traffic.
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    appSpec: ordersAppSpec({ current, target, hooks: { AfterAllowTraffic: 'orders-post-traffic' } }),
  });
  const lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  for (let minute = 0; minute < minutes; minute++) {
    // Rounds the SDK's 50 sockets can carry at once: each round starts, sleeps on the clock, and ends
    // when the clock moves 5 s on (past every duration drawn); then the rest of the minute passes.
    for (let sent = 0; sent < perMinute; sent += ROUND) {
      const round = Math.min(ROUND, perMinute - sent);
      const calls = Array.from({ length: round }, () =>
        lambda.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: 'live', Payload: '{}' })),
      );
      const settled = Promise.allSettled(calls);
      await until(() => running() === round);
      await clock.advance(5_000);
      for (const call of await settled) if (call.status === 'rejected') throw call.reason;
    }
    await clock.advanceTo(START + (minute + 1) * MINUTE);
  }
  const plan: RunPlanOptions = {
    target: {
      functionName: 'orders',
      alias: 'live',
      currentVersion: current,
      targetVersion: target,
      qualifiedArn: undefined,
    },
    deployment: {
      deploymentId: 'd-METRICS01',
      executionId: 'exec',
      applicationName: 'orders',
      deploymentGroupName: 'orders-live',
      description: undefined,
      createdAt: START,
    },
    lifecycleEvent: 'AfterAllowTraffic',
    clock,
  };
  const hookEvent = {
    DeploymentId: deploymentId,
    LifecycleEventHookExecutionId: hookExecutionIds.AfterAllowTraffic as string,
  };
  return { plan, current, target, clientConfig: emulator.clientConfig(), hookEvent };
}

const running = () =>
  emulator.lambda.invocations({ functionName: 'orders' }).filter((record) => record.status === 'running')
    .length;

/** Real time passes (HTTP between the SDK and the emulator) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the invocations to start');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const countOf = (version: string, failed?: boolean) =>
  emulator.lambda
    .invocations({ functionName: 'orders' })
    .filter(
      (record) =>
        record.executedVersion === version &&
        (failed === undefined || (record.status !== 'succeeded') === failed),
    ).length;

describe('canaryJudge against the emulator', () => {
  it('fails a new version that errs five times as often, on the totals Lambda published per ExecutedVersion', async () => {
    const { plan, current, target, clientConfig } = await canaryTraffic(
      { errorRate: 0.02, medianMs: 200 },
      { errorRate: 0.1, medianMs: 200 },
      120,
      10,
    );
    const [result] = (await runPlan(canaryJudge({ clientConfig }), plan)) as [CheckResult];
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(
      /critical metric "error rate" failed: the new version's error rate is higher/,
    );
    const [errors] = (result.details?.metrics ?? []) as {
      baseline: { events: number; trials: number };
      canary: { events: number; trials: number };
      classification: string;
    }[];
    // What the judge read from CloudWatch is exactly what the emulator's Lambda ran.
    expect(errors?.baseline).toMatchObject({ events: countOf(current, true), trials: countOf(current) });
    expect(errors?.canary).toMatchObject({ events: countOf(target, true), trials: countOf(target) });
    expect(errors?.canary.trials).toBeGreaterThan(400);
    expect(result.details?.calls).toBe(1);
  });

  it('does not fail a new version that behaves as the old one', async () => {
    const { plan, clientConfig } = await canaryTraffic(
      { errorRate: 0.01, medianMs: 200 },
      { errorRate: 0.01, medianMs: 200 },
      120,
      10,
    );
    const [result] = (await runPlan(canaryJudge({ clientConfig, inconclusive: 'pass' }), plan)) as [
      CheckResult,
    ];
    expect(result.status).toBe('pass');
    expect(result.details?.classifications).not.toHaveProperty('High');
  });

  it('fails a 60% slower new version on its p99, period by period', async () => {
    const { plan, clientConfig } = await canaryTraffic(
      { errorRate: 0, medianMs: 200 },
      { errorRate: 0, medianMs: 320 },
      120,
      10,
    );
    const [result] = (await runPlan(
      canaryJudge({
        clientConfig,
        metrics: [{ name: 'p99', metric: 'Duration', stat: 'p99', critical: true }],
      }),
      plan,
    )) as [CheckResult];
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/critical metric "p99" failed: the new version's p99 is higher/);
    const [p99] = (result.details?.metrics ?? []) as { baseline: { n: number }; test: { pValue: number } }[];
    expect(p99?.baseline.n).toBeGreaterThanOrEqual(9);
    expect(p99?.test.pValue).toBeLessThan(0.05);
  });
});

describe('metricGate against the emulator', () => {
  it('holds the new version’s error rate and p99 to bounds, through one GetMetricData call', async () => {
    const { plan, clientConfig } = await canaryTraffic(
      { errorRate: 0, medianMs: 200 },
      { errorRate: 0.2, medianMs: 200 },
      60,
      5,
    );
    const gate = (maxPct: number) =>
      metricGate({
        clientConfig,
        conditions: [
          { ratio: { of: 'Errors', over: 'Invocations' }, maxPct },
          { metric: 'Duration', stat: 'p99', max: 5_000 },
          { metric: 'Invocations', stat: 'Sum', min: 1, series: 'current' },
        ],
      });
    const [failed] = (await runPlan(gate(5), plan)) as [CheckResult];
    expect(failed.status).toBe('fail');
    expect(failed.message).toMatch(/Errors \/ Invocations = [\d.]+% \(\d+ of \d+\), over the maximum of 5%/);
    const [passed] = (await runPlan(gate(50), plan)) as [CheckResult];
    expect(passed.status).toBe('pass');
  });
});

describe('alarmGate against the emulator', () => {
  it("fails while an alarm on the new version's errors is in ALARM, naming it and CloudWatch's reason; composites too", async () => {
    const { plan, target, clientConfig } = await canaryTraffic(
      { errorRate: 0, medianMs: 100 },
      { errorRate: 0.3, medianMs: 100 },
      40,
      1,
    );
    const cloudWatch = new CloudWatchClient({ ...clientConfig, maxAttempts: 1 });
    const errorsOf = (version: string, name: string) =>
      cloudWatch.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [
            { Name: 'FunctionName', Value: 'orders' },
            { Name: 'Resource', Value: 'orders:live' },
            { Name: 'ExecutedVersion', Value: version },
          ],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        }),
      );
    await errorsOf(target, 'orders-new-version-errors');
    await errorsOf('1', 'orders-old-version-errors');
    await cloudWatch.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'orders-health',
        AlarmRule: 'ALARM("orders-new-version-errors") OR ALARM("orders-old-version-errors")',
      }),
    );
    // The next evaluation, a minute on: the new version's errors of the minute past breach.
    await clock.advance(MINUTE);
    const gate = alarmGate({
      clientConfig,
      alarms: ['orders-new-version-errors', 'orders-old-version-errors', 'orders-health'],
    });
    const [result] = (await runPlan(gate, plan)) as [CheckResult];
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(
      /orders-new-version-errors is ALARM: Threshold Crossed: 1 datapoint \[\d+\.\d+/,
    );
    expect(result.message).toMatch(/orders-health is ALARM/);
    expect(result.message).not.toMatch(/orders-old-version-errors is ALARM/);
    const [measurement] = (result.details?.measurements ?? []) as {
      details: { alarms: { name: string; type: string; state: string }[] };
    }[];
    expect(measurement?.details.alarms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'orders-old-version-errors', type: 'MetricAlarm', state: 'OK' }),
        expect.objectContaining({ name: 'orders-health', type: 'CompositeAlarm', state: 'ALARM' }),
      ]),
    );
    const [byPrefix] = (await runPlan(alarmGate({ clientConfig, prefix: 'orders-old' }), plan)) as [
      CheckResult,
    ];
    expect(byPrefix.status).toBe('pass');
  });
});

describe('canaryJudge in a hook', () => {
  it('resolves the deployment through CodeDeploy, judges since its creation, and reports Failed once', async () => {
    const { clientConfig, hookEvent } = await canaryTraffic(
      { errorRate: 0.01, medianMs: 200 },
      { errorRate: 0.12, medianMs: 200 },
      120,
      6,
    );
    const verdicts: VerdictReport[] = [];
    const keep = (_message: string, extra?: { verdict?: VerdictReport }) => {
      if (extra?.verdict) verdicts.push(extra.verdict);
    };
    const hook = createHook({
      checks: [canaryJudge({ clientConfig })],
      clientConfig,
      clock,
      logger: { debug() {}, info: keep, warn: keep, error() {} },
      metrics: false,
      env: {},
    });
    await hook(
      hookEvent,
      createLambdaContext({ functionName: 'orders-post-traffic', clock, timeoutMs: 60_000 }),
    );
    expect(emulator.codeDeploy.reports({ deploymentId: hookEvent.DeploymentId })).toEqual([
      expect.objectContaining({ status: 'Failed', outcome: 'accepted' }),
    ]);
    const [judge] = verdicts[0]?.checks ?? [];
    expect(judge).toMatchObject({ name: 'canary-judge', status: 'fail' });
    expect(judge?.details).toMatchObject({
      window: { start: new Date(START).toISOString() },
      baselineVersion: '1',
      canaryVersion: '2',
    });
  });
});

describe('bad data, as CloudWatch answers it', () => {
  it('a percentile over negative values has no value, so the gate is inconclusive; a metric that does not exist likewise', async () => {
    clock = createManualClock({ startAt: START + 10 * MINUTE });
    emulator = await startEmulator({ clock });
    emulator.cloudWatch.putMetricData({
      namespace: 'Orders',
      metricData: [
        {
          metricName: 'Margin',
          dimensions: { Stage: 'prod' },
          timestamp: START + 5 * MINUTE,
          values: [-3, 4, 9],
        },
      ],
    });
    const gate = (metricName: string) =>
      metricGate({
        clientConfig: emulator.clientConfig(),
        window: { minutes: 10 },
        conditions: [
          {
            metric: { namespace: 'Orders', metricName, dimensions: { Stage: 'prod' } },
            stat: 'p99',
            max: 100,
          },
        ],
      });
    const plan: RunPlanOptions = {
      target: {
        functionName: 'orders',
        alias: 'live',
        currentVersion: '1',
        targetVersion: '2',
        qualifiedArn: undefined,
      },
      deployment: {
        deploymentId: 'd-BADDATA01',
        executionId: 'e',
        applicationName: 'a',
        deploymentGroupName: 'g',
        description: undefined,
      },
      lifecycleEvent: 'AfterAllowTraffic',
      clock,
    };
    for (const metricName of ['Margin', 'NoSuchMetric']) {
      const [result] = (await runPlan(gate(metricName), plan)) as [CheckResult];
      expect(result.status).toBe('fail');
      expect(result.message).toMatch(
        new RegExp(`^inconclusive: .*no data for Orders ${metricName} \\{Stage=prod\\}`),
      );
    }
  });
});
