import { join } from 'node:path';
import {
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { variableClock } from '../clock/variable-clock.test-support';
import { type Emulator, startEmulator } from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

let emulator: Emulator;
let client: LambdaClient;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2024, 4, 1, 12, 0, 0);
  emulator = await startEmulator({ clock: variableClock(() => now) });
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  emulator.lambda.createFunction({
    functionName: 'orders',
    handler: { module: fixture('good.mjs') },
    timeoutMs: 2500,
    memoryMb: 256,
    reservedConcurrency: 5,
    environment: { GREETING: 'hello' },
    description: 'orders API',
  });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

async function failure(send: Promise<unknown>) {
  try {
    await send;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

/** Version 1 runs good.mjs, version 2 throws.mjs, alias live points at 1. */
function publishTwoVersions() {
  emulator.lambda.publishVersion('orders');
  now += 60_000;
  emulator.lambda.publishVersion('orders', { handler: { module: fixture('throws.mjs') } });
  emulator.lambda.createAlias('orders', 'live', '1', { description: 'production' });
}

describe('GetFunctionConfiguration and GetFunction', () => {
  it('describes $LATEST with an unqualified ARN', async () => {
    const output = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' }));

    expect(output).toMatchObject({
      FunctionName: 'orders',
      FunctionArn: `${ARN}:orders`,
      Runtime: 'nodejs20.x',
      Handler: 'good.handler',
      Description: 'orders API',
      Timeout: 3,
      MemorySize: 256,
      Version: '$LATEST',
      LastModified: '2024-05-01T12:00:00.000+0000',
      CodeSha256: emulator.lambda.getFunction('orders').versions[0]?.codeSha256,
      Environment: { Variables: { GREETING: 'hello' } },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      RevisionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(output.CodeSize).toBeGreaterThan(100);
  });

  it('describes a version or an alias named by Qualifier or by a qualified name', async () => {
    publishTwoVersions();

    const byVersion = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: '2' }),
    );
    const byAlias = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: `${ARN}:orders:live` }),
    );

    expect(byVersion).toMatchObject({
      FunctionArn: `${ARN}:orders:2`,
      Version: '2',
      Handler: 'throws.handler',
      LastModified: '2024-05-01T12:01:00.000+0000',
    });
    expect(byAlias).toMatchObject({
      FunctionArn: `${ARN}:orders:live`,
      Version: '1',
      Handler: 'good.handler',
    });
  });

  it('answers GetFunction with the configuration, a code location and the reserved concurrency', async () => {
    const output = await client.send(new GetFunctionCommand({ FunctionName: 'orders' }));

    expect(output.Configuration?.FunctionName).toBe('orders');
    expect(output.Code).toEqual({
      RepositoryType: 'S3',
      Location: expect.stringMatching(/^https:\/\/awslambda-us-east-1-tasks\.s3\./),
    });
    expect(output.Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });
  });

  it.each([
    ['an unknown function', { FunctionName: 'nope' }, `Function not found: ${ARN}:nope`],
    ['an unknown version', { FunctionName: 'orders', Qualifier: '3' }, `Function not found: ${ARN}:orders:3`],
    ['an unknown alias', { FunctionName: 'orders:blue' }, `Function not found: ${ARN}:orders:blue`],
  ])('answers %s with 404', async (_case, input, message) => {
    expect(await failure(client.send(new GetFunctionConfigurationCommand(input)))).toEqual({
      name: 'ResourceNotFoundException',
      message,
      status: 404,
    });
    expect(await failure(client.send(new GetFunctionCommand(input)))).toMatchObject({ status: 404 });
  });
});

