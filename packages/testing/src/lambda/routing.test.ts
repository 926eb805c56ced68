import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, startEmulator } from '../index';
import { pickVersion, routingProblem } from './routing';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

/** A small seeded generator (mulberry32) so weighted routing is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pickVersion', () => {
  it.each([
    [0, '2'],
    [0.2999, '2'],
    [0.3, '1'],
    [0.9999, '1'],
  ])('with a draw of %d picks version %s at weight 0.3', (draw, expected) => {
    expect(pickVersion('1', { '2': 0.3 }, () => draw)).toBe(expected);
  });

  it('always picks the primary without routing, and never a weight-0 version', () => {
    expect(pickVersion('1', {}, () => 0)).toBe('1');
    expect(pickVersion('1', { '2': 0 }, () => 0)).toBe('1');
    expect(pickVersion('1', { '2': 1 }, () => 0.9999)).toBe('2');
  });
});

describe('routingProblem', () => {
  const exists = (version: string) => ['$LATEST', '1', '2'].includes(version);

  it.each([
    [{}, undefined],
    [{ '2': 0.5 }, undefined],
    [{ '2': 1.01 }, 'range'],
    [{ '2': Number.NaN }, 'range'],
    [{ '3': 0.5 }, 'missing'],
    [{ '1': 0.5 }, 'invalid'],
    [{ '2': 0.1, $LATEST: 0.1 }, 'invalid'],
  ])('judges %j on primary 1 as %s', (weights, kind) => {
    expect(routingProblem('1', weights, exists)?.kind).toBe(kind);
  });

  it('refuses routing from an alias on $LATEST', () => {
    expect(routingProblem('$LATEST', { '1': 0.5 }, exists)?.message).toBe(
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
  });
});

describe('weighted alias invocations', () => {
  let emulator: Emulator;
  let client: LambdaClient;

  beforeEach(async () => {
    emulator = await startEmulator({ random: seeded(42) });
    client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });
    emulator.lambda.publishVersion('orders');
    emulator.lambda.publishVersion('orders', { handler: { module: fixture('wrong-payload.mjs') } });
    emulator.lambda.createAlias('orders', 'live', '1', { additionalVersionWeights: { '2': 0.3 } });
  });

  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  it('sends about 30% of 1000 invocations to the additional version, exactly as the seeded draws say', async () => {
    const draws = seeded(42);
    let expected = 0;
    for (let index = 0; index < 1000; index += 1) if (draws() < 0.3) expected += 1;

    const outputs = await Promise.all(
      Array.from({ length: 1000 }, () => client.send(new InvokeCommand({ FunctionName: 'orders:live' }))),
    );
    const executed = outputs.map((output) => output.ExecutedVersion);
    const byRequest = new Map(
      emulator.lambda.invocations().map((record) => [record.requestId, record.executedVersion]),
    );

    expect(executed.filter((version) => version === '2')).toHaveLength(expected);
    expect(expected).toBeGreaterThan(250);
    expect(expected).toBeLessThan(350);
    expect(executed.filter((version) => version === '1')).toHaveLength(1000 - expected);
    for (const output of outputs) {
      expect(byRequest.get(output.$metadata.requestId as string)).toBe(output.ExecutedVersion);
    }
  });

  it('runs the version routing picked, with the alias in the invoked ARN', async () => {
    emulator.lambda.updateAlias('orders', 'live', { additionalVersionWeights: { '2': 1 } });

    const output = await client.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: 'live' }));

    expect(output.ExecutedVersion).toBe('2');
    expect(JSON.parse(Buffer.from(output.Payload ?? []).toString())).toEqual({
      statusCode: 500,
      body: 'upstream unavailable',
    });
    expect(emulator.lambda.invocations()[0]).toMatchObject({ qualifier: 'live', executedVersion: '2' });
  });
});
