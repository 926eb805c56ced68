import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  createManualClock,
  type Emulator,
  InvalidEmulatorInputError,
  type ManualClock,
  startEmulator,
} from '../index';

const START = Date.UTC(2024, 5, 1, 8, 0, 0);
const MINUTE = 60_000;

let clock: ManualClock;
let emulator: Emulator;
let client: LambdaClient;

async function start(options: { asyncRetryDelaysMs?: readonly number[] } = {}): Promise<void> {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock, ...options });
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
}

beforeEach(() => start());
afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const event = (FunctionName: string) =>
  client.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }));

const attempts = (functionName: string) =>
  emulator.lambda
    .invocations({ functionName })
    .map((record) => [record.attempt, (record.receivedAt - START) / MINUTE, record.status]);

describe("Lambda's retries of a failed Event invocation", () => {
  it('retries a function error twice, a minute and then two minutes after each failure, with the same request id', async () => {
    emulator.lambda.createFunction({
      functionName: 'broken',
      handler: {
        fn: () => {
          throw new Error('boom');
        },
      },
    });
    const { $metadata } = await event('broken');

    await clock.runAll();

    expect(attempts('broken')).toEqual([
      [1, 0, 'failed'],
      [2, 1, 'failed'],
      [3, 3, 'failed'],
    ]);
    const records = emulator.lambda.invocations({ functionName: 'broken' });
    expect(records.every((record) => record.requestId === $metadata.requestId && !record.duplicate)).toBe(
      true,
    );
    expect(records.every((record) => JSON.stringify(record.event) === '{"n":1}')).toBe(true);
    const invocations = emulator.lambda
      .metricStatistics({ metricName: 'Invocations', dimensions: { FunctionName: 'broken' } })
      .reduce((total, point) => total + point.sum, 0);
    expect(invocations).toBe(3);
  });

  it('retries a timeout, counting the wait from the end of the attempt', async () => {
    emulator.lambda.createFunction({
      functionName: 'hangs',
      handler: { fn: () => new Promise(() => {}) },
      timeoutMs: 30_000,
    });
    await event('hangs');

    await clock.runAll();

    expect(attempts('hangs')).toEqual([
      [1, 0, 'timedOut'],
      [2, 1.5, 'timedOut'],
      [3, 4, 'timedOut'],
    ]);
  });

  it('stops retrying once an attempt succeeds', async () => {
    let calls = 0;
    emulator.lambda.createFunction({
      functionName: 'flaky',
      handler: {
        fn: async () => {
          calls += 1;
          if (calls === 1) throw new Error('first time');
          return 'ok';
        },
      },
    });
    await event('flaky');

    await clock.runAll();

    expect(attempts('flaky')).toEqual([
      [1, 0, 'failed'],
      [2, 1, 'succeeded'],
    ]);
  });

  it('does not retry synchronous invocations', async () => {
    emulator.lambda.createFunction({
      functionName: 'broken',
      handler: {
        fn: () => {
          throw new Error('boom');
        },
      },
    });
    await client.send(new InvokeCommand({ FunctionName: 'broken' }));

    expect(clock.pendingTimers()).toEqual([]);
    expect(attempts('broken')).toEqual([[1, 0, 'failed']]);
  });

  it('follows asyncRetryDelaysMs, and [] turns retries off', async () => {
    await emulator.close();
    client.destroy();
    await start({ asyncRetryDelaysMs: [5_000] });
    emulator.lambda.createFunction({
      functionName: 'broken',
      handler: { fn: () => Promise.reject(new Error('x')) },
    });
    await event('broken');
    await clock.runAll();
    expect(attempts('broken').map(([attempt, minute]) => [attempt, (minute as number) * 60])).toEqual([
      [1, 0],
      [2, 5],
    ]);

    await emulator.close();
    client.destroy();
    await start({ asyncRetryDelaysMs: [] });
    emulator.lambda.createFunction({
      functionName: 'broken',
      handler: { fn: () => Promise.reject(new Error('x')) },
    });
    await event('broken');
    await clock.runAll();
    expect(attempts('broken')).toHaveLength(1);
  });

  it('refuses retry delays that are not numbers', async () => {
    await expect(startEmulator({ asyncRetryDelaysMs: [-1] })).rejects.toThrow(InvalidEmulatorInputError);
    await expect(startEmulator({ asyncRetryDelaysMs: 'soon' as never })).rejects.toThrow(
      /asyncRetryDelaysMs/,
    );
  });

  it('drops pending retries when the emulator closes', async () => {
    emulator.lambda.createFunction({
      functionName: 'broken',
      handler: { fn: () => Promise.reject(new Error('x')) },
    });
    await event('broken');
    await clock.advance(0);
    expect(clock.pendingTimers()).toHaveLength(1);

    await emulator.close();

    expect(clock.pendingTimers()).toEqual([]);
  });
});

describe('the duplicateDelivery fault', () => {
  beforeEach(() => {
    emulator.lambda.createFunction({
      functionName: 'orders',
      handler: { fn: async (input: unknown) => input },
    });
  });

  it('delivers an Event invocation twice, the copy marked, same request id', async () => {
    emulator.faults.inject('Invoke', { kind: 'duplicateDelivery', delayMs: 2_000 }, { times: 1 });
    const { StatusCode, $metadata } = await event('orders');
    await clock.advance(2_000);
    await event('orders');
    await clock.runAll();

    expect(StatusCode).toBe(202);
    const records = emulator.lambda.invocations({ functionName: 'orders' });
    expect(
      records.map((record) => [
        record.requestId === $metadata.requestId,
        record.duplicate,
        record.receivedAt - START,
      ]),
    ).toEqual([
      [true, false, 0],
      [true, true, 2_000],
      [false, false, 2_000],
    ]);
    expect(records[1]).toMatchObject({ fault: 'duplicateDelivery', status: 'succeeded', attempt: 1 });
    expect(emulator.faults.hits('Invoke')).toBe(1);
  });

  it('is not taken by a synchronous invocation', async () => {
    const handle = emulator.faults.inject('Invoke', { kind: 'duplicateDelivery' });
    await client.send(new InvokeCommand({ FunctionName: 'orders' }));

    expect(handle.hits).toBe(0);
    expect(emulator.lambda.invocations()).toHaveLength(1);
  });

  it('can only be injected for Invoke', () => {
    expect(() => emulator.faults.inject('GetAlias', { kind: 'duplicateDelivery' })).toThrow(
      /"operation" must be 'Invoke' \(or '\*'\) for a duplicateDelivery fault/,
    );
    expect(() => emulator.faults.inject('Invoke', { kind: 'duplicateDelivery', delayMs: -5 })).toThrow(
      /delayMs/,
    );
  });
});
