/**
 * CodeDeploy runs a Lambda deployment on the emulator's manual clock: it invokes the hooks as CodeDeploy
 * does (asynchronously, `{DeploymentId, LifecycleEventHookExecutionId}`), waits for their reports up to
 * the hour, and shifts the alias in between. Hooks written with createHook run inside the emulator's
 * Lambda and talk to it through the real SDK clients.
 */
import {
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { type Check, createHook, type VerdictReport } from '@shiftguard/core';
import { invokeCheck } from '@shiftguard/lambda';
import {
  createManualClock,
  type Emulator,
  type LambdaInvocationContext,
  type ManualClock,
  type StartEmulatorOptions,
  startEmulator,
} from '@shiftguard/testing';
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
  stepTo,
  until,
} from './support/deployments';

const PRE = 'CodeDeployHook_ordersPreTraffic';
const POST = 'CodeDeployHook_ordersPostTraffic';
const HOUR = 60 * MINUTE;

let clock: ManualClock;
let emulator: Emulator;
let client: CodeDeployClient;

async function start(options: Omit<StartEmulatorOptions, 'clock'> = {}): Promise<void> {
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock, ...options });
  client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
}

beforeEach(() => start());
afterEach(async () => {
  client.destroy();
  await emulator.close();
});

interface HookEvent {
  DeploymentId: string;
  LifecycleEventHookExecutionId: string;
}

/** A shiftguard hook running inside the emulator's Lambda, on the test's clock. */
function shiftguardHook(name: string, checks: Check[], verdicts: VerdictReport[]): void {
  const keep = (_message: string, extra?: { verdict?: VerdictReport }) => {
    if (extra?.verdict) verdicts.push(extra.verdict);
  };
  const hook = createHook({
    checks,
    clientConfig: { ...emulator.clientConfig(), maxAttempts: 1 },
    clock,
    logger: { debug() {}, info: keep, warn: keep, error() {} },
    metrics: false,
    env: {},
  });
  emulator.lambda.createFunction({ functionName: name, handler: { fn: hook }, timeoutMs: 5 * MINUTE });
}

/** A hook written by hand: `body` gets the event and a CodeDeploy client to report with. */
function handHook(
  name: string,
  body: (event: HookEvent, report: (status: string) => Promise<string>) => unknown,
) {
  emulator.lambda.createFunction({
    functionName: name,
    timeoutMs: 15 * MINUTE,
    handler: {
      fn: (event: unknown, _context: LambdaInvocationContext) => {
        const ids = event as HookEvent;
        const report = async (status: string) => {
          const codeDeploy = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
          try {
            await codeDeploy.send(
              new PutLifecycleEventHookExecutionStatusCommand({
                deploymentId: ids.DeploymentId,
                lifecycleEventHookExecutionId: ids.LifecycleEventHookExecutionId,
                status: status as 'Succeeded',
              }),
            );
            return 'accepted';
          } catch (error) {
            return (error as Error).name;
          } finally {
            codeDeploy.destroy();
          }
        };
        return body(ids, report);
      },
    },
  });
}

const lifecycle = (deploymentId: string) =>
  Object.fromEntries(
    (emulator.codeDeploy.getDeployment(deploymentId).lifecycleEvents ?? []).map((event) => [
      event.lifecycleEventName,
      event.status,
    ]),
  );

const statusOf = (deploymentId: string) => emulator.codeDeploy.getDeployment(deploymentId).status;

async function target(deploymentId: string) {
  const { deploymentTarget } = await client.send(
    new GetDeploymentTargetCommand({ deploymentId, targetId: 'orders:live' }),
  );
  return deploymentTarget?.lambdaTarget;
}

