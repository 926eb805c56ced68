import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { variableClock } from '../clock/variable-clock.test-support';
import { type Emulator, startEmulator } from '../index';

const YAML_APPSPEC = `version: 0.0
Resources:
  - orders:
      Type: AWS::Lambda::Function
      Properties:
        Name: "orders-api"
        Alias: "live"
        CurrentVersion: "7"
        TargetVersion: "8"
Hooks:
  - BeforeAllowTraffic: "orders-pre-traffic"
  - AfterAllowTraffic: "orders-post-traffic"
`;

let emulator: Emulator;
let client: CodeDeployClient;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2024, 4, 1, 12, 0, 0);
  emulator = await startEmulator({ clock: variableClock(() => now) });
  client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

/** Runs `send` expecting a modeled error; returns it for assertions on name and status. */
async function failure(
  send: Promise<unknown>,
): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await send;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

function put(deploymentId: unknown, lifecycleEventHookExecutionId: unknown, status: unknown) {
  return client.send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId,
      lifecycleEventHookExecutionId,
      status,
    } as never),
  );
}

describe('GetDeployment', () => {
  it('returns the deployment with its AppSpec content inline, timestamps as dates', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({
      applicationName: 'orders',
      deploymentGroupName: 'orders-dg',
      description: 'canary 10%',
      appSpec: YAML_APPSPEC,
      contentInGetDeployment: true,
    });

    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));

    expect(deploymentInfo).toMatchObject({
      deploymentId,
      applicationName: 'orders',
      deploymentGroupName: 'orders-dg',
      description: 'canary 10%',
      computePlatform: 'Lambda',
      status: 'InProgress',
      creator: 'user',
      deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: YAML_APPSPEC } },
    });
    expect(deploymentInfo?.revision?.appSpecContent?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(deploymentInfo?.createTime).toEqual(new Date(now));
  });

  it('carries String revisions in `string` and S3 revisions as a location without content', async () => {
    const stringRevision = emulator.codeDeploy.createDeployment({
      revisionType: 'String',
      appSpec: '{"Hooks":[]}',
      contentInGetDeployment: true,
    });
    const s3Revision = emulator.codeDeploy.createDeployment({ revisionType: 'S3', appSpec: YAML_APPSPEC });

    const asString = await client.send(
      new GetDeploymentCommand({ deploymentId: stringRevision.deploymentId }),
    );
    const asS3 = await client.send(new GetDeploymentCommand({ deploymentId: s3Revision.deploymentId }));

    expect(asString.deploymentInfo?.revision).toEqual({
      revisionType: 'String',
      string: { content: '{"Hooks":[]}', sha256: expect.any(String) },
    });
    expect(asS3.deploymentInfo?.revision).toEqual({
      revisionType: 'S3',
      s3Location: {
        bucket: 'shiftguard-emulator',
        key: `${s3Revision.deploymentId}/appspec.yaml`,
        bundleType: 'YAML',
      },
    });
  });

  it('leaves the content out by default, as the API reference says, for GetApplicationRevision to give', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({
      applicationName: 'orders',
      appSpec: YAML_APPSPEC,
    });

    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    const revision = await client.send(
      new GetApplicationRevisionCommand({ applicationName: 'orders', revision: deploymentInfo?.revision }),
    );

    expect(deploymentInfo?.revision).toEqual({
      revisionType: 'AppSpecContent',
      appSpecContent: { sha256: emulator.codeDeploy.getDeployment(deploymentId).sha256 },
    });
    expect(deploymentInfo?.revision?.appSpecContent?.content).toBeUndefined();
    expect(revision.revision?.appSpecContent?.content).toBe(YAML_APPSPEC);
  });

  it('leaves the content of a String revision out by default too, and gives it in GetApplicationRevision', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({
      applicationName: 'orders',
      revisionType: 'String',
      appSpec: '{"Hooks":[]}',
    });

    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    const revision = await client.send(
      new GetApplicationRevisionCommand({ applicationName: 'orders', revision: deploymentInfo?.revision }),
    );

    expect(deploymentInfo?.revision).toEqual({
      revisionType: 'String',
      string: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(revision.revision).toEqual({
      revisionType: 'String',
      string: { content: '{"Hooks":[]}', sha256: deploymentInfo?.revision?.string?.sha256 },
    });
  });

  it('returns the content inline, the shape of older emulator versions, with contentInGetDeployment: true', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({
      appSpec: YAML_APPSPEC,
      contentInGetDeployment: true,
    });

    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));

    expect(deploymentInfo?.revision).toEqual({
      revisionType: 'AppSpecContent',
      appSpecContent: {
        content: YAML_APPSPEC,
        sha256: emulator.codeDeploy.getDeployment(deploymentId).sha256,
      },
    });
  });

  it('leaves the content out when contentInGetDeployment is false', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({ contentInGetDeployment: false });

    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));

    expect(deploymentInfo?.revision?.appSpecContent).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each([
    ['missing id', undefined, 'DeploymentIdRequiredException'],
    ['empty id', '', 'DeploymentIdRequiredException'],
    ['malformed id', 'deployment-1', 'InvalidDeploymentIdException'],
    ['lowercase id', 'd-abcdefghi', 'InvalidDeploymentIdException'],
    ['unknown id', 'd-NOTTHERE1', 'DeploymentDoesNotExistException'],
  ])('answers %s with %s (HTTP 400)', async (_case, deploymentId, name) => {
    const error = await failure(client.send(new GetDeploymentCommand({ deploymentId } as never)));
    expect(error).toMatchObject({ name, status: 400 });
  });

  it('answers a non-string id with SerializationException', async () => {
    const response = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'CodeDeploy_20141006.GetDeployment',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ deploymentId: 42 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('GetApplicationRevision', () => {
  it('returns the stored content for an AppSpecContent revision found by sha256', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({
      applicationName: 'orders',
      deploymentGroupName: 'orders-dg',
      description: 'release 8',
      appSpec: YAML_APPSPEC,
      contentInGetDeployment: false,
    });
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));

    const output = await client.send(
      new GetApplicationRevisionCommand({ applicationName: 'orders', revision: deploymentInfo?.revision }),
    );

    expect(output.applicationName).toBe('orders');
    expect(output.revision).toEqual({
      revisionType: 'AppSpecContent',
      appSpecContent: { content: YAML_APPSPEC, sha256: deploymentInfo?.revision?.appSpecContent?.sha256 },
    });
    expect(output.revisionInfo).toEqual({
      description: 'release 8',
      deploymentGroups: ['orders-dg'],
      firstUsedTime: new Date(now),
      lastUsedTime: new Date(now),
      registerTime: new Date(now),
    });
  });

  it('returns a String revision found by its content', async () => {
    emulator.codeDeploy.createDeployment({
      applicationName: 'orders',
      revisionType: 'String',
      appSpec: YAML_APPSPEC,
    });

    const output = await client.send(
      new GetApplicationRevisionCommand({
        applicationName: 'orders',
        revision: { revisionType: 'String', string: { content: YAML_APPSPEC } },
      }),
    );

    expect(output.revision?.string?.content).toBe(YAML_APPSPEC);
  });

  it('answers an S3 revision with its location only, as the real service does', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({
      applicationName: 'orders',
      revisionType: 'S3',
      s3Location: { bucket: 'artifacts', key: 'orders/appspec.json' },
      appSpec: { version: 0.0, Hooks: [{ BeforeAllowTraffic: 'pre' }] },
    });
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));

    const output = await client.send(
      new GetApplicationRevisionCommand({ applicationName: 'orders', revision: deploymentInfo?.revision }),
    );

    expect(deploymentInfo?.revision?.s3Location).toEqual({
      bucket: 'artifacts',
      key: 'orders/appspec.json',
      bundleType: 'JSON',
    });
    expect(output.revision?.s3Location?.bucket).toBe('artifacts');
    expect(output.revision?.appSpecContent).toBeUndefined();
    expect(output.revision?.string).toBeUndefined();
  });

  it.each([
    [
      'no application name',
      { revision: { revisionType: 'String', string: { sha256: 'x' } } },
      'ApplicationNameRequiredException',
    ],
    [
      'a 101-character application name',
      { applicationName: 'a'.repeat(101), revision: { revisionType: 'String', string: { sha256: 'x' } } },
      'InvalidApplicationNameException',
    ],
    ['no revision', { applicationName: 'orders' }, 'RevisionRequiredException'],
    ['a revision without type', { applicationName: 'orders', revision: {} }, 'InvalidRevisionException'],
    [
      'a revision without content or sha256',
      { applicationName: 'orders', revision: { revisionType: 'AppSpecContent', appSpecContent: {} } },
      'InvalidRevisionException',
    ],
    [
      'an unknown application',
      { applicationName: 'nope', revision: { revisionType: 'String', string: { sha256: 'x' } } },
      'ApplicationDoesNotExistException',
    ],
    [
      'an unknown revision',
      {
        applicationName: 'orders',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256: '00' } },
      },
      'RevisionDoesNotExistException',
    ],
    [
      'an S3 location nobody used',
      {
        applicationName: 'orders',
        revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k', bundleType: 'YAML' } },
      },
      'RevisionDoesNotExistException',
    ],
  ])('answers %s with %s (HTTP 400)', async (_case, input, name) => {
    emulator.codeDeploy.createDeployment({ applicationName: 'orders' });

    const error = await failure(client.send(new GetApplicationRevisionCommand(input as never)));

    expect(error.name).toBe(name);
    expect(error.status).toBe(400);
  });
});

