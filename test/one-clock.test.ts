/**
 * One manual clock drives the emulator's Lambda timeouts and a hook's deadline together: a PreTraffic
 * hook built with createHook and invokeCheck smoke-invokes a version that never answers, through the real
 * @aws-sdk/client-lambda and @aws-sdk/client-codedeploy, and minutes of clock time pass in milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { createHook, type VerdictReport } from '@shiftguard/core';
import { invokeCheck } from '@shiftguard/lambda';
import {
  createLambdaContext,
  createManualClock,
  type Emulator,
  type ManualClock,
  startEmulator,
} from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';

const START = Date.UTC(2024, 2, 1, 9, 0, 0);
const MINUTE = 60_000;
const HOOK = 'orders-pre-traffic';

let clock: ManualClock;
let emulator: Emulator;

beforeEach(async () => {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock });
});
afterEach(() => emulator.close());

/** `orders` with version 1 serving and version 2 = a handler that never answers, and a deployment of 2. */
function deployHangingVersion(functionTimeoutMs: number) {
  emulator.lambda.createFunction({
    functionName: 'orders',
    handler: { fn: async () => ({ statusCode: 200 }) },
    timeoutMs: functionTimeoutMs,
  });
  const current = emulator.lambda.publishVersion('orders');
  const target = emulator.lambda.publishVersion('orders', { handler: { fn: () => new Promise(() => {}) } });
  emulator.lambda.createAlias('orders', 'live', current);
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    appSpec: ordersAppSpec({ current, target, hooks: { BeforeAllowTraffic: HOOK } }),
  });
  return { deploymentId, executionId: hookExecutionIds.BeforeAllowTraffic!, target };
}

/** A hook on `clock` whose one check smoke-invokes the target version through a real LambdaClient. */
function hookOnTheClock(verdicts: VerdictReport[]) {
  const keep = (_message: string, extra?: { verdict?: VerdictReport }) => {
    if (extra?.verdict) verdicts.push(extra.verdict);
  };
  return createHook({
    checks: [invokeCheck({ clientConfig: { ...emulator.clientConfig(), maxAttempts: 1 } })],
    clientConfig: emulator.clientConfig(),
    clock,
    logger: { debug() {}, info: keep, warn: keep, error() {} },
    metrics: false,
    env: {},
  });
}

/** Real time passes (HTTP between the SDK clients and the emulator) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for real I/O');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Advances to `time` in steps of at most a minute, giving the real I/O a step may set off time to
 * happen before the next one, and checking after each step that `quiet()` still holds.
 */
async function stepTo(time: number, quiet: () => boolean): Promise<void> {
  while (clock.now() < time) {
    await clock.advance(Math.min(MINUTE, time - clock.now()));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(quiet()).toBe(true);
  }
}

it('a 10-minute Lambda timeout ends the check, and the hook reports Failed once, before its own deadline', async () => {
  const realStart = performance.now();
  const { deploymentId, executionId, target } = deployHangingVersion(10 * MINUTE);
  const verdicts: VerdictReport[] = [];
  const run = hookOnTheClock(verdicts)(
    { DeploymentId: deploymentId, LifecycleEventHookExecutionId: executionId },
    createLambdaContext({ functionName: HOOK, clock, timeoutMs: 15 * MINUTE }),
  );
  await until(() => emulator.lambda.invocations({ functionName: 'orders' })[0]?.status === 'running');

  // Both deadlines are timers on the one clock: the Lambda timeout at 10 minutes, the hook's plan
  // deadline at 15 minutes less the 2 s it keeps to report.
  const due = clock.pendingTimers().map((timer) => timer.dueAt - START);
  expect(due).toEqual(expect.arrayContaining([10 * MINUTE, 15 * MINUTE - 2_000]));

  const stillRunning = () =>
    emulator.lambda.invocations({ functionName: 'orders' })[0]?.status === 'running' &&
    emulator.codeDeploy.reports({ deploymentId }).length === 0;
  await stepTo(START + 10 * MINUTE - 1, stillRunning);
  await clock.advance(1);
  await run; // the answer, the check and the report travel over real HTTP; the clock stands still

  const [invocation] = emulator.lambda.invocations({ functionName: 'orders' });
  expect(invocation).toMatchObject({
    executedVersion: target,
    status: 'timedOut',
    receivedAt: START,
    durationMs: 10 * MINUTE,
    error: { errorType: 'Sandbox.Timedout' },
  });
  expect(invocation?.log).toContain(`${new Date(START + 10 * MINUTE).toISOString()} `);
  // Reported at the instant the function timed out: the clock stood still while the answer travelled.
  expect(emulator.codeDeploy.reports({ deploymentId })).toEqual([
    expect.objectContaining({ status: 'Failed', outcome: 'accepted', receivedAt: START + 10 * MINUTE }),
  ]);
  expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, executionId)).toBe('Failed');
  expect(verdicts[0]?.checks[0]).toMatchObject({ status: 'fail' });
  expect(verdicts[0]?.checks[0]?.message).toMatch(/Task timed out after 600\.00 seconds/);
  expect(clock.pendingTimers()).toEqual([]);
  // Ten minutes of clock time, a fraction of it real: a loose bound, for sanity only.
  expect(performance.now() - realStart).toBeLessThan(10_000);
});

it("the hook's deadline, 5 minutes away, comes first: Failed once at the deadline, the invocation timing out later", async () => {
  const { deploymentId, executionId } = deployHangingVersion(15 * MINUTE);
  const verdicts: VerdictReport[] = [];
  const run = hookOnTheClock(verdicts)(
    { DeploymentId: deploymentId, LifecycleEventHookExecutionId: executionId },
    createLambdaContext({ functionName: HOOK, clock, timeoutMs: 5 * MINUTE }),
  );
  const realStart = performance.now();
  await until(() => emulator.lambda.invocations({ functionName: 'orders' })[0]?.status === 'running');

  // The plan deadline: 5 minutes less the 2 s the hook keeps back to report.
  const planDeadline = START + 5 * MINUTE - 2_000;
  await stepTo(planDeadline - 1, () => emulator.codeDeploy.reports({ deploymentId }).length === 0);
  await clock.advance(1);
  await run;

  expect(emulator.codeDeploy.reports({ deploymentId })).toEqual([
    expect.objectContaining({ status: 'Failed', outcome: 'accepted', receivedAt: planDeadline }),
  ]);
  expect(verdicts[0]?.checks[0]).toMatchObject({ status: 'timed-out' });
  expect(emulator.lambda.invocations({ functionName: 'orders' })[0]?.status).toBe('running');

  await clock.advanceTo(START + 15 * MINUTE);

  expect(emulator.lambda.invocations({ functionName: 'orders' })[0]).toMatchObject({
    status: 'timedOut',
    durationMs: 15 * MINUTE,
  });
  expect(emulator.codeDeploy.reports({ deploymentId })).toHaveLength(1);
  expect(performance.now() - realStart).toBeLessThan(10_000);
});
