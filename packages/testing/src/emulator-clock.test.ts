/**
 * The emulator on one injected clock: timestamps from its wall time, Lambda timeouts, remaining time and
 * durations from its monotonic time and timers, `delay` faults on its timers, routing from its random.
 */
import { performance } from 'node:perf_hooks';
import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { sleep } from '@shiftguard/kit';
import {
  createManualClock,
  type Emulator,
  InvalidEmulatorInputError,
  type ManualClock,
  startEmulator,
} from './index';

const START = Date.UTC(2024, 5, 1, 8, 0, 0);
const MINUTE = 60_000;

let clock: ManualClock;
let emulator: Emulator;
let lambda: LambdaClient;

beforeEach(async () => {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock });
  lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  lambda.destroy();
  await emulator.close();
});

/** Waits in real time (the request is on its way over HTTP) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the emulator');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const invoke = (FunctionName: string) => lambda.send(new InvokeCommand({ FunctionName, LogType: 'Tail' }));
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('the emulator on a manual clock', () => {
  it('times a Lambda out when the clock reaches the timeout, not before, however little real time passed', async () => {
    emulator.lambda.createFunction({
      functionName: 'stuck',
      handler: { fn: () => new Promise(() => {}) },
      timeoutMs: 10 * MINUTE,
    });
    const realStart = performance.now();
    const pending = invoke('stuck');
    await until(() => emulator.lambda.invocations()[0]?.status === 'running');

    expect(clock.pendingTimers()).toEqual([{ dueAt: START + 10 * MINUTE, delayMs: 10 * MINUTE }]);
    await clock.advance(10 * MINUTE - 1);
    expect(emulator.lambda.invocations()[0]?.status).toBe('running');
    await clock.advance(1);
    const output = await pending;

    expect(JSON.parse(text(output.Payload))).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringContaining('Task timed out after 600.00 seconds'),
    });
    expect(emulator.lambda.invocations()[0]).toMatchObject({
      status: 'timedOut',
      receivedAt: START,
      durationMs: 10 * MINUTE,
    });
    expect(Buffer.from(output.LogResult ?? '', 'base64').toString('utf8')).toContain(
      `${new Date(START + 10 * MINUTE).toISOString()} `,
    );
    expect(performance.now() - realStart).toBeLessThan(5_000);
  });

  it('counts the remaining time and the duration down on the clock', async () => {
    emulator.lambda.createFunction({
      functionName: 'waits',
      handler: {
        fn: async (_event, context) => {
          const before = context.getRemainingTimeInMillis();
          await sleep(clock, 90_000);
          return { before, after: context.getRemainingTimeInMillis() };
        },
      },
      timeoutMs: 5 * MINUTE,
    });
    const pending = invoke('waits');
    await until(() => clock.pendingTimers().length === 2);

    await clock.advance(90_000);
    const output = await pending;

    expect(JSON.parse(text(output.Payload))).toEqual({ before: 5 * MINUTE, after: 5 * MINUTE - 90_000 });
    expect(emulator.lambda.invocations()[0]).toMatchObject({ status: 'succeeded', durationMs: 90_000 });
    expect(Buffer.from(output.LogResult ?? '', 'base64').toString('utf8')).toMatch(
      /Duration: 90000\.00 ms\tBilled Duration: 90000 ms/,
    );
    expect(
      emulator.lambda.metricStatistics({ metricName: 'Duration', dimensions: { FunctionName: 'waits' } }),
    ).toMatchObject([{ timestamp: START, maximum: 90_000 }]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it("keeps the invocation's log and environment for code a clock timer calls", async () => {
    emulator.lambda.createFunction({
      functionName: 'logs-later',
      handler: {
        // Called by the timer itself, not after an await: the timer must carry the invocation's context.
        fn: () =>
          new Promise((resolve) =>
            clock.setTimeout(() => {
              console.log('in the timer');
              resolve({ name: process.env.AWS_LAMBDA_FUNCTION_NAME ?? null });
            }, 30_000),
          ),
      },
      timeoutMs: MINUTE,
    });
    const pending = invoke('logs-later');
    await until(() => clock.pendingTimers().length === 2);

    await clock.advance(30_000);
    const output = await pending;

    expect(JSON.parse(text(output.Payload))).toEqual({ name: 'logs-later' });
    expect(emulator.lambda.invocations()[0]?.log).toContain('\tINFO\tin the timer');
  });

  it('holds a delayed answer until the clock has moved by the delay', async () => {
    const codeDeploy = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject('GetDeployment', { kind: 'delay', ms: 5 * MINUTE });
    let answered = false;
    const pending = codeDeploy.send(new GetDeploymentCommand({ deploymentId })).finally(() => {
      answered = true;
    });
    await until(() => clock.pendingTimers().length === 1);

    await clock.advance(5 * MINUTE - 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    await clock.advance(1);

    expect((await pending).deploymentInfo?.deploymentId).toBe(deploymentId);
    codeDeploy.destroy();
  });

  it('stamps deployments and function versions with the clock’s wall time', async () => {
    await clock.advance(MINUTE);
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    emulator.lambda.createFunction({ functionName: 'f', handler: { fn: () => 'ok' } });

    expect(emulator.codeDeploy.getDeployment(deploymentId).createTime).toBe(START + MINUTE);
    expect(emulator.lambda.getFunction('f').versions[0]?.lastModified).toBe(START + MINUTE);
  });
});

describe('randomness for weighted aliases', () => {
  async function executedVersions(random: { clock?: () => number; option?: () => number }) {
    const drawing = createManualClock({ ...(random.clock ? { random: random.clock } : {}) });
    const local = await startEmulator({
      clock: drawing,
      ...(random.option ? { random: random.option } : {}),
    });
    const client = new LambdaClient({ ...local.clientConfig(), maxAttempts: 1 });
    try {
      local.lambda.createFunction({ functionName: 'orders', handler: { fn: () => 'ok' } });
      local.lambda.publishVersion('orders');
      local.lambda.publishVersion('orders', { handler: { fn: () => 'new' } });
      local.lambda.createAlias('orders', 'live', '1', { additionalVersionWeights: { '2': 0.5 } });
      const versions: (string | undefined)[] = [];
      for (let i = 0; i < 3; i += 1) {
        versions.push(
          (await client.send(new InvokeCommand({ FunctionName: 'orders:live' }))).ExecutedVersion,
        );
      }
      return versions;
    } finally {
      client.destroy();
      await local.close();
    }
  }

  it("defaults to the clock's random(), and the random option overrides it", async () => {
    expect(await executedVersions({ clock: () => 0.1 })).toEqual(['2', '2', '2']);
    expect(await executedVersions({ clock: () => 0.9 })).toEqual(['1', '1', '1']);
    expect(await executedVersions({ clock: () => 0.1, option: () => 0.9 })).toEqual(['1', '1', '1']);
  });
});

describe('the clock option', () => {
  const notClocks: [unknown, string][] = [
    [{ now: () => 0 }, 'setTimeout(), clearTimeout()'],
    [{ now: () => 0, setTimeout: () => 0 }, 'clearTimeout()'],
    [{ now: () => 0, setTimeout: () => 0, clearTimeout: () => {}, wallTime: 5 }, 'wallTime'],
    [{ now: () => 0, setTimeout: () => 0, clearTimeout: () => {}, random: 'x' }, 'random'],
    [null, 'null'],
  ];

  it.each(notClocks)('refuses %p, naming the clock and what it lacks', async (clockLike, lacking) => {
    const error = await startEmulator({ clock: clockLike as never }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidEmulatorInputError);
    expect(error).toMatchObject({ path: 'clock', message: expect.stringContaining(lacking) });
  });

  it('takes a partial clock, its wall time following now()', async () => {
    let now = 1_000;
    const timers = new Set<unknown>();
    const local = await startEmulator({
      clock: {
        now: () => now,
        setTimeout: (callback: () => void) => {
          timers.add(callback);
          return callback;
        },
        clearTimeout: (handle: unknown) => timers.delete(handle),
      },
    });
    try {
      const first = local.codeDeploy.createDeployment();
      now += 5_000;
      const second = local.codeDeploy.createDeployment();

      const created = (id: string) => local.codeDeploy.getDeployment(id).createTime;
      expect(created(second.deploymentId) - created(first.deploymentId)).toBe(5_000);
      expect(Math.abs(created(first.deploymentId) - Date.now())).toBeLessThan(60_000);
    } finally {
      await local.close();
    }
  });
});
