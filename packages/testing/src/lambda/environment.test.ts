import { join } from 'node:path';
import vm from 'node:vm';
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, startEmulator } from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
/** Module handlers read the main realm's `process.env`, inline ones this sandbox's copy: set both. */
const envs = [process.env, (vm.runInThisContext('globalThis') as typeof globalThis).process.env];

/** What a developer's shell may hold: with any of it visible, handler SDK clients would leave the emulator. */
const DEVELOPER_ENV = {
  AWS_PROFILE: 'shiftguard-no-such-profile',
  AWS_ACCESS_KEY_ID: 'AKIADEVELOPERKEY',
  AWS_SECRET_ACCESS_KEY: 'developer-secret',
  AWS_REGION: 'eu-west-3',
  AWS_ENDPOINT_URL_CODEDEPLOY: 'http://127.0.0.1:9',
  SG_TEST_VISIBLE: 'from the test process',
};

let emulator: Emulator;
let client: LambdaClient;

beforeEach(async () => {
  for (const env of envs) Object.assign(env, DEVELOPER_ENV);
  emulator = await startEmulator();
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
  for (const env of envs) for (const name of Object.keys(DEVELOPER_ENV)) delete env[name];
});

async function invokeJson(functionName: string): Promise<Record<string, unknown>> {
  const output = await client.send(new InvokeCommand({ FunctionName: functionName }));
  expect(output.FunctionError).toBeUndefined();
  return JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8')) as Record<string, unknown>;
}

describe('process.env during an invocation', () => {
  it('sends SDK clients created in handler code to the emulator, never with the developer’s credentials', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    emulator.lambda.createFunction({
      functionName: 'hook',
      handler: {
        fn: async () => {
          // No endpoint, region or credentials: everything comes from the environment, as in Lambda.
          const codeDeploy = new CodeDeployClient({ maxAttempts: 1 });
          try {
            await codeDeploy.send(
              new PutLifecycleEventHookExecutionStatusCommand({
                deploymentId,
                lifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic,
                status: 'Succeeded',
              }),
            );
            const credentials = await codeDeploy.config.credentials();
            return {
              region: await codeDeploy.config.region(),
              accessKeyId: credentials.accessKeyId,
              sessionToken: credentials.sessionToken,
            };
          } finally {
            codeDeploy.destroy();
          }
        },
      },
    });

    const seen = await invokeJson('hook');

    expect(seen).toEqual({
      region: 'us-east-1',
      accessKeyId: emulator.clientConfig().credentials.accessKeyId,
      sessionToken: 'emulator-session-token',
    });
    expect(
      emulator.codeDeploy.hookExecutionStatus(deploymentId, hookExecutionIds.BeforeAllowTraffic as string),
    ).toBe('Succeeded');
  });

  it('does so for a module handler, whose SDK loads through Node’s own loader', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    // Loading the SDK counts against the timeout: leave it room.
    emulator.lambda.createFunction({
      functionName: 'module-hook',
      handler: { module: fixture('sdk-client.mjs') },
      timeoutMs: 20_000,
    });

    const seen = await client.send(
      new InvokeCommand({
        FunctionName: 'module-hook',
        Payload: Buffer.from(JSON.stringify({ deploymentId })),
      }),
    );

    expect(seen.FunctionError).toBeUndefined();
    expect(Buffer.from(seen.Payload ?? []).toString('utf8')).toBe(JSON.stringify(deploymentId));
  });

  it.each([
    ['a module handler', { module: fixture('env.mjs') }],
    [
      'an inline handler',
      {
        fn: async () => {
          const env = process.env;
          const before = env.SG_TEST_VISIBLE;
          delete env.SG_TEST_VISIBLE;
          delete env.GREETING;
          env.WRITTEN = 'inside';
          return {
            before,
            after: env.SG_TEST_VISIBLE ?? null,
            hasDeleted: 'SG_TEST_VISIBLE' in env,
            listsDeleted: Object.keys(env).includes('SG_TEST_VISIBLE'),
            greeting: env.GREETING ?? null,
            written: env.WRITTEN ?? null,
            aws: Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('AWS_'))),
          };
        },
      },
    ],
  ])(
    'keeps the deletions of %s inside its invocation and shows it Lambda’s variables only',
    async (_case, handler) => {
      emulator.lambda.createFunction({ functionName: 'env', handler, environment: { GREETING: 'hello' } });

      const first = await invokeJson('env');
      const second = await invokeJson('env');

      expect(first).toMatchObject({
        before: 'from the test process',
        after: null,
        hasDeleted: false,
        listsDeleted: false,
        greeting: null,
        written: 'inside',
      });
      expect(Object.keys(first.aws as object).sort()).toEqual([
        'AWS_ACCESS_KEY',
        'AWS_ACCESS_KEY_ID',
        'AWS_CONFIG_FILE',
        'AWS_DEFAULT_REGION',
        'AWS_ENDPOINT_URL',
        'AWS_EXECUTION_ENV',
        'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
        'AWS_LAMBDA_FUNCTION_NAME',
        'AWS_LAMBDA_FUNCTION_VERSION',
        'AWS_LAMBDA_INITIALIZATION_TYPE',
        'AWS_LAMBDA_LOG_GROUP_NAME',
        'AWS_LAMBDA_LOG_STREAM_NAME',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_SHARED_CREDENTIALS_FILE',
      ]);
      expect(first.aws).toMatchObject({
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'AKIAEMULATOR',
        AWS_SECRET_ACCESS_KEY: 'emulator-secret',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: 'env',
      });
      // Each invocation starts from the function's environment again.
      expect(second).toMatchObject({ before: 'from the test process', greeting: null, written: 'inside' });
      for (const env of envs) {
        expect(env.SG_TEST_VISIBLE).toBe('from the test process');
        expect(env.AWS_PROFILE).toBe('shiftguard-no-such-profile');
        expect(env.WRITTEN).toBeUndefined();
      }
    },
  );

  it('lets the function’s environment set AWS_ENDPOINT_URL, which Lambda does not reserve', async () => {
    emulator.lambda.createFunction({
      functionName: 'elsewhere',
      handler: { fn: async () => process.env.AWS_ENDPOINT_URL },
      environment: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
    });

    const output = await client.send(new InvokeCommand({ FunctionName: 'elsewhere' }));

    expect(Buffer.from(output.Payload ?? []).toString('utf8')).toBe('"http://127.0.0.1:4566"');
  });
});
