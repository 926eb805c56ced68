/**
 * CodeDeploy's applications, deployment groups and deployment configs through the real
 * @aws-sdk/client-codedeploy, and the alias weights each predefined config sets, at which clock times.
 */
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentConfigCommand,
  CreateDeploymentGroupCommand,
  type CreateDeploymentGroupCommandInput,
  GetApplicationCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  ListDeploymentConfigsCommand,
  ListDeploymentGroupsCommand,
} from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createManualClock, type Emulator, type ManualClock, startEmulator } from '@shiftguard/testing';
import {
  APPLICATION,
  createGroup,
  createOrders,
  DEFAULT_ROLE,
  deploy,
  deploymentInfo,
  GROUP,
  MINUTE,
  START,
} from './support/deployments';

let clock: ManualClock;
let emulator: Emulator;
let client: CodeDeployClient;

beforeEach(async () => {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock });
  client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});
afterEach(async () => {
  client.destroy();
  await emulator.close();
});

async function failure(send: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await send;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}

const PREDEFINED = {
  'CodeDeployDefault.LambdaCanary10Percent5Minutes': {
    type: 'TimeBasedCanary',
    timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 },
  },
  'CodeDeployDefault.LambdaCanary10Percent10Minutes': {
    type: 'TimeBasedCanary',
    timeBasedCanary: { canaryPercentage: 10, canaryInterval: 10 },
  },
  'CodeDeployDefault.LambdaCanary10Percent15Minutes': {
    type: 'TimeBasedCanary',
    timeBasedCanary: { canaryPercentage: 10, canaryInterval: 15 },
  },
  'CodeDeployDefault.LambdaCanary10Percent30Minutes': {
    type: 'TimeBasedCanary',
    timeBasedCanary: { canaryPercentage: 10, canaryInterval: 30 },
  },
  'CodeDeployDefault.LambdaLinear10PercentEvery1Minute': {
    type: 'TimeBasedLinear',
    timeBasedLinear: { linearPercentage: 10, linearInterval: 1 },
  },
  'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes': {
    type: 'TimeBasedLinear',
    timeBasedLinear: { linearPercentage: 10, linearInterval: 2 },
  },
  'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes': {
    type: 'TimeBasedLinear',
    timeBasedLinear: { linearPercentage: 10, linearInterval: 3 },
  },
  'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes': {
    type: 'TimeBasedLinear',
    timeBasedLinear: { linearPercentage: 10, linearInterval: 10 },
  },
  'CodeDeployDefault.LambdaAllAtOnce': { type: 'AllAtOnce' },
} as const;

