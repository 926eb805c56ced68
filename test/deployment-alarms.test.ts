/**
 * A deployment group's alarms are polled while CodeDeploy runs a deployment: one in ALARM stops it and,
 * with automatic rollback, a new rollback deployment flips the alias back; one in ALARM at the start
 * fails it. The alarms' states come from a stand-in answering as CloudWatch's DescribeAlarms does.
 */
import {
  type AutoRollbackConfiguration,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  type CodeDeployOptions,
  createManualClock,
  type Emulator,
  type ManualClock,
  startEmulator,
} from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';
import {
  APPLICATION,
  alarmStates,
  createGroup,
  createOrders,
  deploy,
  deploymentInfo,
  GROUP,
  MINUTE,
  START,
  until,
} from './support/deployments';

const ALARM = 'orders-errors';
const ROLLBACK_ALL: AutoRollbackConfiguration = {
  enabled: true,
  events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
};

let clock: ManualClock;
let emulator: Emulator;
let client: CodeDeployClient;
let lambda: LambdaClient;
let alarms: ReturnType<typeof alarmStates>;

async function start(options: CodeDeployOptions = {}, rollback: boolean = true): Promise<void> {
  clock = createManualClock({ startAt: START });
  alarms = alarmStates({ [ALARM]: 'OK' });
  emulator = await startEmulator({ clock, codeDeploy: { alarms: alarms.source, ...options } });
  client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  await createGroup(client, {
    deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    alarmConfiguration: { enabled: true, alarms: [{ name: ALARM }] },
    ...(rollback ? { autoRollbackConfiguration: ROLLBACK_ALL } : {}),
  });
  createOrders(emulator);
}

afterEach(async () => {
  client.destroy();
  lambda.destroy();
  await emulator.close();
});

const alias = () => lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
const polls = (deploymentId: string) =>
  emulator.codeDeploy
    .timeline(deploymentId)
    .flatMap((event) =>
      event.type === 'alarmsPolled' ? [`${(event.at - START) / 1000}s ${event.outcome}`] : [],
    );

