/**
 * `lambda.activity()`: what runs and waits now, and a change count that moves on every start and end,
 * read without looking at the invocation history.
 */
import { performance } from 'node:perf_hooks';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createManualClock, type Emulator, type ManualClock, startEmulator } from '../index';

const MINUTE = 60_000;

let clock: ManualClock;
let emulator: Emulator;
let client: LambdaClient;

beforeEach(async () => {
  clock = createManualClock({ startAt: Date.UTC(2024, 8, 1) });
  emulator = await startEmulator({ clock });
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

async function until(ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the emulator');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A handler that answers when the test opens its gate, one invocation per `open()`. */
function gated() {
  const waiting: (() => void)[] = [];
  return {
    handler: { fn: () => new Promise<string>((resolve) => waiting.push(() => resolve('done'))) },
    open: () => waiting.shift()?.(),
    waiting: () => waiting.length,
  };
}

const send = (InvocationType: 'Event' | 'RequestResponse') =>
  client.send(new InvokeCommand({ FunctionName: 'gated', InvocationType }));

describe('lambda.activity()', () => {
  it('starts at nothing, and counts a synchronous invocation running, then its start and end', async () => {
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 0 });
    const gate = gated();
    emulator.lambda.createFunction({ functionName: 'gated', handler: gate.handler });

    const answer = send('RequestResponse');
    await until(() => gate.waiting() === 1);
    expect(emulator.lambda.activity()).toEqual({ running: 1, queued: 0, changes: 1 });

    gate.open();
    await answer;
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 2 });
  });

  it('counts Event deliveries queued under reserved concurrency, each queueing, start and end a change', async () => {
    const gate = gated();
    emulator.lambda.createFunction({ functionName: 'gated', handler: gate.handler, reservedConcurrency: 1 });

    await Promise.all([send('Event'), send('Event'), send('Event')]);
    expect(emulator.lambda.activity()).toEqual({ running: 1, queued: 2, changes: 3 });

    gate.open();
    await until(() => emulator.lambda.activity().changes === 5);
    // The first ended and the second took its slot, never an idle moment in between.
    expect(emulator.lambda.activity()).toEqual({ running: 1, queued: 1, changes: 5 });

    gate.open();
    await until(() => gate.waiting() === 1);
    gate.open();
    await emulator.lambda.idle();
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 8 });
  });

  it('counts each retry of a failed Event invocation when it runs, not while it waits for the clock', async () => {
    emulator.lambda.createFunction({
      functionName: 'fails',
      handler: {
        fn: async () => {
          throw new Error('boom');
        },
      },
    });
    await client.send(new InvokeCommand({ FunctionName: 'fails', InvocationType: 'Event' }));
    await emulator.lambda.idle();
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 2 });

    await clock.advance(MINUTE);
    await emulator.lambda.idle();
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 4 });

    await clock.advance(2 * MINUTE);
    await emulator.lambda.idle();
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 6 });
    expect(emulator.lambda.invocations().map((record) => record.attempt)).toEqual([1, 2, 3]);
  });

  it('counts an invocation that timed out as ended, though its abandoned handler still runs', async () => {
    emulator.lambda.createFunction({
      functionName: 'stuck',
      handler: { fn: () => new Promise(() => {}) },
      timeoutMs: MINUTE,
    });
    const answer = client.send(new InvokeCommand({ FunctionName: 'stuck' }));
    await until(() => emulator.lambda.activity().running === 1);

    await clock.advance(MINUTE);
    await answer;
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 2 });
  });

  it('drops the queued deliveries when the emulator closes, the running one left to end', async () => {
    const other = await startEmulator();
    const otherClient = new LambdaClient({ ...other.clientConfig(), maxAttempts: 1 });
    const gate = gated();
    other.lambda.createFunction({ functionName: 'gated', handler: gate.handler, reservedConcurrency: 1 });
    for (const _ of [1, 2, 3]) {
      await otherClient.send(new InvokeCommand({ FunctionName: 'gated', InvocationType: 'Event' }));
    }
    otherClient.destroy();
    expect(other.lambda.activity()).toEqual({ running: 1, queued: 2, changes: 3 });

    await other.close();
    expect(other.lambda.activity()).toEqual({ running: 1, queued: 0, changes: 5 });
    gate.open();
    await other.lambda.idle();
    expect(other.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 6 });
  });

  it('does not count refused calls', async () => {
    emulator.lambda.createFunction({
      functionName: 'closed',
      handler: { fn: async () => 'never' },
      reservedConcurrency: 0,
    });
    await expect(client.send(new InvokeCommand({ FunctionName: 'closed' }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    await expect(client.send(new InvokeCommand({ FunctionName: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 0 });
  });
});
