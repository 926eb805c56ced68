/**
 * Hooks that inject no clock, running inside the emulator's Lambda, on the emulator's manual clock
 * (`codeClock: 'emulator'`), as the deployment simulator runs a user's hooks: a createHook hook whose
 * check hangs reports Failed once, at its deadline on the emulated clock; a handler bundled with esbuild,
 * carrying its own copy of the kit, sleeps on that clock too. With `codeClock: 'system'` the hook's own
 * timers stay on real time, as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Check, createHook, type VerdictReport } from '@shiftguard/core';
import {
  createManualClock,
  type Emulator,
  type ManualClock,
  type StartEmulatorOptions,
  startEmulator,
} from '@shiftguard/testing';
import { build } from 'esbuild';
import { createGroup, createOrders, deploy, MINUTE, START, stepTo, until } from './support/deployments';

const PRE = 'CodeDeployHook_ordersPreTraffic';

let clock: ManualClock;
let emulator: Emulator;
let client: CodeDeployClient;

async function start(options: Omit<StartEmulatorOptions, 'clock'>): Promise<void> {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock, ...options });
  client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
}

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

/**
 * A PreTraffic hook written as for Lambda, with no clock, whose one check runs until `release` is
 * called (never, unless the test calls it), deployed from `orders` 1 to 2 through CreateDeployment.
 */
async function deployWithHangingHook() {
  const verdicts: VerdictReport[] = [];
  const keep = (_message: string, extra?: { verdict?: VerdictReport }) => {
    if (extra?.verdict) verdicts.push(extra.verdict);
  };
  let started = false;
  let release = () => {};
  const hangs: Check = {
    name: 'hangs',
    run: () =>
      new Promise<void>((resolve) => {
        started = true;
        release = resolve;
      }),
  };
  const hook = createHook({
    checks: [hangs],
    clientConfig: { ...emulator.clientConfig(), maxAttempts: 1 },
    logger: { debug() {}, info: keep, warn: keep, error() {} },
    metrics: false,
    env: {},
  });
  emulator.lambda.createFunction({ functionName: PRE, handler: { fn: hook }, timeoutMs: 5 * MINUTE });
  await createGroup(client);
  createOrders(emulator);
  const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });
  await clock.advance(0);
  // The hook resolves its deployment over real HTTP while the clock stands still; then its check runs.
  await until(() => started, 'the hook to start its check');
  return { deploymentId, verdicts, release: () => release() };
}

const reports = (deploymentId: string) => emulator.codeDeploy.reports({ deploymentId });

describe("codeClock: 'emulator'", () => {
  beforeEach(() => start({ codeClock: 'emulator' }));

  it("fires a clockless hook's deadline at its emulated time: Failed once, the deployment failed", async () => {
    const { deploymentId, verdicts } = await deployWithHangingHook();
    // The plan deadline (5 minutes less the 2 s kept to report) is a timer on the manual clock, beside
    // the hook function's own Lambda timeout.
    const planDeadline = START + 5 * MINUTE - 2_000;
    expect(clock.pendingTimers().map((timer) => timer.dueAt)).toEqual(
      expect.arrayContaining([planDeadline, START + 5 * MINUTE]),
    );

    await stepTo(clock, planDeadline - 1);
    expect(reports(deploymentId)).toEqual([]);
    await clock.advance(1);
    await until(() => reports(deploymentId).length > 0, 'the report');
    await until(() => emulator.lambda.invocations({ functionName: PRE })[0]?.status !== 'running');

    expect(reports(deploymentId)).toEqual([
      expect.objectContaining({ status: 'Failed', outcome: 'accepted', receivedAt: planDeadline }),
    ]);
    expect(verdicts.map((verdict) => verdict.checks[0]?.status)).toEqual(['timed-out']);
    expect(emulator.lambda.invocations({ functionName: PRE })).toEqual([
      expect.objectContaining({ status: 'succeeded', durationMs: 5 * MINUTE - 2_000 }),
    ]);
    await until(() => emulator.codeDeploy.getDeployment(deploymentId).status === 'Failed', 'the failure');

    await stepTo(clock, START + 15 * MINUTE);
    expect(reports(deploymentId)).toHaveLength(1);
  });

  it('moves a handler bundled with its own copy of the kit, loaded as a module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shiftguard-code-clock-'));
    try {
      await build({
        stdin: {
          contents: `
            import { sleep, toClock } from '@shiftguard/kit';
            export const handler = async (event) => {
              const clock = toClock(undefined);
              const startedAt = clock.wallTime();
              await sleep(clock, event.ms);
              return { startedAt, wokeAt: clock.wallTime() };
            };`,
          resolveDir: __dirname,
          loader: 'js',
        },
        alias: { '@shiftguard/kit': join(__dirname, '../packages/kit/src/index.ts') },
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: join(dir, 'sleeper.mjs'),
        logLevel: 'silent',
      });
      emulator.lambda.createFunction({
        functionName: 'bundled',
        handler: { module: join(dir, 'sleeper.mjs') },
        timeoutMs: 5 * MINUTE,
      });
      const lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
      const answer = lambda.send(
        new InvokeCommand({ FunctionName: 'bundled', Payload: JSON.stringify({ ms: 2 * MINUTE }) }),
      );
      await until(() => clock.pendingTimers().length === 2, 'the handler to sleep');

      await clock.advance(2 * MINUTE);

      const output = await answer;
      lambda.destroy();
      expect(JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8'))).toEqual({
        startedAt: START,
        wokeAt: START + 2 * MINUTE,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("codeClock: 'system'", () => {
  beforeEach(() => start({ codeClock: 'system' }));

  it("leaves a clockless hook's deadline on real time: passing its emulated deadline reports nothing", async () => {
    const { deploymentId, verdicts, release } = await deployWithHangingHook();
    const planDeadline = START + 5 * MINUTE - 2_000;
    expect(clock.pendingTimers().map((timer) => timer.dueAt)).not.toContain(planDeadline);

    await stepTo(clock, START + 5 * MINUTE - 1);
    expect(reports(deploymentId)).toEqual([]);

    // Released, the check passes and the hook reports on its own, well within its real-time deadline.
    release();
    await until(() => reports(deploymentId).length > 0, 'the report');
    expect(reports(deploymentId)).toEqual([
      expect.objectContaining({ status: 'Succeeded', receivedAt: START + 5 * MINUTE - 1 }),
    ]);
    expect(verdicts.map((verdict) => verdict.checks[0]?.status)).toEqual(['pass']);
  });
});