describe('PublishVersion and ListVersionsByFunction', () => {
  it('publishes $LATEST as version 1 with 201, then lists $LATEST and the version', async () => {
    const published = await client.send(
      new PublishVersionCommand({ FunctionName: 'orders', Description: 'first' }),
    );
    const listed = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders' }));

    expect(published.$metadata.httpStatusCode).toBe(201);
    expect(published).toMatchObject({ Version: '1', FunctionArn: `${ARN}:orders:1`, Description: 'first' });
    expect(listed.Versions?.map((version) => [version.Version, version.FunctionArn])).toEqual([
      ['$LATEST', `${ARN}:orders:$LATEST`],
      ['1', `${ARN}:orders:1`],
    ]);
    expect(emulator.lambda.getFunction('orders').versions.map((version) => version.version)).toEqual([
      '$LATEST',
      '1',
    ]);
  });

  it('returns the last version instead of publishing unchanged code again', async () => {
    emulator.lambda.publishVersion('orders');

    const again = await client.send(new PublishVersionCommand({ FunctionName: 'orders' }));

    expect(again.Version).toBe('1');
    expect(emulator.lambda.publishVersion('orders')).toBe('1');
    expect(emulator.lambda.publishVersion('orders', { handler: { module: fixture('throws.mjs') } })).toBe(
      '2',
    );
  });

  it('refuses a CodeSha256 that is not $LATEST’s and a stale RevisionId', async () => {
    expect(
      await failure(client.send(new PublishVersionCommand({ FunctionName: 'orders', CodeSha256: 'abc=' }))),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('CodeSHA256 (abc=) is different from current CodeSHA256 in $LATEST'),
      status: 400,
    });
    expect(
      await failure(client.send(new PublishVersionCommand({ FunctionName: 'orders', RevisionId: 'stale' }))),
    ).toMatchObject({
      name: 'PreconditionFailedException',
      status: 412,
    });
  });

  it('pages with MaxItems and NextMarker', async () => {
    publishTwoVersions();

    const first = await client.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'orders', MaxItems: 2 }),
    );
    const second = await client.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'orders', MaxItems: 2, Marker: first.NextMarker }),
    );

    expect(first.Versions?.map((version) => version.Version)).toEqual(['$LATEST', '1']);
    expect(first.NextMarker).toEqual(expect.any(String));
    expect(second.Versions?.map((version) => version.Version)).toEqual(['2']);
    expect(second.NextMarker).toBeUndefined();
    expect(
      await failure(
        client.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders', Marker: 'bogus!' })),
      ),
    ).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  });

  it('answers an unknown function with 404 and a qualified name with a ValidationException', async () => {
    expect(await failure(client.send(new PublishVersionCommand({ FunctionName: 'nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    expect(
      await failure(client.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders:1' }))),
    ).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
  });
});

describe('aliases', () => {
  it('answers GetAlias with the alias configuration', async () => {
    publishTwoVersions();

    const alias = await client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));

    expect(alias).toMatchObject({
      AliasArn: `${ARN}:orders:live`,
      Name: 'live',
      FunctionVersion: '1',
      Description: 'production',
      RevisionId: expect.any(String),
    });
    expect(alias.RoutingConfig).toBeUndefined();
  });

  it('creates an alias with 201, lists aliases, and filters them by version', async () => {
    publishTwoVersions();

    const created = await client.send(
      new CreateAliasCommand({
        FunctionName: 'orders',
        Name: 'canary',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } },
      }),
    );
    const all = await client.send(new ListAliasesCommand({ FunctionName: 'orders' }));
    const onTwo = await client.send(new ListAliasesCommand({ FunctionName: 'orders', FunctionVersion: '2' }));

    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.RoutingConfig).toEqual({ AdditionalVersionWeights: { '1': 0.5 } });
    expect(all.Aliases?.map((alias) => alias.Name)).toEqual(['live', 'canary']);
    expect(onTwo.Aliases?.map((alias) => alias.Name)).toEqual(['canary']);
  });

  it('updates version, routing and description; RoutingConfig with no weights ends the routing', async () => {
    publishTwoVersions();

    const shifted = await client.send(
      new UpdateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      }),
    );
    const promoted = await client.send(
      new UpdateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: {} },
        Description: 'v2',
        RevisionId: shifted.RevisionId,
      }),
    );

    expect(shifted.$metadata.httpStatusCode).toBe(200);
    expect(shifted).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
    });
    expect(promoted).toMatchObject({ FunctionVersion: '2', Description: 'v2' });
    expect(promoted.RoutingConfig).toBeUndefined();
    expect(promoted.RevisionId).not.toBe(shifted.RevisionId);
    expect(emulator.lambda.getFunction('orders').aliases).toEqual([
      expect.objectContaining({ name: 'live', functionVersion: '2', additionalVersionWeights: {} }),
    ]);
  });

  it.each([
    [
      'a weight above 1',
      { '2': 1.5 },
      'ValidationException',
      400,
      "1 validation error detected: Value '{2=1.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint",
    ],
    ['a negative weight', { '2': -0.1 }, 'ValidationException', 400, 'failed to satisfy constraint'],
    [
      'a version that does not exist',
      { '7': 0.1 },
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN}:orders:7`,
    ],
    [
      'the primary version itself',
      { '1': 0.1 },
      'InvalidParameterValueException',
      400,
      'Function version 1 is already included',
    ],
    [
      'two additional versions',
      { '2': 0.1, $LATEST: 0.1 },
      'InvalidParameterValueException',
      400,
      'Invalid number of entries',
    ],
    ['$LATEST', { $LATEST: 0.1 }, 'InvalidParameterValueException', 400, '$LATEST is not supported'],
  ])('refuses routing to %s', async (_case, AdditionalVersionWeights, name, status, message) => {
    publishTwoVersions();

    const error = await failure(
      client.send(
        new UpdateAliasCommand({
          FunctionName: 'orders',
          Name: 'live',
          RoutingConfig: { AdditionalVersionWeights },
        }),
      ),
    );

    expect(error).toMatchObject({ name, status, message: expect.stringContaining(message) });
    expect(emulator.lambda.getFunction('orders').aliases[0]?.additionalVersionWeights).toEqual({});
  });

  it('answers alias errors as Lambda does', async () => {
    publishTwoVersions();

    expect(await failure(client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'blue' })))).toEqual(
      {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${ARN}:orders:blue`,
        status: 404,
      },
    );
    expect(
      await failure(
        client.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '1' })),
      ),
    ).toEqual({
      name: 'ResourceConflictException',
      message: `Alias already exists: ${ARN}:orders:live`,
      status: 409,
    });
    expect(
      await failure(
        client.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'next', FunctionVersion: '9' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(
      await failure(
        client.send(new CreateAliasCommand({ FunctionName: 'orders', Name: '123', FunctionVersion: '1' })),
      ),
    ).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(
      await failure(
        client.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', RevisionId: 'stale' })),
      ),
    ).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    expect(
      await failure(client.send(new GetAliasCommand({ FunctionName: 'nope', Name: 'live' }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN}:nope`,
    });
  });

  it('applies injected faults to management operations by name', async () => {
    emulator.faults.inject('GetAlias', { kind: 'throttle' }, { times: 1 });
    publishTwoVersions();

    expect(
      await failure(client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))),
    ).toMatchObject({
      name: 'ThrottlingException',
      status: 400,
    });
    expect((await client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))).Name).toBe(
      'live',
    );
    expect(emulator.faults.hits('GetAlias')).toBe(1);
  });
});
