import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { variableClock } from '../clock/variable-clock.test-support';
import { type Emulator, InvalidEmulatorInputError, startEmulator } from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const START = Date.UTC(2024, 4, 1, 12, 0, 0);

let emulator: Emulator;
let client: LambdaClient;
let now: number;

beforeEach(async () => {
  now = START;
  // Draws alternate 0.9, 0.1: with 50% routed to version 2, alias invocations run 1, 2, 1, 2, ...
  let flip = false;
  emulator = await startEmulator({
    clock: variableClock(() => now),
    random: () => {
      flip = !flip;
      return flip ? 0.9 : 0.1;
    },
  });
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });
  emulator.lambda.publishVersion('orders');
  emulator.lambda.publishVersion('orders', { handler: { module: fixture('throws.mjs') } });
  emulator.lambda.createAlias('orders', 'live', '1', { additionalVersionWeights: { '2': 0.5 } });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const invoke = (FunctionName: string) => client.send(new InvokeCommand({ FunctionName }));
const sum = (metricName: string, dimensions: Record<string, string>) =>
  emulator.lambda.metricStatistics({ metricName, dimensions }).reduce((total, point) => total + point.sum, 0);

describe('Lambda metrics', () => {
  it("publishes Invocations, Errors and Duration into each of Lambda's dimension sets", async () => {
    await invoke('orders:live'); // version 1
    await invoke('orders:live'); // version 2, throws
    await invoke('orders:live'); // version 1
    await invoke('orders:1');
    await invoke('orders'); // $LATEST, which now holds version 2's code: throws

    const sets = emulator.lambda
      .listMetrics({ metricName: 'Invocations' })
      .map((metric) => metric.dimensions)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

    expect(sets).toEqual(
      [
        {},
        { FunctionName: 'orders' },
        { FunctionName: 'orders', Resource: 'orders:1' },
        { FunctionName: 'orders', Resource: 'orders:live' },
        { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '1' },
        { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '2' },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(sum('Invocations', {})).toBe(5);
    expect(sum('Invocations', { FunctionName: 'orders' })).toBe(5);
    expect(sum('Invocations', { FunctionName: 'orders', Resource: 'orders:live' })).toBe(3);
    expect(
      sum('Invocations', { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '1' }),
    ).toBe(2);
    expect(sum('Errors', { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '2' })).toBe(1);
    expect(sum('Errors', { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '1' })).toBe(0);
    expect(sum('Errors', { FunctionName: 'orders' })).toBe(2);
    expect(sum('Invocations', { FunctionName: 'orders', Resource: 'orders:1' })).toBe(1);

    const [duration] = emulator.lambda.metricStatistics({
      metricName: 'Duration',
      dimensions: { FunctionName: 'orders' },
      extendedStatistics: ['p99', 'p50'],
    });
    expect(duration).toMatchObject({
      timestamp: START,
      unit: 'Milliseconds',
      sampleCount: 5,
      extendedStatistics: { p99: duration?.maximum, p50: expect.any(Number) },
    });
    expect(duration?.average).toBeCloseTo((duration?.sum ?? 0) / 5);
  });

  it('counts timeouts as Errors', async () => {
    emulator.lambda.createFunction({
      functionName: 'stuck',
      handler: { module: fixture('hangs.mjs') },
      timeoutMs: 20,
    });

    await invoke('stuck');

    expect(sum('Errors', { FunctionName: 'stuck' })).toBe(1);
    expect(
      emulator.lambda.metricStatistics({ metricName: 'Duration', dimensions: { FunctionName: 'stuck' } }),
    ).toMatchObject([{ maximum: 20 }]);
  });

  it('counts throttles in Throttles, not Invocations', async () => {
    emulator.lambda.createFunction({
      functionName: 'closed',
      handler: { module: fixture('good.mjs') },
      reservedConcurrency: 0,
    });

    await expect(invoke('closed')).rejects.toMatchObject({ name: 'TooManyRequestsException' });

    expect(sum('Throttles', { FunctionName: 'closed' })).toBe(1);
    expect(sum('Invocations', { FunctionName: 'closed' })).toBe(0);
  });

  it('stamps datapoints with the emulator clock and buckets them by period', async () => {
    await invoke('orders');
    now += 61_000;
    await invoke('orders');
    await invoke('orders');

    const perMinute = emulator.lambda.metricStatistics({
      metricName: 'Invocations',
      dimensions: { FunctionName: 'orders' },
      period: 60,
    });
    const window = emulator.lambda.metricStatistics({
      metricName: 'Invocations',
      dimensions: { FunctionName: 'orders' },
      startTime: START + 60_000,
      endTime: START + 120_000,
      period: 300,
    });

    expect(perMinute.map((point) => [point.timestamp, point.sum])).toEqual([
      [START, 1],
      [START + 60_000, 2],
    ]);
    expect(window.map((point) => point.sum)).toEqual([2]);
  });

  it('validates queries, naming the bad key', () => {
    expect(() => emulator.lambda.metricStatistics({ metricName: 'Errors', perod: 60 } as never)).toThrow(
      InvalidEmulatorInputError,
    );
    expect(() =>
      emulator.lambda.metricStatistics({ metricName: 'Errors', extendedStatistics: ['p101'] }),
    ).toThrow(/extendedStatistics\[0\]/);
  });
});