describe('a good deployment', () => {
  it('runs a PreTraffic and a PostTraffic shiftguard hook, shifting 10% then 100% between them', async () => {
    await createGroup(client, { deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
    createOrders(emulator);
    const verdicts: VerdictReport[] = [];
    const smoke = invokeCheck({ clientConfig: { ...emulator.clientConfig(), maxAttempts: 1 } });
    shiftguardHook(PRE, [smoke], verdicts);
    const sawFullTraffic: Check = {
      name: 'alias-on-target',
      run: () => {
        const alias = emulator.lambda.getFunction('orders').aliases[0];
        if (alias?.functionVersion !== '2') throw new Error(`live is on ${alias?.functionVersion}`);
      },
    };
    shiftguardHook(POST, [sawFullTraffic], verdicts);

    const deploymentId = await deploy(client, {
      hooks: { BeforeAllowTraffic: PRE, AfterAllowTraffic: POST },
    });
    expect((await deploymentInfo(client, deploymentId)).status).toBe('Created');
    await expect(client.send(new ListDeploymentTargetsCommand({ deploymentId }))).rejects.toMatchObject({
      name: 'DeploymentNotStartedException',
    });

    await clock.advance(0);
    await until(() => lifecycle(deploymentId).AllowTraffic === 'InProgress', 'the PreTraffic report');

    expect(await target(deploymentId)).toMatchObject({
      status: 'InProgress',
      lambdaFunctionInfo: { currentVersion: '1', targetVersion: '2', targetVersionWeight: 0.1 },
    });
    expect(emulator.lambda.invocations({ functionName: 'orders', qualifier: '2' })).toHaveLength(1);

    await stepTo(clock, START + 5 * MINUTE);
    await until(() => statusOf(deploymentId) === 'Succeeded', 'the PostTraffic report');

    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({
      status: 'Succeeded',
      creator: 'user',
      computePlatform: 'Lambda',
      deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 1, Failed: 0, Skipped: 0, Ready: 0 },
      createTime: new Date(START),
      startTime: new Date(START),
      completeTime: new Date(START + 5 * MINUTE),
    });
    expect(info.errorInformation).toBeUndefined();
    const done = await target(deploymentId);
    expect(
      done?.lifecycleEvents?.map(({ lifecycleEventName, status }) => `${lifecycleEventName} ${status}`),
    ).toEqual([
      'Start Succeeded',
      'BeforeAllowTraffic Succeeded',
      'AllowTraffic Succeeded',
      'AfterAllowTraffic Succeeded',
      'End Succeeded',
    ]);
    expect(done?.lifecycleEvents?.[3]).toMatchObject({
      startTime: new Date(START + 5 * MINUTE),
      diagnostics: { errorCode: 'Success', scriptName: POST },
    });
    expect(done?.lambdaFunctionInfo?.targetVersionWeight).toBe(1);
    expect(verdicts.map((verdict) => verdict.status)).toEqual(['Succeeded', 'Succeeded']);

    // The hooks were invoked as CodeDeploy invokes them: asynchronously, with the two ids only.
    const hookCalls = emulator.lambda.invocations({ invocationType: 'Event' });
    expect(hookCalls.map((call) => [call.functionName, call.receivedAt - START])).toEqual([
      [PRE, 0],
      [POST, 5 * MINUTE],
    ]);
    const executions = emulator.codeDeploy.getDeployment(deploymentId).hookExecutions;
    expect(hookCalls[0]?.event).toEqual({
      DeploymentId: deploymentId,
      LifecycleEventHookExecutionId: executions.find((e) => e.lifecycleEventName === 'BeforeAllowTraffic')
        ?.executionId,
    });

    const timeline = emulator.codeDeploy
      .timeline(deploymentId)
      .filter((event) => event.type !== 'lifecycleEvent')
      .map(
        (event) =>
          `${(event.at - START) / MINUTE} ${event.type}${'status' in event ? ` ${event.status}` : ''}`,
      );
    expect(timeline).toEqual([
      '0 status Created',
      '0 status InProgress',
      '0 hookInvoked',
      '0 hookReport Succeeded',
      '0 trafficShifted',
      '5 trafficShifted',
      '5 hookInvoked',
      '5 hookReport Succeeded',
      '5 status Succeeded',
    ]);
  });

  it('skips the events with no hook, and lists, batches and reads deployments', async () => {
    await createGroup(client);
    createOrders(emulator);
    const first = await deploy(client);
    await clock.advance(0);
    await until(() => statusOf(first) === 'Succeeded');

    expect(lifecycle(first)).toEqual({
      Start: 'Succeeded',
      BeforeAllowTraffic: 'Skipped',
      AllowTraffic: 'Succeeded',
      AfterAllowTraffic: 'Skipped',
      End: 'Succeeded',
    });
    const second = await deploy(client, { current: '2', target: '1' });
    await clock.advance(0);
    await until(() => statusOf(second) === 'Succeeded');

    const listed = await client.send(
      new ListDeploymentsCommand({ applicationName: APPLICATION, deploymentGroupName: GROUP }),
    );
    expect(listed.deployments).toEqual([second, first]);
    const batch = await client.send(
      new BatchGetDeploymentsCommand({ deploymentIds: [first, second, 'd-AAAAAAAAA'] }),
    );
    expect(batch.deploymentsInfo?.map((info) => info.deploymentId)).toEqual([first, second]);
    expect(batch.deploymentsInfo?.[1]?.previousRevision).toMatchObject({ revisionType: 'AppSpecContent' });
    const succeeded = await client.send(new ListDeploymentsCommand({ includeOnlyStatuses: ['Failed'] }));
    expect(succeeded.deployments).toEqual([]);
  });
});

describe('hooks that go wrong', () => {
  beforeEach(async () => {
    await createGroup(client, { deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce' });
    createOrders(emulator);
  });

  it('a hook reporting Failed fails the deployment before any traffic moves', async () => {
    const verdicts: VerdictReport[] = [];
    shiftguardHook(PRE, [{ name: 'always-fails', run: () => Promise.reject(new Error('nope')) }], verdicts);
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });
    await clock.advance(0);
    await until(() => statusOf(deploymentId) === 'Failed');

    const info = await deploymentInfo(client, deploymentId);
    expect(info.errorInformation).toEqual({
      code: 'HOOK_EXECUTION_FAILURE',
      message: `The deployment failed because the BeforeAllowTraffic lifecycle event hook ${PRE} reported Failed.`,
    });
    expect(lifecycle(deploymentId)).toMatchObject({
      BeforeAllowTraffic: 'Failed',
      AllowTraffic: 'Skipped',
      AfterAllowTraffic: 'Skipped',
      End: 'Skipped',
    });
    expect((await target(deploymentId))?.lifecycleEvents?.[1]?.diagnostics).toMatchObject({
      errorCode: 'ScriptFailed',
      scriptName: PRE,
    });
    expect(emulator.codeDeploy.timeline(deploymentId).some((event) => event.type === 'trafficShifted')).toBe(
      false,
    );
    expect(emulator.lambda.getFunction('orders').aliases[0]).toMatchObject({ functionVersion: '1' });
  });

  it('a hook that throws is retried by Lambda twice, then the deployment fails at the hour', async () => {
    handHook(PRE, () => {
      throw new Error('boom');
    });
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });

    await clock.advanceTo(START + HOUR - 1);
    expect(statusOf(deploymentId)).toBe('InProgress');
    const attempts = emulator.lambda.invocations({ functionName: PRE });
    expect(attempts.map((call) => [call.attempt, (call.receivedAt - START) / MINUTE, call.status])).toEqual([
      [1, 0, 'failed'],
      [2, 1, 'failed'],
      [3, 3, 'failed'],
    ]);
    expect(new Set(attempts.map((call) => call.requestId)).size).toBe(1);

    await clock.advance(1);
    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({ status: 'Failed', completeTime: new Date(START + HOUR) });
    expect(info.errorInformation?.code).toBe('TIMEOUT');
    expect((await target(deploymentId))?.lifecycleEvents?.[1]?.diagnostics?.errorCode).toBe('ScriptTimedOut');
  });

  it('a hook that hangs times out in Lambda, is retried, and the deployment fails at the hour', async () => {
    handHook(PRE, () => new Promise(() => {}));
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });

    await clock.advanceTo(START + HOUR);

    expect(
      emulator.lambda
        .invocations({ functionName: PRE })
        .map((call) => [(call.receivedAt - START) / MINUTE, call.status]),
    ).toEqual([
      [0, 'timedOut'],
      [16, 'timedOut'],
      [33, 'timedOut'],
    ]);
    expect(statusOf(deploymentId)).toBe('Failed');
    expect(
      emulator.codeDeploy.timeline(deploymentId).filter((event) => event.type === 'hookTimedOut'),
    ).toEqual([expect.objectContaining({ at: START + HOUR, lifecycleEventName: 'BeforeAllowTraffic' })]);
  });

  it('a hook that never reports leaves the deployment waiting for the hook timeout', async () => {
    await emulator.close();
    client.destroy();
    await start({ codeDeploy: { hookTimeoutMs: 10 * MINUTE } });
    await createGroup(client);
    createOrders(emulator);
    handHook(PRE, () => 'done, but silent');
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });

    await clock.advanceTo(START + 10 * MINUTE - 1);
    expect(statusOf(deploymentId)).toBe('InProgress');
    expect(emulator.lambda.invocations({ functionName: PRE })).toEqual([
      expect.objectContaining({ status: 'succeeded', attempt: 1 }),
    ]);
    await clock.advance(1);
    expect(emulator.codeDeploy.getDeployment(deploymentId)).toMatchObject({
      status: 'Failed',
      errorInformation: {
        code: 'TIMEOUT',
        message: `The BeforeAllowTraffic lifecycle event hook ${PRE} did not report a status within 10 minutes.`,
      },
    });
  });

  it('a second report of the same execution is refused with LifecycleEventAlreadyCompletedException', async () => {
    handHook(PRE, async (_event, report) => [await report('Succeeded'), await report('Failed')]);
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });
    await clock.advance(0);
    await until(() => emulator.lambda.invocations({ functionName: PRE })[0]?.status === 'succeeded');

    expect(JSON.parse(emulator.lambda.invocations({ functionName: PRE })[0]?.payload ?? 'null')).toEqual([
      'accepted',
      'LifecycleEventAlreadyCompletedException',
    ]);
    expect(statusOf(deploymentId)).toBe('Succeeded');
    expect(emulator.codeDeploy.reports({ deploymentId }).map((report) => report.outcome)).toEqual([
      'accepted',
      'LifecycleEventAlreadyCompletedException',
    ]);
  });

  it('a report that comes after the hour finds the event already completed', async () => {
    let late: HookEvent | undefined;
    handHook(PRE, (event) => {
      late = event;
    });
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });
    await clock.advanceTo(START + HOUR);
    expect(statusOf(deploymentId)).toBe('Failed');

    await expect(
      client.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId,
          lifecycleEventHookExecutionId: late?.LifecycleEventHookExecutionId,
          status: 'Succeeded',
        }),
      ),
    ).rejects.toMatchObject({ name: 'LifecycleEventAlreadyCompletedException' });
  });

  it('a hook not named CodeDeployHook_* cannot be invoked by the default role: IAM_ROLE_PERMISSIONS', async () => {
    handHook('orders-pre-traffic', (_event, report) => report('Succeeded'));
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: 'orders-pre-traffic' } });
    await clock.advance(0);

    expect(emulator.codeDeploy.getDeployment(deploymentId)).toMatchObject({
      status: 'Failed',
      errorInformation: {
        code: 'IAM_ROLE_PERMISSIONS',
        message: `The IAM role ${DEFAULT_ROLE} does not give you permission to perform operations in the following AWS service: AWSLambda. Contact your AWS administrator if you need help. If you are an AWS administrator, you can grant permissions to your users or groups by creating IAM policies.`,
      },
    });
    expect(lifecycle(deploymentId).BeforeAllowTraffic).toBe('Failed');
    expect(emulator.lambda.invocations({ functionName: 'orders-pre-traffic' })).toEqual([]);
  });

  it('a role the serviceRoles option allows may invoke any hook', async () => {
    await emulator.close();
    client.destroy();
    const role = 'arn:aws:iam::123456789012:role/OrdersDeployer';
    await start({ codeDeploy: { serviceRoles: { [role]: { invoke: ['orders-*'] } } } });
    await createGroup(client, { serviceRoleArn: role });
    createOrders(emulator);
    handHook('orders-pre-traffic', (_event, report) => report('Succeeded'));
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: 'orders-pre-traffic' } });
    await clock.advance(0);
    await until(() => statusOf(deploymentId) === 'Succeeded');
  });

  it('a hook function that does not exist fails the deployment when CodeDeploy invokes it', async () => {
    const deploymentId = await deploy(client, { hooks: { AfterAllowTraffic: 'CodeDeployHook_missing' } });
    await clock.advance(0);

    expect(emulator.codeDeploy.getDeployment(deploymentId)).toMatchObject({
      status: 'Failed',
      errorInformation: { code: 'INVALID_LAMBDA_FUNCTION' },
    });
    // Traffic had moved: nothing rolls it back, the group does not ask for it.
    expect(emulator.lambda.getFunction('orders').aliases[0]).toMatchObject({ functionVersion: '2' });
  });

  it('a duplicateDelivery fault delivers the hook invocation twice; the second report is refused', async () => {
    emulator.faults.inject('Invoke', { kind: 'duplicateDelivery' }, { times: 1 });
    handHook(PRE, (_event, report) => report('Succeeded'));
    const deploymentId = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });
    await clock.advance(0);
    await until(() => emulator.codeDeploy.reports({ deploymentId }).length === 2);

    const calls = emulator.lambda.invocations({ functionName: PRE });
    expect(calls.map((call) => [call.duplicate, call.requestId === calls[0]?.requestId])).toEqual([
      [false, true],
      [true, true],
    ]);
    expect(
      emulator.codeDeploy
        .reports({ deploymentId })
        .map((report) => report.outcome)
        .sort(),
    ).toEqual(['LifecycleEventAlreadyCompletedException', 'accepted']);
    expect(emulator.faults.hits('Invoke')).toBe(1);
  });
});

