import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, InvalidEmulatorInputError, startEmulator } from '../index';

const GOOD = join(__dirname, 'fixtures', 'good.mjs');
const SLOW = join(__dirname, 'fixtures', 'slow.mjs');

let emulator: Emulator | undefined;
let client: LambdaClient | undefined;

afterEach(async () => {
  client?.destroy();
  await emulator?.close();
  emulator = undefined;
  client = undefined;
});

async function startWith(options: Parameters<typeof startEmulator>[0]) {
  emulator = await startEmulator(options);
  emulator.lambda.createFunction({ functionName: 'orders', handler: { module: GOOD } });
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  return { emulator, client };
}

async function invokeTimes(lambda: LambdaClient, count: number) {
  for (let index = 0; index < count; index += 1) {
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: 'orders', Payload: JSON.stringify({ index }) }),
    );
    expect(response.FunctionError).toBeUndefined();
  }
}

const invocationCount = (running: Emulator, functionName = 'orders') =>
  running.lambda
    .metricStatistics({ metricName: 'Invocations', dimensions: { FunctionName: functionName } })
    .reduce((total, point) => total + point.sum, 0);

describe('invocation history', () => {
  it('keeps the last invocationHistory records, oldest dropped first, while metrics count every call', async () => {
    const running = await startWith({ invocationHistory: 3 });

    await invokeTimes(running.client, 8);

    const kept = running.emulator.lambda.invocations();
    expect(kept.map((record) => (record.event as { index: number }).index)).toEqual([5, 6, 7]);
    expect(invocationCount(running.emulator)).toBe(8);
  });

  it('stays correct across the compaction of dropped records', async () => {
    const running = await startWith({ invocationHistory: 2 });

    // With a limit of 2, the dropped prefix is compacted every 2 drops: 7 calls (5 drops) compact twice.
    await invokeTimes(running.client, 7);

    expect(
      running.emulator.lambda.invocations().map((record) => (record.event as { index: number }).index),
    ).toEqual([5, 6]);
  });

  it('keeps none with invocationHistory 0, and idle() still waits for running invocations', async () => {
    const running = await startWith({ invocationHistory: 0 });
    running.emulator.lambda.createFunction({ functionName: 'slow', handler: { module: SLOW } });

    await invokeTimes(running.client, 2);
    const accepted = await running.client.send(
      new InvokeCommand({ FunctionName: 'slow', InvocationType: 'Event', Payload: '{"delayMs":100}' }),
    );
    expect(accepted.StatusCode).toBe(202);
    await running.emulator.lambda.idle();

    expect(running.emulator.lambda.invocations()).toEqual([]);
    expect(invocationCount(running.emulator)).toBe(2);
    // The Event invocation is counted once it has run: idle() waited for it, with no record kept.
    expect(invocationCount(running.emulator, 'slow')).toBe(1);
  });

  it('clearInvocations() forgets the records but not the metrics', async () => {
    const running = await startWith({});
    await invokeTimes(running.client, 2);

    running.emulator.lambda.clearInvocations();
    await invokeTimes(running.client, 1);

    expect(running.emulator.lambda.invocations()).toHaveLength(1);
    expect(invocationCount(running.emulator)).toBe(3);
  });

  it.each([-1, 1.5, '10', Number.NaN])('refuses invocationHistory %p, naming it', async (value) => {
    const error = await startEmulator({ invocationHistory: value as number }).catch((caught) => caught);

    expect(error).toBeInstanceOf(InvalidEmulatorInputError);
    expect(error).toMatchObject({ path: 'invocationHistory' });
  });
});
