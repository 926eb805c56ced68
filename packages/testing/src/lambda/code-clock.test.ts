/**
 * `codeClock`: whether shiftguard code inside an invocation that was given no clock (the kit's
 * `toClock(undefined)`, `defaultClock`) runs on the emulator's clock or on the system's.
 */
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { defaultClock, sleep, toClock } from '@shiftguard/kit';
import {
  createManualClock,
  type Emulator,
  InvalidEmulatorInputError,
  type ManualClock,
  type StartEmulatorOptions,
  startEmulator,
} from '../index';

const START = Date.UTC(2024, 6, 1, 12, 0, 0);
const MINUTE = 60_000;
const PROVIDER = Symbol.for('shiftguard.ambientClock');
const mainRealm = vm.runInThisContext('globalThis') as Record<symbol, unknown>;

const running: Emulator[] = [];
const clients: LambdaClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(options: Omit<StartEmulatorOptions, 'clock'> = {}, startAt = START) {
  const clock = createManualClock({ startAt });
  const emulator = await startEmulator({ clock, ...options });
  running.push(emulator);
  const client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  clients.push(client);
  const invoke = async (FunctionName: string) => {
    const output = await client.send(new InvokeCommand({ FunctionName }));
    return JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8')) as unknown;
  };
  return { clock, emulator, invoke };
}

/** Waits in real time (the request is on its way over HTTP) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the emulator');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A handler that sleeps `ms` on the clock shiftguard code gets by default, and says when it woke. */
const sleeper = (ms: number) => ({
  fn: async () => {
    const clock = toClock(undefined);
    const startedAt = clock.wallTime();
    await sleep(clock, ms);
    return { startedAt, wokeAt: clock.wallTime() };
  },
});

const dueIn = (clock: ManualClock) => clock.pendingTimers().map((timer) => timer.dueAt - clock.now());

describe("codeClock: 'emulator'", () => {
  it("puts code without a clock on the emulator's clock: advancing it moves the code's sleep", async () => {
    const { clock, emulator, invoke } = await start({ codeClock: 'emulator' });
    emulator.lambda.createFunction({
      functionName: 'sleeps',
      handler: sleeper(MINUTE),
      timeoutMs: 5 * MINUTE,
    });

    const answer = invoke('sleeps');
    await until(() => clock.pendingTimers().length === 2);
    // The Lambda timeout and the handler's own sleep, both on the one manual clock.
    expect(dueIn(clock)).toEqual([MINUTE, 5 * MINUTE]);
    // Outside the invocation, the same default clock is still the system's.
    expect(Math.abs(defaultClock.wallTime() - Date.now())).toBeLessThan(1_000);

    await clock.advance(MINUTE - 1);
    expect(emulator.lambda.invocations()[0]?.status).toBe('running');
    await clock.advance(1);

    expect(await answer).toEqual({ startedAt: START, wokeAt: START + MINUTE });
    expect(emulator.lambda.invocations()[0]).toMatchObject({ status: 'succeeded', durationMs: MINUTE });
    expect(clock.pendingTimers()).toEqual([]);
  });

  it("gives each invocation its own emulator's clock, two emulators running side by side", async () => {
    const first = await start({ codeClock: 'emulator' });
    const second = await start({ codeClock: 'emulator' }, START + 10 * MINUTE);
    const stamp = { fn: async () => toClock(undefined).wallTime() };
    first.emulator.lambda.createFunction({ functionName: 'stamp', handler: stamp });
    second.emulator.lambda.createFunction({ functionName: 'stamp', handler: stamp });

    expect(await Promise.all([first.invoke('stamp'), second.invoke('stamp')])).toEqual([
      START,
      START + 10 * MINUTE,
    ]);
  });

  it('installs the ambient clock provider with the log capture and removes it when the emulator closes', async () => {
    expect(globalThis[PROVIDER as never]).toBeUndefined();
    const { emulator, invoke } = await start({ codeClock: 'emulator' });
    emulator.lambda.createFunction({ functionName: 'stamp', handler: { fn: async () => 'ok' } });
    // Not at start: an emulator that never runs a function patches nothing.
    expect(globalThis[PROVIDER as never]).toBeUndefined();

    await invoke('stamp');
    expect(typeof globalThis[PROVIDER as never]).toBe('function');
    expect(typeof mainRealm[PROVIDER]).toBe('function');
    // Outside any invocation, it answers nothing: the system clock stays in charge.
    expect((globalThis[PROVIDER as never] as () => unknown)()).toBeUndefined();

    await running.splice(0)[0]?.close();
    expect(globalThis[PROVIDER as never]).toBeUndefined();
    expect(mainRealm[PROVIDER]).toBeUndefined();
  });
});

describe("codeClock: 'system' (the default)", () => {
  it("leaves code without a clock on the system's, while the Lambda timeout runs on the emulator's", async () => {
    const { clock, emulator, invoke } = await start();
    emulator.lambda.createFunction({ functionName: 'sleeps', handler: sleeper(20), timeoutMs: 5 * MINUTE });

    const realStart = Date.now();
    const answer = (await invoke('sleeps')) as { startedAt: number; wokeAt: number };

    // Twenty real milliseconds passed while the manual clock stood still.
    expect(answer.startedAt).toBeGreaterThanOrEqual(realStart - 1);
    expect(answer.wokeAt - answer.startedAt).toBeGreaterThanOrEqual(15);
    expect(emulator.lambda.invocations()[0]).toMatchObject({ status: 'succeeded', durationMs: 0 });
    expect(clock.now()).toBe(START);
  });

  it("is what an emulator given 'system' does", async () => {
    const { emulator, invoke } = await start({ codeClock: 'system' });
    emulator.lambda.createFunction({
      functionName: 'stamp',
      handler: { fn: async () => toClock(undefined).wallTime() },
    });
    const stamped = (await invoke('stamp')) as number;
    expect(Math.abs(stamped - Date.now())).toBeLessThan(1_000);
  });
});

it('refuses another codeClock, naming the ones it knows', async () => {
  await expect(startEmulator({ codeClock: 'virtual' as never })).rejects.toThrow(InvalidEmulatorInputError);
  await expect(startEmulator({ codeClock: 'virtual' as never })).rejects.toThrow(/codeClock/);
});