describe('what CodeDeploy checks before it starts', () => {
  beforeEach(async () => {
    await createGroup(client);
    createOrders(emulator);
    emulator.lambda.publishVersion('orders', { handler: { fn: async () => ({ version: 3 }) } });
  });

  it('an AppSpec CurrentVersion the alias is not on fails with INVALID_LAMBDA_CONFIGURATION', async () => {
    const deploymentId = await deploy(client, { current: '2', target: '3' });
    await clock.advance(0);

    const info = await deploymentInfo(client, deploymentId);
    expect(info).toMatchObject({
      status: 'Failed',
      errorInformation: {
        code: 'INVALID_LAMBDA_CONFIGURATION',
        message: 'The Lambda function alias version does not match the current version in AppSpec file.',
      },
    });
    expect(lifecycle(deploymentId)).toMatchObject({ Start: 'Failed', AllowTraffic: 'Skipped' });
    expect(emulator.lambda.getFunction('orders').aliases[0]).toMatchObject({ functionVersion: '1' });
  });

  it('an AppSpec whose TargetVersion is its CurrentVersion is an invalid revision', async () => {
    const deploymentId = await deploy(client, { current: '1', target: '1' });
    await clock.advance(0);
    expect(emulator.codeDeploy.getDeployment(deploymentId).errorInformation?.code).toBe('INVALID_REVISION');
  });

  it('a second deployment while one runs is refused, and StopDeployment ends the first', async () => {
    handHook(PRE, () => undefined);
    const first = await deploy(client, { hooks: { BeforeAllowTraffic: PRE } });
    await clock.advance(0);

    await expect(deploy(client)).rejects.toMatchObject({
      name: 'DeploymentLimitExceededException',
      message: `The Deployment Group '${GROUP}' already has an active Deployment '${first}'`,
    });
    const stopped = await client.send(new StopDeploymentCommand({ deploymentId: first }));
    expect(stopped).toMatchObject({ status: 'Succeeded' });
    expect(await deploymentInfo(client, first)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'MANUAL_STOP' },
    });
    expect(lifecycle(first)).toMatchObject({ BeforeAllowTraffic: 'Failed', AllowTraffic: 'Skipped' });
    await expect(client.send(new StopDeploymentCommand({ deploymentId: first }))).rejects.toMatchObject({
      name: 'DeploymentAlreadyCompletedException',
    });
    const next = await deploy(client);
    await clock.advance(0);
    await until(() => statusOf(next) === 'Succeeded');
  });

  it('refuses revisions it cannot read and groups it does not hold', async () => {
    const create = (input: Record<string, unknown>) =>
      client.send(
        new CreateDeploymentCommand({
          applicationName: APPLICATION,
          deploymentGroupName: GROUP,
          ...input,
        } as never),
      );
    await expect(create({})).rejects.toMatchObject({ name: 'RevisionRequiredException' });
    await expect(
      create({ revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k', bundleType: 'JSON' } } }),
    ).rejects.toMatchObject({ name: 'InvalidRevisionException' });
    await expect(
      create({ revision: { revisionType: 'String', string: { content: '{}', sha256: 'abc' } } }),
    ).rejects.toMatchObject({ name: 'InvalidRevisionException' });
    await expect(
      create({
        deploymentGroupName: 'nope',
        revision: { revisionType: 'String', string: { content: '{}' } },
      }),
    ).rejects.toMatchObject({ name: 'DeploymentGroupDoesNotExistException' });
    await expect(
      create({
        deploymentConfigName: 'nope',
        revision: { revisionType: 'String', string: { content: '{}' } },
      }),
    ).rejects.toMatchObject({ name: 'DeploymentConfigDoesNotExistException' });
  });

  it('leaves a deployment made with createDeployment() unrun, as before', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    await clock.advance(HOUR);
    expect(emulator.codeDeploy.getDeployment(deploymentId)).toMatchObject({
      status: 'InProgress',
      runs: false,
    });
    await expect(client.send(new StopDeploymentCommand({ deploymentId }))).rejects.toMatchObject({
      name: 'UnsupportedActionForDeploymentTypeException',
    });
  });
});