describe('an alarm firing mid-shift', () => {
  it('stops the deployment and rolls it back through a new deployment', async () => {
    await start();
    const deploymentId = await deploy(client);
    await clock.advance(2 * MINUTE + 30_000);
    expect(await alias()).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.3 } },
    });

    alarms.set(ALARM, 'ALARM');
    await clock.advance(30_000);

    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({
      status: 'Stopped',
      completeTime: new Date(START + 3 * MINUTE),
      errorInformation: {
        code: 'ALARM_ACTIVE',
        message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${ALARM}>`,
      },
    });
    const rollbackId = info.rollbackInfo?.rollbackDeploymentId as string;
    expect(rollbackId).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(rollbackId).not.toBe(deploymentId);
    expect(info.rollbackInfo?.rollbackMessage).toBe(`Rollback deployment ${rollbackId} succeeded.`);
    expect(polls(deploymentId)).toEqual(['0s clear', '60s clear', '120s clear', '180s alarm']);

    const { deploymentInfo: rollback } = await client.send(
      new GetDeploymentCommand({ deploymentId: rollbackId }),
    );
    expect(rollback).toMatchObject({
      deploymentId: rollbackId,
      applicationName: APPLICATION,
      deploymentGroupName: GROUP,
      creator: 'codeDeployRollback',
      status: 'Succeeded',
      rollbackInfo: { rollbackTriggeringDeploymentId: deploymentId },
      createTime: new Date(START + 3 * MINUTE),
      completeTime: new Date(START + 3 * MINUTE),
    });
    // The alias is flipped back at once: the old version, no routing.
    const after = await alias();
    expect(after.FunctionVersion).toBe('1');
    expect(after.RoutingConfig).toBeUndefined();
    expect(
      emulator.codeDeploy.getDeployment(rollbackId).lifecycleEvents?.map((event) => event.status),
    ).toEqual(['Succeeded', 'Skipped', 'Succeeded', 'Skipped', 'Succeeded']);
    expect(emulator.codeDeploy.deployments().map((deployment) => deployment.creator)).toEqual([
      'user',
      'codeDeployRollback',
    ]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('without automatic rollback, leaves the alias weighted, and the next deployment fails on it', async () => {
    await start({}, false);
    const first = await deploy(client);
    await clock.advance(MINUTE + 30_000);
    alarms.set(ALARM, 'ALARM');
    await clock.advance(30_000);

    expect(emulator.codeDeploy.getDeployment(first)).toMatchObject({ status: 'Stopped' });
    expect(emulator.codeDeploy.getDeployment(first).rollbackInfo).toBeUndefined();
    expect(await alias()).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.2 } },
    });

    alarms.set(ALARM, 'OK');
    const second = await deploy(client);
    await clock.advance(0);
    expect(emulator.codeDeploy.getDeployment(second).errorInformation).toMatchObject({
      code: 'INVALID_LAMBDA_CONFIGURATION',
    });
  });
});

describe('an alarm already in ALARM', () => {
  it('fails the deployment at its start, before any traffic moves', async () => {
    await start();
    alarms.set(ALARM, 'ALARM');
    const deploymentId = await deploy(client);
    await clock.advance(0);

    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({ status: 'Failed', errorInformation: { code: 'ALARM_ACTIVE' } });
    expect(emulator.codeDeploy.timeline(deploymentId).some((event) => event.type === 'trafficShifted')).toBe(
      false,
    );
    expect(
      emulator.codeDeploy
        .getDeployment(deploymentId)
        .lifecycleEvents?.every((event) => event.status === 'Skipped'),
    ).toBe(true);
    expect((await alias()).FunctionVersion).toBe('1');
  });

  it('does not block a deployment whose overrideAlarmConfiguration turns polling off', async () => {
    await start();
    alarms.set(ALARM, 'ALARM');
    const { deploymentId } = await client.send(
      new CreateDeploymentCommand({
        applicationName: APPLICATION,
        deploymentGroupName: GROUP,
        deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: {
            content: JSON.stringify(ordersAppSpec({ current: '1', target: '2', hooks: {} })),
          },
        },
        overrideAlarmConfiguration: { enabled: false, alarms: [] },
      }),
    );
    await clock.advance(0);

    expect(await deploymentInfo(client, deploymentId as string)).toMatchObject({
      status: 'Succeeded',
      overrideAlarmConfiguration: { enabled: false },
    });
  });
});

describe('alarm states that are not ALARM', () => {
  it('INSUFFICIENT_DATA does not stop a deployment, unless insufficientDataStops says so', async () => {
    await start();
    alarms.set(ALARM, 'INSUFFICIENT_DATA');
    const kept = await deploy(client);
    await clock.runAll();
    expect(emulator.codeDeploy.getDeployment(kept).status).toBe('Succeeded');

    await emulator.close();
    client.destroy();
    lambda.destroy();
    await start({ insufficientDataStops: true });
    alarms.set(ALARM, 'INSUFFICIENT_DATA');
    const stopped = await deploy(client);
    await clock.advance(0);
    expect(emulator.codeDeploy.getDeployment(stopped).status).toBe('Failed');
  });

  it('an alarm CloudWatch cannot answer for stops the deployment unless ignorePollAlarmFailure', async () => {
    await start();
    const deploymentId = await deploy(client);
    await clock.advance(MINUTE + 30_000);
    alarms.fail(true);
    await clock.advance(30_000);

    expect(emulator.codeDeploy.getDeployment(deploymentId)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'ALARM_ACTIVE' },
    });
    expect(polls(deploymentId).at(-1)).toBe('120s failed');
    expect((await alias()).FunctionVersion).toBe('1');
  });

  it('with ignorePollAlarmFailure, polls that fail are passed over', async () => {
    await start({ missingAlarm: 'pollFailure' });
    const { deploymentId } = await client.send(
      new CreateDeploymentCommand({
        applicationName: APPLICATION,
        deploymentGroupName: GROUP,
        revision: {
          revisionType: 'String',
          string: { content: JSON.stringify(ordersAppSpec({ current: '1', target: '2', hooks: {} })) },
        },
        overrideAlarmConfiguration: {
          enabled: true,
          ignorePollAlarmFailure: true,
          alarms: [{ name: 'not-in-cloudwatch' }],
        },
      }),
    );
    await clock.runAll();

    expect(emulator.codeDeploy.getDeployment(deploymentId as string).status).toBe('Succeeded');
    expect(polls(deploymentId as string).every((poll) => poll.endsWith('failureIgnored'))).toBe(true);
  });
});

describe('StopDeployment', () => {
  it('rolls back when autoRollbackEnabled asks, whatever the group says', async () => {
    await start({}, false);
    const deploymentId = await deploy(client);
    await clock.advance(4 * MINUTE);

    await client.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));

    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({ status: 'Stopped', errorInformation: { code: 'MANUAL_STOP' } });
    expect(info.rollbackInfo?.rollbackDeploymentId).toBeDefined();
    expect((await alias()).RoutingConfig).toBeUndefined();
    expect(emulator.codeDeploy.timeline(deploymentId).map((event) => event.type)).toContain('stopRequested');
  });

  it('rolls back on request when the group lists DEPLOYMENT_STOP_ON_REQUEST, and not when told not to', async () => {
    await start();
    const rolledBack = await deploy(client);
    await clock.advance(MINUTE);
    await client.send(new StopDeploymentCommand({ deploymentId: rolledBack }));
    expect(emulator.codeDeploy.getDeployment(rolledBack).rollbackInfo?.rollbackDeploymentId).toBeDefined();

    const kept = await deploy(client);
    await clock.advance(30_000);
    await client.send(new StopDeploymentCommand({ deploymentId: kept, autoRollbackEnabled: false }));
    expect(emulator.codeDeploy.getDeployment(kept).rollbackInfo).toBeUndefined();
    expect(await alias()).toMatchObject({ RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } });
  });
});

describe('hooksOnRollback', () => {
  it('runs the hooks in the rollback deployment before it flips the alias back', async () => {
    await start({ hooksOnRollback: true });
    const reported: string[] = [];
    emulator.lambda.createFunction({
      functionName: 'CodeDeployHook_post',
      handler: {
        fn: async (event: unknown) => {
          const { DeploymentId, LifecycleEventHookExecutionId } = event as Record<string, string>;
          reported.push(DeploymentId as string);
          const codeDeploy = new CodeDeployClient(emulator.clientConfig());
          await codeDeploy.send(
            new PutLifecycleEventHookExecutionStatusCommand({
              deploymentId: DeploymentId,
              lifecycleEventHookExecutionId: LifecycleEventHookExecutionId,
              status: 'Failed',
            }),
          );
          codeDeploy.destroy();
        },
      },
    });
    const deploymentId = await deploy(client, {
      hooks: { AfterAllowTraffic: 'CodeDeployHook_post' },
      deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
    });
    await clock.advance(0);
    await until(() => emulator.codeDeploy.deployments().length === 2 && reported.length === 2);
    const rollbackId = emulator.codeDeploy.getDeployment(deploymentId).rollbackInfo
      ?.rollbackDeploymentId as string;
    await until(() => emulator.codeDeploy.getDeployment(rollbackId).status !== 'InProgress');

    expect(reported).toEqual([deploymentId, rollbackId]);
    // The rollback's AfterAllowTraffic hook reported Failed too, after the flip back: the rollback failed.
    expect(emulator.codeDeploy.getDeployment(rollbackId).status).toBe('Failed');
    expect(emulator.codeDeploy.getDeployment(deploymentId).rollbackInfo?.rollbackMessage).toBe(
      `Rollback deployment ${rollbackId} ended Failed.`,
    );
  });
});