describe('PutLifecycleEventHookExecutionStatus', () => {
  it('accepts one terminal status per hook execution and refuses the second', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
      appSpec: YAML_APPSPEC,
    });
    const before = hookExecutionIds.BeforeAllowTraffic!;

    const output = await put(deploymentId, before, 'Succeeded');
    const second = await failure(put(deploymentId, before, 'Failed'));

    expect(output.lifecycleEventHookExecutionId).toBe(before);
    expect(second).toMatchObject({ name: 'LifecycleEventAlreadyCompletedException', status: 400 });
    expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, before)).toBe('Succeeded');
    expect(emulator.codeDeploy.reports({ deploymentId }).map((report) => report.outcome)).toEqual([
      'accepted',
      'LifecycleEventAlreadyCompletedException',
    ]);
  });

  it('records every call, rejected ones included, with what was sent and when', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    await failure(put(deploymentId, hookExecutionIds.BeforeAllowTraffic, 'Skipped'));
    now += 250;
    await put(deploymentId, hookExecutionIds.BeforeAllowTraffic, 'Failed');

    expect(emulator.codeDeploy.reports()).toEqual([
      {
        deploymentId,
        lifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic,
        status: 'Skipped',
        receivedAt: now - 250,
        outcome: 'InvalidLifecycleEventHookExecutionStatusException',
      },
      {
        deploymentId,
        lifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic,
        status: 'Failed',
        receivedAt: now,
        outcome: 'accepted',
      },
    ]);
  });

  it.each([
    ['no deployment id', 'DeploymentIdRequiredException', () => [undefined, 'x', 'Succeeded']],
    ['a malformed deployment id', 'InvalidDeploymentIdException', () => ['12345', 'x', 'Succeeded']],
    ['an unknown deployment', 'DeploymentDoesNotExistException', () => ['d-UNKNOWN00', 'x', 'Succeeded']],
    [
      'no execution id',
      'InvalidLifecycleEventHookExecutionIdException',
      (id: string) => [id, undefined, 'Succeeded'],
    ],
    [
      'an unknown execution id',
      'InvalidLifecycleEventHookExecutionIdException',
      (id: string) => [id, 'eyJub3QiOiJ0aGVyZSJ9', 'Succeeded'],
    ],
    [
      'no status',
      'InvalidLifecycleEventHookExecutionStatusException',
      (id: string, exec: string) => [id, exec, undefined],
    ],
    [
      'status "Done"',
      'InvalidLifecycleEventHookExecutionStatusException',
      (id: string, exec: string) => [id, exec, 'Done'],
    ],
    [
      'status "succeeded"',
      'InvalidLifecycleEventHookExecutionStatusException',
      (id: string, exec: string) => [id, exec, 'succeeded'],
    ],
    [
      'status "InProgress"',
      'InvalidLifecycleEventHookExecutionStatusException',
      (id: string, exec: string) => [id, exec, 'InProgress'],
    ],
  ] as const)('answers %s with %s (HTTP 400) and records it', async (_case, name, args) => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    const [id, exec, status] = args(deploymentId, hookExecutionIds.BeforeAllowTraffic!);

    const error = await failure(put(id, exec, status));

    expect(error).toMatchObject({ name, status: 400 });
    expect(emulator.codeDeploy.reports()).toEqual([expect.objectContaining({ outcome: name })]);
    expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, hookExecutionIds.BeforeAllowTraffic!)).toBe(
      'Pending',
    );
  });

  it('refuses an execution id that belongs to another deployment', async () => {
    const first = emulator.codeDeploy.createDeployment();
    const second = emulator.codeDeploy.createDeployment();

    const error = await failure(
      put(second.deploymentId, first.hookExecutionIds.BeforeAllowTraffic, 'Succeeded'),
    );

    expect(error.name).toBe('InvalidLifecycleEventHookExecutionIdException');
  });

  it('refuses reports on EC2/on-premises deployments with UnsupportedActionForDeploymentTypeException', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
      computePlatform: 'Server',
    });

    const error = await failure(put(deploymentId, hookExecutionIds.BeforeAllowTraffic, 'Succeeded'));

    expect(error).toMatchObject({ name: 'UnsupportedActionForDeploymentTypeException', status: 400 });
  });

  it('moves the deployment to Succeeded when every hook succeeded and to Failed when one failed', async () => {
    const good = emulator.codeDeploy.createDeployment();
    const bad = emulator.codeDeploy.createDeployment();
    await put(good.deploymentId, good.hookExecutionIds.BeforeAllowTraffic, 'Succeeded');
    await put(good.deploymentId, good.hookExecutionIds.AfterAllowTraffic, 'Succeeded');
    await put(bad.deploymentId, bad.hookExecutionIds.BeforeAllowTraffic, 'Failed');

    const goodInfo = await client.send(new GetDeploymentCommand({ deploymentId: good.deploymentId }));
    const badInfo = await client.send(new GetDeploymentCommand({ deploymentId: bad.deploymentId }));

    expect(goodInfo.deploymentInfo?.status).toBe('Succeeded');
    expect(badInfo.deploymentInfo?.status).toBe('Failed');
    expect(badInfo.deploymentInfo?.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE');
  });
});

