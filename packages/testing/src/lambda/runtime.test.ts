/**
 * A function's runtime: what the configuration says, what `AWS_EXECUTION_ENV` says, and how the handler is
 * called. `nodejs24.x` calls `await handler(event, context)`: a callback-style handler fails at init with
 * `Runtime.CallbackHandlerDeprecated`, as Lambda's Node.js 24 runtime fails it.
 */
import { join } from 'node:path';
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { type Emulator, InvalidEmulatorInputError, startEmulator } from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const CALLBACK_ERROR =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

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

async function invoke(functionName: string) {
  const answer = await client.send(new InvokeCommand({ FunctionName: functionName }));
  return {
    functionError: answer.FunctionError,
    body: JSON.parse(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8')) as unknown,
  };
}

const executionEnv = { fn: async () => process.env.AWS_EXECUTION_ENV };

describe('runtime', () => {
  it('defaults to nodejs20.x, in the snapshot, the configuration and AWS_EXECUTION_ENV', async () => {
    const snapshot = emulator.lambda.createFunction({ functionName: 'plain', handler: executionEnv });

    expect(snapshot.versions[0]?.runtime).toBe('nodejs20.x');
    const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'plain' }));
    expect(configuration.Runtime).toBe('nodejs20.x');
    expect(await invoke('plain')).toEqual({ functionError: undefined, body: 'AWS_Lambda_nodejs20.x' });
  });

  it('is given per function, kept by the versions it publishes, and seeded', async () => {
    emulator.lambda.createFunction({ functionName: 'modern', runtime: 'nodejs24.x', handler: executionEnv });
    const version = emulator.lambda.publishVersion('modern');

    expect(emulator.lambda.getFunction('modern').versions.map((v) => [v.version, v.runtime])).toEqual([
      ['$LATEST', 'nodejs24.x'],
      [version, 'nodejs24.x'],
    ]);
    const configuration = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'modern', Qualifier: version }),
    );
    expect(configuration.Runtime).toBe('nodejs24.x');
    expect((await invoke(`modern:${version}`)).body).toBe('AWS_Lambda_nodejs24.x');

    const seeded = await startEmulator({
      seed: { functions: [{ functionName: 'seeded', runtime: 'nodejs22.x', handler: executionEnv }] },
    });
    try {
      expect(seeded.lambda.getFunction('seeded').versions[0]?.runtime).toBe('nodejs22.x');
    } finally {
      await seeded.close();
    }
  });

  it('refuses a runtime the emulator does not run, naming the ones it does', async () => {
    const create = () =>
      emulator.lambda.createFunction({
        functionName: 'py',
        runtime: 'python3.12' as never,
        handler: executionEnv,
      });
    expect(create).toThrow(InvalidEmulatorInputError);
    expect(create).toThrow(/"runtime" must be one of .*nodejs24\.x, got "python3\.12"/);
    await expect(
      startEmulator({
        seed: { functions: [{ functionName: 'old', runtime: 'nodejs12.x' as never, handler: executionEnv }] },
      }),
    ).rejects.toThrow(/seed\.functions\[0\]\.runtime/);
  });
});

describe('nodejs24.x', () => {
  it.each([
    ['a CommonJS callback handler', { module: fixture('callback.cjs') }],
    [
      'an async handler declaring a callback it never calls',
      { fn: async (_e: unknown, _c: unknown, _cb: unknown) => 'ok' },
    ],
    [
      'a handler declaring four parameters',
      // A handler's type allows three parameters; the runtime counts what the function declares.
      { fn: ((_a: unknown, _b: unknown, _c: unknown, _d: unknown) => 'ok') as never },
    ],
  ])(
    'fails %s at init with Runtime.CallbackHandlerDeprecated, on every invocation',
    async (_name, handler) => {
      emulator.lambda.createFunction({ functionName: 'legacy', runtime: 'nodejs24.x', handler });

      for (const _attempt of [1, 2]) {
        expect(await invoke('legacy')).toEqual({
          functionError: 'Unhandled',
          body: {
            errorType: 'Runtime.CallbackHandlerDeprecated',
            errorMessage: CALLBACK_ERROR,
            trace: [`Runtime.CallbackHandlerDeprecated: ${CALLBACK_ERROR}`],
          },
        });
      }
      const [record] = emulator.lambda.invocations();
      expect(record).toMatchObject({
        status: 'failed',
        error: { errorType: 'Runtime.CallbackHandlerDeprecated', errorMessage: CALLBACK_ERROR },
      });
      expect(record?.log).toContain('\tERROR\tInit Error \t{"errorType":"Runtime.CallbackHandlerDeprecated"');
    },
  );

  it('runs the same callback handler on nodejs22.x, and refuses it once the runtime is moved to nodejs24.x', async () => {
    emulator.lambda.createFunction({
      functionName: 'moving',
      runtime: 'nodejs22.x',
      handler: { module: fixture('callback.cjs') },
    });
    expect(await invoke('moving')).toMatchObject({ functionError: undefined, body: { style: 'callback' } });

    const updated = await client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'moving', Runtime: 'nodejs24.x' }),
    );

    expect(updated.Runtime).toBe('nodejs24.x');
    expect(emulator.lambda.getFunction('moving').versions[0]?.runtime).toBe('nodejs24.x');
    expect(await invoke('moving')).toMatchObject({
      functionError: 'Unhandled',
      body: { errorType: 'Runtime.CallbackHandlerDeprecated' },
    });
  });

  it('calls a handler with the event and the context only, answering with what a synchronous one returns', async () => {
    emulator.lambda.createFunction({
      functionName: 'sync',
      runtime: 'nodejs24.x',
      handler: { module: fixture('callback.cjs'), export: 'sync' },
    });
    emulator.lambda.createFunction({
      functionName: 'counts',
      runtime: 'nodejs24.x',
      handler: {
        fn(this: unknown, ..._args: unknown[]) {
          // biome-ignore lint/complexity/noArguments: what the runtime passed, not what was declared
          return Promise.resolve(arguments.length);
        },
      },
    });

    expect(await invoke('sync')).toEqual({ functionError: undefined, body: { ignored: true } });
    expect(await invoke('counts')).toEqual({ functionError: undefined, body: 2 });
  });

  it('answers null for a synchronous handler on earlier runtimes, as before', async () => {
    emulator.lambda.createFunction({
      functionName: 'sync',
      handler: { module: fixture('callback.cjs'), export: 'sync' },
    });
    expect(await invoke('sync')).toEqual({ functionError: undefined, body: null });
  });
});
