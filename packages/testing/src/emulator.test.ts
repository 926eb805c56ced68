import { join } from 'node:path';
import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  createManualClock,
  type Emulator,
  EmulatorStartError,
  InvalidEmulatorInputError,
  startEmulator,
} from './index';

const fixture = (name: string) => join(__dirname, 'lambda', 'fixtures', name);

const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(options?: Parameters<typeof startEmulator>[0]): Promise<Emulator> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

describe('startEmulator', () => {
  it('listens on a free loopback port and hands out a config any SDK client can use', async () => {
    const emulator = await start();
    const client = new CodeDeployClient(emulator.clientConfig());
    const { deploymentId } = emulator.codeDeploy.createDeployment();

    const output = await client.send(new GetDeploymentCommand({ deploymentId }));
    client.destroy();

    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.region).toBe('us-east-1');
    expect(emulator.clientConfig()).toEqual({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: expect.any(String), secretAccessKey: expect.any(String) },
    });
    expect(output.deploymentInfo?.deploymentId).toBe(deploymentId);
  });

  it('creates the seeded deployments before serving', async () => {
    const emulator = await start({
      seed: {
        deployments: [
          { deploymentId: 'd-SEEDED001', applicationName: 'orders' },
          { appSpec: 'Hooks:\n  - AfterAllowTraffic: post\n' },
        ],
      },
    });

    const deployments = emulator.codeDeploy.deployments();

    expect(deployments.map((deployment) => deployment.applicationName)).toEqual(['orders', 'my-application']);
    expect(deployments[0]?.deploymentId).toBe('d-SEEDED001');
    expect(deployments[1]?.hookExecutions.map((hook) => hook.lifecycleEventName)).toEqual([
      'AfterAllowTraffic',
    ]);
  });

  it('creates the seeded functions, versions and aliases before serving', async () => {
    const emulator = await start({
      random: () => 0,
      seed: {
        functions: [
          {
            functionName: 'orders',
            handler: { module: fixture('good.mjs') },
            versions: [{}, { handler: { module: fixture('wrong-payload.mjs') }, description: 'v2' }],
            aliases: [{ name: 'live', version: '1', additionalVersionWeights: { '2': 0.5 } }],
          },
        ],
      },
    });
    const client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });

    const output = await client.send(new InvokeCommand({ FunctionName: 'orders:live' }));
    client.destroy();

    expect(output.ExecutedVersion).toBe('2');
    expect(
      emulator.lambda.getFunction('orders').versions.map((version) => [version.version, version.description]),
    ).toEqual([
      ['$LATEST', ''],
      ['1', ''],
      ['2', 'v2'],
    ]);
  });

  it.each([
    [{ name: 'live', version: '3' }, 'seed.functions[0].aliases[0].version'],
    [
      { name: 'live', version: '1', additionalVersionWeights: { '1': 0.5 } },
      'seed.functions[0].aliases[0].additionalVersionWeights',
    ],
  ])('rejects a seeded alias %j naming %s', async (alias, path) => {
    const seed = {
      functions: [
        {
          functionName: 'orders',
          handler: { module: fixture('good.mjs') },
          versions: [{}],
          aliases: [alias],
        },
      ],
    };

    await expect(startEmulator({ seed })).rejects.toMatchObject({ path });
  });

  it('rejects seeded functions with the same name, naming the second', async () => {
    const handler = { module: fixture('good.mjs') };
    const seed = {
      functions: [
        { functionName: 'f', handler },
        { functionName: 'f', handler },
      ],
    };

    await expect(startEmulator({ seed })).rejects.toMatchObject({ path: 'seed.functions[1].functionName' });
  });

  it('uses the injected clock for timestamps', async () => {
    const emulator = await start({ clock: createManualClock({ startAt: 1_700_000_000_000 }) });

    const { deploymentId } = emulator.codeDeploy.createDeployment();

    expect(emulator.codeDeploy.getDeployment(deploymentId).createTime).toBe(1_700_000_000_000);
  });

  it.each([
    [{ prot: 4566 }, 'prot'],
    [{ port: -1 }, 'port'],
    [{ port: 70000 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ host: '' }, 'host'],
    [{ clock: { now: 5 } }, 'clock'],
    [{ seed: { deployments: {} } }, 'seed.deployments'],
    [{ seed: { deployments: [{ appSpec: 1 }] } }, 'seed.deployments[0].appSpec'],
    [{ seed: { functions: {} } }, 'seed.functions'],
    [{ seed: { functions: [{ functionName: 'f' }] } }, 'seed.functions[0].handler'],
    [
      { seed: { functions: [{ functionName: 'f', handler: { module: 'relative.mjs' } }] } },
      'seed.functions[0].handler.module',
    ],
    [{ random: 0.5 }, 'random'],
  ])('rejects %j naming %s', async (options, path) => {
    const error = await startEmulator(options as never).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidEmulatorInputError);
    expect(error).toMatchObject({ path, message: expect.stringContaining(`"${path}"`) });
  });

  it('rejects a seed whose deployments collide, naming the second', async () => {
    const seed = { deployments: [{ deploymentId: 'd-SAME00001' }, { deploymentId: 'd-SAME00001' }] };

    await expect(startEmulator({ seed })).rejects.toMatchObject({ path: 'seed.deployments[1].deploymentId' });
  });

  it('fails with EmulatorStartError when the port is taken', async () => {
    const first = await start();
    const port = Number(new URL(first.endpoint).port);

    const error = await startEmulator({ port }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmulatorStartError);
    expect(error).toMatchObject({
      code: 'SG_EMULATOR_START',
      message: expect.stringContaining('EADDRINUSE'),
    });
  });
});

describe('idSeed', () => {
  it('makes the deployment and hook execution ids the same sequence for the same seed', async () => {
    const ids = async (idSeed?: number) => {
      const emulator = await startEmulator(idSeed === undefined ? {} : { idSeed });
      try {
        return [emulator.codeDeploy.createDeployment(), emulator.codeDeploy.createDeployment()].map(
          (created) => [created.deploymentId, created.hookExecutionIds.BeforeAllowTraffic],
        );
      } finally {
        await emulator.close();
      }
    };
    const first = await ids(42);
    expect(await ids(42)).toEqual(first);
    expect(await ids(43)).not.toEqual(first);
    expect(first[0]![0]).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(await ids()).not.toEqual(await ids());
  });

  it('is refused unless it is an integer from 0 to 2³²−1', async () => {
    await expect(startEmulator({ idSeed: -1 })).rejects.toThrow(/idSeed/);
  });
});
