import { join } from 'node:path';
import {
  createManualClock,
  type Emulator,
  InvalidEmulatorInputError,
  startEmulator,
  UnknownFunctionError,
} from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

let emulator: Emulator;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2024, 4, 1, 12, 0, 0);
  emulator = await startEmulator({ clock: createManualClock({ startAt: now }) });
});

afterEach(async () => {
  await emulator.close();
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('emulator.lambda', () => {
  it('creates a function and reads it back', () => {
    const created = emulator.lambda.createFunction({
      functionName: 'orders',
      handler: { module: fixture('good.mjs') },
      reservedConcurrency: 2,
      environment: { GREETING: 'hi' },
    });

    expect(created).toEqual({
      functionName: 'orders',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      reservedConcurrency: 2,
      environment: { GREETING: 'hi' },
      versions: [
        {
          version: '$LATEST',
          functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST',
          handler: 'good.handler',
          modulePath: fixture('good.mjs'),
          codeSha256: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
          runtime: 'nodejs20.x',
          timeoutMs: 3000,
          memoryMb: 128,
          description: '',
          lastModified: now,
          revisionId: expect.any(String),
        },
      ],
      aliases: [],
    });
    expect(emulator.lambda.functions()).toEqual([created]);
    expect(emulator.lambda.getFunction('orders')).toEqual(created);
  });

  it('publishes versions, replacing $LATEST’s code first when given a handler', () => {
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });

    const first = emulator.lambda.publishVersion('orders', { description: 'good' });
    const second = emulator.lambda.publishVersion('orders', { handler: { module: fixture('throws.mjs') } });

    expect([first, second]).toEqual(['1', '2']);
    expect(
      emulator.lambda.getFunction('orders').versions.map((version) => [version.version, version.handler]),
    ).toEqual([
      ['$LATEST', 'throws.handler'],
      ['1', 'good.handler'],
      ['2', 'throws.handler'],
    ]);
  });

  it('treats two inline functions with the same source as different code', () => {
    const make = (answer: string) => async () => answer;
    emulator.lambda.createFunction({ functionName: 'inline', handler: { fn: make('a') } });

    emulator.lambda.publishVersion('inline');

    expect(emulator.lambda.publishVersion('inline', { handler: { fn: make('b') } })).toBe('2');
  });

  it('creates and updates aliases', () => {
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });
    emulator.lambda.publishVersion('orders');
    emulator.lambda.publishVersion('orders', { handler: { module: fixture('throws.mjs') } });

    const live = emulator.lambda.createAlias('orders', 'live', '1', {
      additionalVersionWeights: { '2': 0.25 },
    });
    const updated = emulator.lambda.updateAlias('orders', 'live', {
      version: '2',
      additionalVersionWeights: {},
    });

    expect(live).toEqual({
      name: 'live',
      aliasArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders:live',
      functionVersion: '1',
      additionalVersionWeights: { '2': 0.25 },
      description: '',
      revisionId: expect.any(String),
    });
    expect(updated).toMatchObject({ functionVersion: '2', additionalVersionWeights: {} });
  });

  it.each([
    [{ functionName: 'x', handler: { module: fixture('good.mjs') }, timeout: 3 }, 'timeout'],
    [{ handler: { module: fixture('good.mjs') } }, 'functionName'],
    [{ functionName: 'bad name', handler: { module: fixture('good.mjs') } }, 'functionName'],
    [{ functionName: 'x' }, 'handler'],
    [{ functionName: 'x', handler: { module: 'fixtures/good.mjs' } }, 'handler.module'],
    [{ functionName: 'x', handler: { module: fixture('missing.mjs') } }, 'handler.module'],
    [{ functionName: 'x', handler: { module: join(__dirname, 'types.ts') } }, 'handler.module'],
    [{ functionName: 'x', handler: { module: fixture('good.mjs'), export: 'not-valid' } }, 'handler.export'],
    [{ functionName: 'x', handler: { module: fixture('good.mjs'), exprt: 'h' } }, 'handler.exprt'],
    [{ functionName: 'x', handler: { fn: 'nope' } }, 'handler.fn'],
    [{ functionName: 'x', handler: { module: fixture('good.mjs') }, timeoutMs: 0 }, 'timeoutMs'],
    [{ functionName: 'x', handler: { module: fixture('good.mjs') }, memoryMb: 64 }, 'memoryMb'],
    [
      { functionName: 'x', handler: { module: fixture('good.mjs') }, reservedConcurrency: -1 },
      'reservedConcurrency',
    ],
    [
      { functionName: 'x', handler: { module: fixture('good.mjs') }, environment: { AWS_REGION: 'x' } },
      'environment.AWS_REGION',
    ],
    [{ functionName: 'x', handler: { module: fixture('good.mjs') }, environment: { A: 1 } }, 'environment.A'],
  ])('rejects createFunction(%j) naming %s', (spec, path) => {
    const error = caught(() => emulator.lambda.createFunction(spec as never));

    expect(error).toBeInstanceOf(InvalidEmulatorInputError);
    expect(error).toMatchObject({ code: 'SG_EMULATOR_INVALID_INPUT', path });
    expect((error as Error).message).toMatch(/^Invalid createFunction\(\) spec: "/);
  });

  it('refuses a second function with the same name', () => {
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });

    expect(() =>
      emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } }),
    ).toThrow(expect.objectContaining({ path: 'functionName' }));
  });

  it('names an unknown function with UnknownFunctionError', () => {
    const error = caught(() => emulator.lambda.publishVersion('ghost'));

    expect(error).toBeInstanceOf(UnknownFunctionError);
    expect(error).toMatchObject({ code: 'SG_EMULATOR_UNKNOWN_FUNCTION', functionName: 'ghost' });
    expect(() => emulator.lambda.getFunction('ghost')).toThrow(UnknownFunctionError);
  });

  it.each([
    ['an unknown version', ['live', '3', undefined], 'version'],
    ['an invalid alias name', ['42', '1', undefined], 'alias'],
    [
      'a weight above 1',
      ['live', '1', { additionalVersionWeights: { '2': 2 } }],
      'options.additionalVersionWeights.2',
    ],
    [
      'routing to a missing version',
      ['live', '1', { additionalVersionWeights: { '5': 0.5 } }],
      'options.additionalVersionWeights',
    ],
    ['an unknown option', ['live', '1', { weights: {} }], 'options.weights'],
  ])('rejects createAlias with %s', (_case, [alias, version, options], path) => {
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });
    emulator.lambda.publishVersion('orders');
    emulator.lambda.publishVersion('orders', { handler: { module: fixture('throws.mjs') } });

    expect(() =>
      emulator.lambda.createAlias('orders', alias as string, version as string, options as never),
    ).toThrow(expect.objectContaining({ path }));
  });

  it('refuses to create an alias twice or update one that does not exist', () => {
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: fixture('good.mjs') } });
    emulator.lambda.createAlias('orders', 'live', '$LATEST');

    expect(() => emulator.lambda.createAlias('orders', 'live', '$LATEST')).toThrow(
      expect.objectContaining({ path: 'alias' }),
    );
    expect(() => emulator.lambda.updateAlias('orders', 'blue', {})).toThrow(
      expect.objectContaining({ path: 'alias' }),
    );
  });

  it('validates the invocations() filter', () => {
    expect(() => emulator.lambda.invocations({ state: 'failed' } as never)).toThrow(
      expect.objectContaining({ path: 'state' }),
    );
    expect(() => emulator.lambda.invocations({ status: 'exploded' } as never)).toThrow(
      expect.objectContaining({ path: 'status' }),
    );
  });
});