describe('ListDeploymentTargets and GetDeploymentTarget', () => {
  it('show the Lambda target with the status each hook reported', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
      appSpec: YAML_APPSPEC,
    });
    now += 1000;
    await put(deploymentId, hookExecutionIds.BeforeAllowTraffic, 'Succeeded');

    const { targetIds } = await client.send(new ListDeploymentTargetsCommand({ deploymentId }));
    const { deploymentTarget } = await client.send(
      new GetDeploymentTargetCommand({ deploymentId, targetId: 'orders-api:live' }),
    );

    expect(targetIds).toEqual(['orders-api:live']);
    expect(deploymentTarget?.deploymentTargetType).toBe('LambdaTarget');
    expect(deploymentTarget?.lambdaTarget).toMatchObject({
      deploymentId,
      targetId: 'orders-api:live',
      targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api:live',
      status: 'InProgress',
      lastUpdatedAt: new Date(now),
      lambdaFunctionInfo: {
        functionName: 'orders-api',
        functionAlias: 'live',
        currentVersion: '7',
        targetVersion: '8',
        targetVersionWeight: 1,
      },
    });
    expect(deploymentTarget?.lambdaTarget?.lifecycleEvents).toEqual([
      {
        lifecycleEventName: 'BeforeAllowTraffic',
        status: 'Succeeded',
        startTime: new Date(now - 1000),
        endTime: new Date(now),
        diagnostics: expect.objectContaining({ errorCode: 'Success', scriptName: 'orders-pre-traffic' }),
      },
      {
        lifecycleEventName: 'AllowTraffic',
        status: 'Succeeded',
        startTime: new Date(now),
        endTime: new Date(now),
      },
      { lifecycleEventName: 'AfterAllowTraffic', status: 'Pending' },
    ]);
  });

  it('show a failed hook as a Failed target and skip what follows it', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
      appSpec: YAML_APPSPEC,
    });
    await put(deploymentId, hookExecutionIds.BeforeAllowTraffic, 'Failed');

    const { deploymentTarget } = await client.send(
      new GetDeploymentTargetCommand({ deploymentId, targetId: 'orders-api:live' }),
    );
    const failed = await client.send(
      new ListDeploymentTargetsCommand({ deploymentId, targetFilters: { TargetStatus: ['Failed'] } }),
    );
    const succeeded = await client.send(
      new ListDeploymentTargetsCommand({ deploymentId, targetFilters: { TargetStatus: ['Succeeded'] } }),
    );

    expect(deploymentTarget?.lambdaTarget?.status).toBe('Failed');
    expect(deploymentTarget?.lambdaTarget?.lifecycleEvents?.map((event) => event.status)).toEqual([
      'Failed',
      'Skipped',
      'Pending',
    ]);
    expect(deploymentTarget?.lambdaTarget?.lambdaFunctionInfo?.targetVersionWeight).toBe(0);
    expect(failed.targetIds).toEqual(['orders-api:live']);
    expect(succeeded.targetIds).toEqual([]);
  });

  it('list no targets for non-Lambda deployments', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment({ computePlatform: 'ECS' });

    const { targetIds } = await client.send(new ListDeploymentTargetsCommand({ deploymentId }));

    expect(targetIds).toEqual([]);
  });

  it.each([
    [
      'GetDeploymentTarget without deployment id',
      'DeploymentIdRequiredException',
      () => new GetDeploymentTargetCommand({ targetId: 'f:a' } as never),
    ],
    [
      'GetDeploymentTarget with a malformed id',
      'InvalidDeploymentIdException',
      () => new GetDeploymentTargetCommand({ deploymentId: 'x', targetId: 'f:a' }),
    ],
    [
      'GetDeploymentTarget of an unknown deployment',
      'DeploymentDoesNotExistException',
      () => new GetDeploymentTargetCommand({ deploymentId: 'd-UNKNOWN00', targetId: 'f:a' }),
    ],
    [
      'GetDeploymentTarget without target id',
      'DeploymentTargetIdRequiredException',
      (id: string) => new GetDeploymentTargetCommand({ deploymentId: id } as never),
    ],
    [
      'GetDeploymentTarget of an unknown target',
      'DeploymentTargetDoesNotExistException',
      (id: string) => new GetDeploymentTargetCommand({ deploymentId: id, targetId: 'other:live' }),
    ],
    [
      'ListDeploymentTargets without deployment id',
      'DeploymentIdRequiredException',
      () => new ListDeploymentTargetsCommand({} as never),
    ],
    [
      'ListDeploymentTargets with a malformed id',
      'InvalidDeploymentIdException',
      () => new ListDeploymentTargetsCommand({ deploymentId: 'd-1' }),
    ],
    [
      'ListDeploymentTargets of an unknown deployment',
      'DeploymentDoesNotExistException',
      () => new ListDeploymentTargetsCommand({ deploymentId: 'd-UNKNOWN00' }),
    ],
    [
      'ListDeploymentTargets with a next token',
      'InvalidNextTokenException',
      (id: string) => new ListDeploymentTargetsCommand({ deploymentId: id, nextToken: 'abc' }),
    ],
    [
      'ListDeploymentTargets with an unknown filter',
      'InvalidTargetFilterNameException',
      (id: string) =>
        new ListDeploymentTargetsCommand({ deploymentId: id, targetFilters: { Color: ['x'] } as never }),
    ],
  ] as const)('answer %s with %s (HTTP 400)', async (_case, name, command) => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();

    const error = await failure(client.send(command(deploymentId) as never));

    expect(error).toMatchObject({ name, status: 400 });
  });
});
