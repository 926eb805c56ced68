import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { type Emulator, startEmulator } from '../index';

const ROLE = 'arn:aws:iam::123456789012:role/orders-role';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

/** An ESM handler answering with `tag`, the environment it saw and what it imported from a sibling file. */
function handlerZip(tag: string, file = 'index.mjs'): Uint8Array {
  return zipSync({
    [file]: strToU8(
      `import { suffix } from './lib/suffix.mjs';\n` +
        `export const handler = async (event) => ({ tag: ${JSON.stringify(tag)} + suffix, event, greeting: process.env.GREETING });\n`,
    ),
    lib: { 'suffix.mjs': strToU8(`export const suffix = '!';\n`) },
  });
}

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

async function invoke(functionName: string, payload: unknown = {}) {
  const answer = await client.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  return {
    functionError: answer.FunctionError,
    executedVersion: answer.ExecutedVersion,
    body: JSON.parse(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8')),
  };
}

function create(name: string, zip: Uint8Array, extra: Record<string, unknown> = {}) {
  return client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: { ZipFile: zip },
      ...extra,
    }),
  );
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({
      name: error.name,
      message: error.message,
      status: error.$metadata.httpStatusCode,
    }),
  );

describe('Lambda set up over the wire', () => {
  it('creates, publishes, updates, routes, lists and deletes a function from zipped code', async () => {
    const created = await create('orders', handlerZip('v1'), {
      Publish: true,
      Timeout: 10,
      MemorySize: 256,
      Description: 'orders API',
      Environment: { Variables: { GREETING: 'hello' } },
    });
    expect(created).toMatchObject({
      FunctionName: 'orders',
      FunctionArn: `${ARN}:orders:1`,
      Version: '1',
      Runtime: 'nodejs22.x',
      Role: ROLE,
      Handler: 'index.handler',
      Timeout: 10,
      MemorySize: 256,
      Environment: { Variables: { GREETING: 'hello' } },
      PackageType: 'Zip',
    });
    expect(created.CodeSize).toBeGreaterThan(0);
    expect(created.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    expect(await invoke('orders:1', { n: 1 })).toEqual({
      functionError: undefined,
      executedVersion: '1',
      body: { tag: 'v1!', event: { n: 1 }, greeting: 'hello' },
    });

    const updated = await client.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: handlerZip('v2') }),
    );
    expect(updated.Version).toBe('$LATEST');
    expect(updated.CodeSha256).not.toBe(created.CodeSha256);
    expect((await invoke('orders')).body.tag).toBe('v2!');
    expect((await invoke('orders:1')).body.tag).toBe('v1!');
    const v2 = await client.send(
      new PublishVersionCommand({ FunctionName: 'orders', Description: 'second' }),
    );
    expect(v2).toMatchObject({ Version: '2', Description: 'second', CodeSha256: updated.CodeSha256 });

    const alias = await client.send(
      new CreateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
      }),
    );
    expect(alias).toMatchObject({ AliasArn: `${ARN}:orders:live`, FunctionVersion: '1' });
    const seen = new Set<string>();
    for (let i = 0; i < 40; i += 1) {
      const answer = await invoke('orders:live');
      seen.add(`${answer.executedVersion}:${answer.body.tag}`);
    }
    expect([...seen].sort()).toEqual(['1:v1!', '2:v2!']);

    await client.send(
      new UpdateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: {},
      }),
    );
    expect(await client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))).toMatchObject({
      FunctionVersion: '2',
    });
    await client.send(new DeleteAliasCommand({ FunctionName: 'orders', Name: 'live' }));
    expect((await client.send(new ListAliasesCommand({ FunctionName: 'orders' }))).Aliases).toEqual([]);
    expect(
      await failure(client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });

    await client.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '1' }));
    const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders' }));
    expect(versions.Versions?.map((version) => version.Version)).toEqual(['$LATEST', '2']);
    // Version numbers are never reused.
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: handlerZip('v3') }));
    const v3 = await client.send(new PublishVersionCommand({ FunctionName: 'orders' }));
    expect(v3.Version).toBe('3');

    await client.send(new DeleteFunctionCommand({ FunctionName: 'orders' }));
    expect(await failure(client.send(new GetFunctionCommand({ FunctionName: 'orders' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    expect(emulator.lambda.functions()).toEqual([]);
  });

  it('publishes with UpdateFunctionCode and changes the configuration', async () => {
    await create('orders', handlerZip('v1'));
    const published = await client.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: handlerZip('v2'), Publish: true }),
    );
    expect(published).toMatchObject({ Version: '1', FunctionArn: `${ARN}:orders:1` });

    const configured = await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'orders',
        Timeout: 30,
        MemorySize: 512,
        Description: 'now configured',
        Environment: { Variables: { GREETING: 'bonjour' } },
        Runtime: 'nodejs24.x',
        Handler: 'index.other',
      }),
    );
    expect(configured).toMatchObject({
      Version: '$LATEST',
      Timeout: 30,
      MemorySize: 512,
      Description: 'now configured',
      Environment: { Variables: { GREETING: 'bonjour' } },
      Runtime: 'nodejs24.x',
      Handler: 'index.other',
    });
    // The new handler names an export the module does not have.
    expect(await invoke('orders')).toMatchObject({
      functionError: 'Unhandled',
      body: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: 'index.other is undefined or not exported',
      },
    });
    await client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Handler: 'index.handler' }),
    );
    expect((await invoke('orders')).body).toMatchObject({ tag: 'v2!', greeting: 'bonjour' });
    // A configuration change is something to publish, even with the same code.
    expect((await client.send(new PublishVersionCommand({ FunctionName: 'orders' }))).Version).toBe('2');
    expect((await client.send(new PublishVersionCommand({ FunctionName: 'orders' }))).Version).toBe('2');
  });

  it('resolves .js and .cjs handler files as Lambda does', async () => {
    await create('common', zipSync({ 'index.cjs': strToU8('exports.handler = async () => "cjs";') }));
    await create('plain', zipSync({ 'index.js': strToU8('exports.handler = async () => "js";') }));
    await create(
      'nested',
      zipSync({ src: { 'app.mjs': strToU8('export const main = async () => "nested";') } }),
      { Handler: 'src/app.main' },
    );
    expect((await invoke('common')).body).toBe('cjs');
    expect((await invoke('plain')).body).toBe('js');
    expect((await invoke('nested')).body).toBe('nested');
  });

  it('pages ListFunctions with Marker and MaxItems', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) await create(name, handlerZip(name));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      seen.push(...(page.Functions ?? []).map((fn) => fn.FunctionName as string));
      expect(page.Functions?.length).toBeLessThanOrEqual(2);
      marker = page.NextMarker;
      pages += 1;
    } while (marker !== undefined);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
    await client.send(new PublishVersionCommand({ FunctionName: 'a' }));
    const all = await client.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    expect(all.Functions?.filter((fn) => fn.FunctionName === 'a').map((fn) => fn.Version)).toEqual([
      '$LATEST',
      '1',
    ]);
  });

  it('answers with Lambda errors for a bad zip, an unknown or non-Node runtime and an existing name', async () => {
    expect(await failure(create('bad', strToU8('not a zip at all')))).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
      status: 400,
    });
    expect(await failure(create('cobol', handlerZip('x'), { Runtime: 'cobol85' }))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
    expect(await failure(create('python', handlerZip('x'), { Runtime: 'python3.12' }))).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
    });
    expect(await failure(create('old', handlerZip('x'), { Runtime: 'nodejs12.x' }))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('nodejs12.x is no longer supported'),
    });
    expect(await failure(create('nohandler', handlerZip('x'), { Handler: undefined }))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    });
    expect(
      await failure(create('reserved', handlerZip('x'), { Environment: { Variables: { AWS_REGION: 'x' } } })),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('AWS_REGION'),
    });
    expect(await failure(create('slow', handlerZip('x'), { Timeout: 901 }))).toMatchObject({
      name: 'ValidationException',
    });
    await create('orders', handlerZip('v1'));
    expect(await failure(create('orders', handlerZip('v1')))).toEqual({
      name: 'ResourceConflictException',
      message: 'Function already exist: orders',
      status: 409,
    });
    expect(emulator.lambda.functions().map((fn) => fn.functionName)).toEqual(['orders']);
  });

  it('creates a function whose zip lacks the handler module; invoking it is an import error', async () => {
    await create('empty', zipSync({ 'other.mjs': strToU8('export const handler = () => 1;') }));
    expect(await invoke('empty')).toMatchObject({
      functionError: 'Unhandled',
      body: {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs",
      },
    });
  });

  it('refuses to delete $LATEST alone or a version an alias routes to', async () => {
    await create('orders', handlerZip('v1'), { Publish: true });
    await client.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '1' }));
    expect(
      await failure(client.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '1' }))),
    ).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: expect.stringContaining('[live]'),
    });
    expect(
      await failure(client.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '$LATEST' }))),
    ).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(
      await failure(client.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '7' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('removes the unpacked code when the emulator closes', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('shiftguard-lambda-')));
    await create('orders', handlerZip('v1'));
    const made = readdirSync(tmpdir()).filter(
      (name) => name.startsWith('shiftguard-lambda-') && !before.has(name),
    );
    expect(made).toHaveLength(1);
    await emulator.close();
    expect(existsSync(`${tmpdir()}/${made[0]}`)).toBe(false);
    emulator = await startEmulator();
  });
});
