/**
 * CodeDeploy's applications, deployment groups and deployment configs through the real
 * @aws-sdk/client-codedeploy.
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
import { createManualClock, type Emulator, type ManualClock, startEmulator } from '@shiftguard/testing';

const START = Date.UTC(2024, 2, 1, 9, 0, 0);
const APPLICATION = 'orders-app';
const GROUP = 'orders-group';
const DEFAULT_ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';

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
