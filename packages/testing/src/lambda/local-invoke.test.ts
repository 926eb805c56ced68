/**
 * `lambda.invoke()`: an Invoke from this process, without HTTP, journaled, routed, held to concurrency and
 * metered as a wire Invoke is.
 */
import {
  createManualClock,
  type Emulator,
  InvalidEmulatorInputError,
  type ManualClock,
  seededRandom,
  startEmulator,
  UnknownFunctionError,
} from '../index';

const START = Date.UTC(2024, 9, 1, 9, 0, 0);
const MINUTE = 60_000;

let clock: ManualClock;
let emulator: Emulator;

beforeEach(async () => {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock, random: seededRandom(11) });
});

afterEach(() => emulator.close());

const echo = {
  fn: async (
    event: { n?: number; touched?: boolean },
    context: { functionVersion: string; clientContext?: unknown },
  ) => {
    event.touched = true;
    return {
      version: context.functionVersion,
      n: event.n ?? null,
      clientContext: context.clientContext ?? null,
    };
  },
};

const sum = (metricName: string, dimensions: Record<string, string>) =>
  emulator.lambda.metricStatistics({ metricName, dimensions })[0]?.sum ?? 0;

describe('lambda.invoke()', () => {
  it('runs a RequestResponse invocation and resolves with its record, journaled and metered', async () => {
    emulator.lambda.createFunction({ functionName: 'echo', handler: echo });
    const event = { n: 1 };

    const record = await emulator.lambda.invoke('echo', event);

    expect(record).toMatchObject({
      functionName: 'echo',
      qualifier: undefined,
      executedVersion: '$LATEST',
      invocationType: 'RequestResponse',
      status: 'succeeded',
      receivedAt: START,
      durationMs: 0,
      attempt: 1,
      duplicate: false,
      fault: undefined,
    });
    expect(JSON.parse(record.payload ?? '')).toEqual({ version: '$LATEST', n: 1, clientContext: null });
    expect(record.log).toMatch(new RegExp(`^START RequestId: ${record.requestId} Version: \\$LATEST`));
    expect(record.log).toContain(`REPORT RequestId: ${record.requestId}`);
    // The handler got the event through its JSON, as through the wire: the caller's object is untouched.
    expect(event).toEqual({ n: 1 });
    expect(record.event).toMatchObject({ n: 1 });
    expect(emulator.lambda.invocations()).toEqual([record]);
    expect(sum('Invocations', { FunctionName: 'echo' })).toBe(1);
    expect(Object.isFrozen(record)).toBe(true);
  });

  it('routes through an alias by its weights and meters each ExecutedVersion, as a wire Invoke does', async () => {
    emulator.lambda.createFunction({ functionName: 'orders', handler: echo });
    emulator.lambda.publishVersion('orders');
    emulator.lambda.publishVersion('orders', { handler: { fn: async () => 'v2' } });
    emulator.lambda.createAlias('orders', 'live', '1', { additionalVersionWeights: { '2': 0.2 } });

    const records = await Promise.all(
      Array.from({ length: 500 }, (_, n) => emulator.lambda.invoke('orders', { n }, { qualifier: 'live' })),
    );

    const onTwo = records.filter((record) => record.executedVersion === '2').length;
    expect(onTwo).toBeGreaterThan(60);
    expect(onTwo).toBeLessThan(140);
    expect(records.every((record) => record.qualifier === 'live' && record.status === 'succeeded')).toBe(
      true,
    );
    const byVersion = (version: string) =>
      sum('Invocations', { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: version });
    expect([byVersion('1'), byVersion('2')]).toEqual([500 - onTwo, onTwo]);
    expect(emulator.lambda.activity()).toEqual({ running: 0, queued: 0, changes: 1_000 });

    expect((await emulator.lambda.invoke('orders', {}, { qualifier: '2' })).executedVersion).toBe('2');
  });

  it('resolves an Event invocation once accepted, then retries it on failure as Lambda does', async () => {
    let calls = 0;
    emulator.lambda.createFunction({
      functionName: 'flaky',
      handler: {
        fn: async () => {
          calls += 1;
          if (calls === 1) throw new Error('first try fails');
          return 'ok';
        },
      },
    });

    const accepted = await emulator.lambda.invoke('flaky', { job: 7 }, { invocationType: 'Event' });

    expect(accepted).toMatchObject({ invocationType: 'Event', status: 'running', attempt: 1 });
    await emulator.lambda.idle();
    await clock.advance(MINUTE);
    await emulator.lambda.idle();
    expect(
      emulator.lambda.invocations().map((record) => [record.requestId, record.attempt, record.status]),
    ).toEqual([
      [accepted.requestId, 1, 'failed'],
      [accepted.requestId, 2, 'succeeded'],
    ]);
  });

  it('hands the client context to a RequestResponse handler, as X-Amz-Client-Context would', async () => {
    emulator.lambda.createFunction({ functionName: 'echo', handler: echo });
    const clientContext = { Custom: { 'user-agent': 'shiftguard/simulator' } };

    const record = await emulator.lambda.invoke('echo', {}, { clientContext });

    expect(JSON.parse(record.payload ?? '').clientContext).toEqual(clientContext);
    expect(record.clientContext).toEqual(clientContext);
  });

  it('resolves with what became of the invocation: a function error, a timeout, a throttle', async () => {
    emulator.lambda.createFunction({
      functionName: 'throws',
      handler: {
        fn: async () => {
          throw new TypeError('bad input');
        },
      },
    });
    emulator.lambda.createFunction({
      functionName: 'hangs',
      handler: { fn: () => new Promise(() => {}) },
      timeoutMs: MINUTE,
    });
    emulator.lambda.createFunction({ functionName: 'closed', handler: echo, reservedConcurrency: 0 });

    expect(await emulator.lambda.invoke('throws')).toMatchObject({
      status: 'failed',
      error: { errorType: 'TypeError', errorMessage: 'bad input' },
    });
    const hanging = emulator.lambda.invoke('hangs');
    await clock.advance(MINUTE);
    expect(await hanging).toMatchObject({
      status: 'timedOut',
      durationMs: MINUTE,
      error: { errorType: 'Sandbox.Timedout' },
    });
    expect(await emulator.lambda.invoke('closed')).toMatchObject({
      status: 'throttled',
      executedVersion: undefined,
      error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' },
    });
    expect(sum('Throttles', { FunctionName: 'closed' })).toBe(1);
  });

  describe('refuses', () => {
    beforeEach(() => {
      emulator.lambda.createFunction({ functionName: 'echo', handler: echo });
      emulator.lambda.publishVersion('echo');
      emulator.lambda.createAlias('echo', 'live', '1');
    });

    it('a function the emulator does not hold, with the error every emulator call uses', async () => {
      const refused = emulator.lambda.invoke('nope', {});
      await expect(refused).rejects.toThrow(UnknownFunctionError);
      await expect(emulator.lambda.invoke('nope')).rejects.toMatchObject({
        code: 'SG_EMULATOR_UNKNOWN_FUNCTION',
        functionName: 'nope',
      });
      expect(emulator.lambda.invocations()).toEqual([]);
    });

    it.each([
      [{ qualifier: 'canary' }, 'options.qualifier', /a version or alias of echo \(\$LATEST, 1, live\)/],
      [{ qualfier: 'live' }, 'options.qualfier', /not a known key; known keys: qualifier/],
      [{ invocationType: 'DryRun' }, 'options.invocationType', /RequestResponse, Event/],
      [{ clientContext: 'Custom' }, 'options.clientContext', /a JSON object/],
      [{ clientContext: { big: 'x'.repeat(3_000) } }, 'options.clientContext', /over the 3583/],
    ])('options %p, at %s', async (options, path, message) => {
      const refused = emulator.lambda.invoke('echo', {}, options as never);
      await expect(refused).rejects.toThrow(InvalidEmulatorInputError);
      await expect(emulator.lambda.invoke('echo', {}, options as never)).rejects.toMatchObject({
        path,
        message: expect.stringMatching(message),
      });
      expect(emulator.lambda.invocations()).toEqual([]);
    });

    it('an event that is not JSON, or over the payload limit of its invocation type', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(emulator.lambda.invoke('echo', cyclic)).rejects.toMatchObject({ path: 'event' });
      await expect(emulator.lambda.invoke('echo', 10n)).rejects.toMatchObject({ path: 'event' });
      await expect(emulator.lambda.invoke('echo', () => 1)).rejects.toMatchObject({ path: 'event' });
      const big = { data: 'x'.repeat(1024 * 1024) };
      await expect(emulator.lambda.invoke('echo', big, { invocationType: 'Event' })).rejects.toMatchObject({
        path: 'event',
        message: expect.stringMatching(/over the 1048576-byte limit/),
      });
      expect(emulator.lambda.invocations()).toEqual([]);
      expect((await emulator.lambda.invoke('echo', big)).status).toBe('succeeded');
    });
  });
});