describe('applications', () => {
  it('creates a Lambda application and reads it back', async () => {
    const { applicationId } = await client.send(
      new CreateApplicationCommand({ applicationName: APPLICATION, computePlatform: 'Lambda' }),
    );
    const { application } = await client.send(new GetApplicationCommand({ applicationName: APPLICATION }));

    expect(application).toEqual({
      applicationId,
      applicationName: APPLICATION,
      createTime: new Date(START),
      linkedToGitHub: false,
      computePlatform: 'Lambda',
    });
  });

  it('answers with CodeDeploy error names', async () => {
    await client.send(
      new CreateApplicationCommand({ applicationName: APPLICATION, computePlatform: 'Lambda' }),
    );

    expect(
      await failure(client.send(new CreateApplicationCommand({ applicationName: APPLICATION }))),
    ).toMatchObject({
      name: 'ApplicationAlreadyExistsException',
    });
    expect(await failure(client.send(new GetApplicationCommand({ applicationName: 'nope' })))).toEqual({
      name: 'ApplicationDoesNotExistException',
      message: 'No application found for name: nope',
    });
    expect(await failure(client.send(new GetApplicationCommand({ applicationName: '' })))).toMatchObject({
      name: 'ApplicationNameRequiredException',
    });
    expect(
      await failure(
        client.send(
          new CreateApplicationCommand({ applicationName: 'x', computePlatform: 'Mainframe' as never }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidComputePlatformException' });
  });
});

describe('deployment groups', () => {
  beforeEach(async () => {
    await client.send(
      new CreateApplicationCommand({ applicationName: APPLICATION, computePlatform: 'Lambda' }),
    );
  });

  const group = (input: Partial<CreateDeploymentGroupCommandInput> = {}) =>
    client.send(
      new CreateDeploymentGroupCommand({
        applicationName: APPLICATION,
        deploymentGroupName: GROUP,
        serviceRoleArn: DEFAULT_ROLE,
        ...input,
      }),
    );

  it('holds what SAM sets on a Lambda deployment group', async () => {
    const { deploymentGroupId } = await group({
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      alarmConfiguration: { enabled: true, alarms: [{ name: 'orders-errors' }] },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
    });
    const { deploymentGroupInfo } = await client.send(
      new GetDeploymentGroupCommand({ applicationName: APPLICATION, deploymentGroupName: GROUP }),
    );

    expect(deploymentGroupInfo).toMatchObject({
      applicationName: APPLICATION,
      deploymentGroupId,
      deploymentGroupName: GROUP,
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      serviceRoleArn: DEFAULT_ROLE,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      alarmConfiguration: {
        enabled: true,
        ignorePollAlarmFailure: false,
        alarms: [{ name: 'orders-errors' }],
      },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
      computePlatform: 'Lambda',
    });
    expect(deploymentGroupInfo?.lastAttemptedDeployment).toBeUndefined();
    const { deploymentGroups } = await client.send(
      new ListDeploymentGroupsCommand({ applicationName: APPLICATION }),
    );
    expect(deploymentGroups).toEqual([GROUP]);
  });

  it('defaults to LambdaAllAtOnce, no alarms and no rollback', async () => {
    await group();
    const { deploymentGroupInfo } = await client.send(
      new GetDeploymentGroupCommand({ applicationName: APPLICATION, deploymentGroupName: GROUP }),
    );
    expect(deploymentGroupInfo).toMatchObject({
      deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
      alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
      autoRollbackConfiguration: { enabled: false, events: [] },
    });
  });

  it.each([
    [{ applicationName: 'nope' }, 'ApplicationDoesNotExistException'],
    [{ deploymentGroupName: '' }, 'DeploymentGroupNameRequiredException'],
    [{ serviceRoleArn: undefined }, 'RoleRequiredException'],
    [{ serviceRoleArn: 'not-a-role' }, 'InvalidRoleException'],
    [
      { deploymentConfigName: 'CodeDeployDefault.LambdaCanary99Percent' },
      'DeploymentConfigDoesNotExistException',
    ],
    [
      { deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' } },
      'InvalidDeploymentStyleException',
    ],
    [
      {
        alarmConfiguration: {
          enabled: true,
          alarms: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}` })),
        },
      },
      'AlarmsLimitExceededException',
    ],
    [{ alarmConfiguration: { enabled: true, alarms: [] } }, 'InvalidAlarmConfigException'],
    [
      { alarmConfiguration: { enabled: true, alarms: [{ name: 'a' }, { name: 'a' }] } },
      'InvalidAlarmConfigException',
    ],
    [{ autoRollbackConfiguration: { enabled: true, events: [] } }, 'InvalidAutoRollbackConfigException'],
    [
      { autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_LATE' as never] } },
      'InvalidAutoRollbackConfigException',
    ],
  ] as [Partial<CreateDeploymentGroupCommandInput>, string][])('refuses %j with %s', async (input, name) => {
    expect(await failure(group(input))).toMatchObject({ name });
  });

  it('refuses a second group of the same name, and reading an unknown group', async () => {
    await group();
    expect(await failure(group())).toMatchObject({ name: 'DeploymentGroupAlreadyExistsException' });
    expect(
      await failure(
        client.send(
          new GetDeploymentGroupCommand({ applicationName: APPLICATION, deploymentGroupName: 'nope' }),
        ),
      ),
    ).toEqual({
      name: 'DeploymentGroupDoesNotExistException',
      message: 'No Deployment Group found for name: nope',
    });
  });
});

describe('deployment configs', () => {
  it.each(Object.entries(PREDEFINED))(
    'GetDeploymentConfig(%s) answers its traffic routing',
    async (name, routing) => {
      const { deploymentConfigInfo } = await client.send(
        new GetDeploymentConfigCommand({ deploymentConfigName: name }),
      );
      expect(deploymentConfigInfo).toEqual({
        deploymentConfigId: expect.any(String),
        deploymentConfigName: name,
        createTime: new Date(START),
        computePlatform: 'Lambda',
        trafficRoutingConfig: routing,
      });
    },
  );

  it('lists the nine predefined Lambda configs and the custom ones', async () => {
    const { deploymentConfigId } = await client.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'Canary25Percent3Minutes',
        computePlatform: 'Lambda',
        trafficRoutingConfig: {
          type: 'TimeBasedCanary',
          timeBasedCanary: { canaryPercentage: 25, canaryInterval: 3 },
        },
      }),
    );
    const { deploymentConfigsList } = await client.send(new ListDeploymentConfigsCommand({}));
    const { deploymentConfigInfo } = await client.send(
      new GetDeploymentConfigCommand({ deploymentConfigName: 'Canary25Percent3Minutes' }),
    );

    expect(deploymentConfigsList).toEqual([...Object.keys(PREDEFINED), 'Canary25Percent3Minutes']);
    expect(deploymentConfigInfo).toMatchObject({
      deploymentConfigId,
      trafficRoutingConfig: {
        type: 'TimeBasedCanary',
        timeBasedCanary: { canaryPercentage: 25, canaryInterval: 3 },
      },
    });
  });

  it.each([
    [{ deploymentConfigName: 'CodeDeployDefault.Mine' }, 'InvalidDeploymentConfigNameException'],
    [{ deploymentConfigName: '' }, 'DeploymentConfigNameRequiredException'],
    [{ computePlatform: 'Server' }, 'InvalidComputePlatformException'],
    [{ trafficRoutingConfig: undefined }, 'InvalidTrafficRoutingConfigurationException'],
    [
      {
        trafficRoutingConfig: {
          type: 'TimeBasedLinear',
          timeBasedLinear: { linearPercentage: 100, linearInterval: 1 },
        },
      },
      'InvalidTrafficRoutingConfigurationException',
    ],
    [
      {
        trafficRoutingConfig: {
          type: 'TimeBasedCanary',
          timeBasedCanary: { canaryPercentage: 10, canaryInterval: 2881 },
        },
      },
      'InvalidTrafficRoutingConfigurationException',
    ],
    [
      {
        trafficRoutingConfig: {
          type: 'TimeBasedLinear',
          timeBasedLinear: { linearPercentage: 1, linearInterval: 30 },
        },
      },
      'InvalidTrafficRoutingConfigurationException',
    ],
    [{ minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } }, 'InvalidMinimumHealthyHostValueException'],
  ] as [Record<string, unknown>, string][])(
    'CreateDeploymentConfig refuses %j with %s',
    async (input, name) => {
      const command = new CreateDeploymentConfigCommand({
        deploymentConfigName: 'mine',
        computePlatform: 'Lambda',
        trafficRoutingConfig: { type: 'AllAtOnce' },
        ...input,
      } as never);
      expect(await failure(client.send(command))).toMatchObject({ name });
    },
  );

  it('answers DeploymentConfigDoesNotExistException for a name it does not hold', async () => {
    expect(
      await failure(
        client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.OneAtATime' })),
      ),
    ).toMatchObject({ name: 'DeploymentConfigDoesNotExistException' });
  });
});

/** The minute of each UpdateAlias CodeDeploy made, with the target version's weight after it. */
function weightTimeline(deploymentId: string): [number, number][] {
  return emulator.codeDeploy
    .timeline(deploymentId)
    .flatMap((event) =>
      event.type === 'trafficShifted'
        ? [[(event.at - START) / MINUTE, event.targetVersionWeight] as [number, number]]
        : [],
    );
}

const linear = (interval: number) =>
  Array.from({ length: 10 }, (_, index) => [index * interval, (index + 1) / 10] as [number, number]);

describe('the weights of each predefined config, on the clock', () => {
  it.each([
    [
      'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      [
        [0, 0.1],
        [5, 1],
      ],
      5,
    ],
    [
      'CodeDeployDefault.LambdaCanary10Percent10Minutes',
      [
        [0, 0.1],
        [10, 1],
      ],
      10,
    ],
    [
      'CodeDeployDefault.LambdaCanary10Percent15Minutes',
      [
        [0, 0.1],
        [15, 1],
      ],
      15,
    ],
    [
      'CodeDeployDefault.LambdaCanary10Percent30Minutes',
      [
        [0, 0.1],
        [30, 1],
      ],
      30,
    ],
    ['CodeDeployDefault.LambdaLinear10PercentEvery1Minute', linear(1), 9],
    ['CodeDeployDefault.LambdaLinear10PercentEvery2Minutes', linear(2), 18],
    ['CodeDeployDefault.LambdaLinear10PercentEvery3Minutes', linear(3), 27],
    ['CodeDeployDefault.LambdaLinear10PercentEvery10Minutes', linear(10), 90],
    ['CodeDeployDefault.LambdaAllAtOnce', [[0, 1]], 0],
  ] as [string, [number, number][], number][])('%s', async (config, weights, endMinute) => {
    await createGroup(client, { deploymentConfigName: config });
    createOrders(emulator);
    const deploymentId = await deploy(client);

    await clock.runAll();

    expect(weightTimeline(deploymentId)).toEqual(weights);
    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({ status: 'Succeeded', deploymentConfigName: config, creator: 'user' });
    expect(info.completeTime?.getTime()).toBe(START + endMinute * MINUTE);
    expect(emulator.lambda.getFunction('orders').aliases).toEqual([
      expect.objectContaining({ name: 'live', functionVersion: '2', additionalVersionWeights: {} }),
    ]);
  });

  it('keeps the alias on the current version with the target weighted while it shifts', async () => {
    await createGroup(client, {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    createOrders(emulator);
    const lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    await deploy(client);

    await clock.advance(3 * MINUTE);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
    lambda.destroy();

    expect(alias).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.4 } },
    });
  });

  it('follows a custom linear config to 100% even when its step does not divide 100', async () => {
    await client.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'Linear30PercentEvery2Minutes',
        computePlatform: 'Lambda',
        trafficRoutingConfig: {
          type: 'TimeBasedLinear',
          timeBasedLinear: { linearPercentage: 30, linearInterval: 2 },
        },
      }),
    );
    await createGroup(client);
    createOrders(emulator);
    const deploymentId = await deploy(client, { deploymentConfigName: 'Linear30PercentEvery2Minutes' });

    await clock.runAll();

    expect(weightTimeline(deploymentId)).toEqual([
      [0, 0.3],
      [2, 0.6],
      [4, 0.9],
      [6, 1],
    ]);
  });

  it('holds 100% one more interval with linearEnd: extraInterval', async () => {
    await emulator.close();
    emulator = await startEmulator({ clock, codeDeploy: { linearEnd: 'extraInterval' } });
    client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    await createGroup(client, {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    createOrders(emulator);
    const deploymentId = await deploy(client);

    await clock.runAll();

    expect(weightTimeline(deploymentId)).toEqual(linear(1));
    expect((await deploymentInfo(client, deploymentId)).completeTime?.getTime()).toBe(START + 10 * MINUTE);
  });
});
