import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, startEmulator } from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

let emulator: Emulator;
let client: LambdaClient;

beforeEach(async () => {
  emulator = await startEmulator();
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('concurrency', () => {
  it('answers a burst of 1,000 concurrent invocations, every one of them', async () => {
    emulator.lambda.createFunction({
      functionName: 'burst',
      handler: {
        fn: async (event: { index: number }) => {
          console.log('burst', event.index);
          await new Promise((resolve) => setImmediate(resolve));
          return event.index;
        },
      },
    });

    const outputs = await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        client.send(new InvokeCommand({ FunctionName: 'burst', Payload: payload({ index }) })),
      ),
    );

    expect(outputs.map((output) => Number(Buffer.from(output.Payload ?? []).toString()))).toEqual(
      Array.from({ length: 1000 }, (_, index) => index),
    );
    expect(new Set(outputs.map((output) => output.$metadata.requestId)).size).toBe(1000);
    const records = emulator.lambda.invocations({ status: 'succeeded' });
    expect(records).toHaveLength(1000);
    for (const record of records) {
      expect(record.log).toContain(`\tINFO\tburst ${(record.event as { index: number }).index}\n`);
    }
  });

  it('throttles synchronous invocations above reserved concurrency with 429 and a Reason', async () => {
    emulator.lambda.createFunction({
      functionName: 'narrow',
      handler: { module: fixture('slow.mjs') },
      reservedConcurrency: 1,
    });

    const first = client.send(
      new InvokeCommand({ FunctionName: 'narrow', Payload: payload({ delayMs: 150 }) }),
    );
    await until(() => emulator.lambda.invocations()[0]?.status === 'running');
    const [firstResult, second] = await Promise.allSettled([
      first,
      client.send(new InvokeCommand({ FunctionName: 'narrow' })),
    ]);

    expect(firstResult.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect((second as PromiseRejectedResult).reason).toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Rate Exceeded.',
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      Type: 'User',
      $metadata: { httpStatusCode: 429 },
    });
    expect(emulator.lambda.invocations().map((record) => record.status)).toEqual(['succeeded', 'throttled']);
    // The slot is free again once the first invocation has answered.
    await expect(client.send(new InvokeCommand({ FunctionName: 'narrow' }))).resolves.toMatchObject({
      StatusCode: 200,
    });
  });

  it('queues Event invocations above reserved concurrency and runs them as slots free up', async () => {
    emulator.lambda.createFunction({
      functionName: 'narrow',
      handler: { module: fixture('slow.mjs') },
      reservedConcurrency: 1,
    });

    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        client.send(
          new InvokeCommand({
            FunctionName: 'narrow',
            InvocationType: 'Event',
            Payload: payload({ delayMs: 20 }),
          }),
        ),
      ),
    );
    const meanwhile = emulator.lambda.invocations().map((record) => record.status);
    await emulator.lambda.idle();

    expect(answers.map((answer) => answer.StatusCode)).toEqual([202, 202, 202]);
    expect(meanwhile).toEqual(['running', 'queued', 'queued']);
    expect(emulator.lambda.invocations().map((record) => record.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(
      emulator.lambda.metricStatistics({ metricName: 'Throttles', dimensions: { FunctionName: 'narrow' } })[0]
        ?.sum,
    ).toBe(2);
  });

  it('never runs anything with reserved concurrency 0', async () => {
    emulator.lambda.createFunction({
      functionName: 'off',
      handler: { module: fixture('good.mjs') },
      reservedConcurrency: 0,
    });

    const event = await client.send(new InvokeCommand({ FunctionName: 'off', InvocationType: 'Event' }));
    await expect(client.send(new InvokeCommand({ FunctionName: 'off' }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    await emulator.lambda.idle();

    expect(event.StatusCode).toBe(202);
    expect(emulator.lambda.invocations().map((record) => record.status)).toEqual(['throttled', 'throttled']);
  });

  it('drops queued Event invocations on close, so idle() still resolves', async () => {
    emulator.lambda.createFunction({
      functionName: 'narrow',
      handler: { module: fixture('slow.mjs') },
      reservedConcurrency: 1,
    });
    await Promise.all(
      [1, 2].map(() =>
        client.send(
          new InvokeCommand({
            FunctionName: 'narrow',
            InvocationType: 'Event',
            Payload: payload({ delayMs: 30 }),
          }),
        ),
      ),
    );

    await emulator.close();

    await expect(emulator.lambda.idle()).resolves.toBeUndefined();
  });
});
