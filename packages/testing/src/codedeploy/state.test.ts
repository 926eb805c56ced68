import { createManualClock } from '../clock/manual-clock';
import { InvalidEmulatorInputError, UnknownDeploymentError, UnknownHookExecutionError } from '../errors';
import { CodeDeployState } from './state';

const clock = createManualClock({ startAt: Date.UTC(2024, 0, 1) });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('CodeDeployState.createDeployment', () => {
  it('creates a Lambda deployment with both hooks from the default AppSpec', () => {
    const state = new CodeDeployState(clock);

    const { deploymentId, hookExecutionIds } = state.createDeployment();
    const snapshot = state.getDeployment(deploymentId);

    expect(deploymentId).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(Object.keys(hookExecutionIds)).toEqual(['BeforeAllowTraffic', 'AfterAllowTraffic']);
    expect(snapshot).toMatchObject({
      applicationName: 'my-application',
      deploymentGroupName: 'my-deployment-group',
      computePlatform: 'Lambda',
      status: 'InProgress',
      createTime: clock.now(),
      revisionType: 'AppSpecContent',
      appSpecParsed: true,
      target: { functionName: 'my-function', alias: 'live', currentVersion: '1', targetVersion: '2' },
    });
    expect(
      snapshot.hookExecutions.map((hook) => [hook.lifecycleEventName, hook.functionName, hook.status]),
    ).toEqual([
      ['BeforeAllowTraffic', 'my-before-traffic-hook', 'Pending'],
      ['AfterAllowTraffic', 'my-after-traffic-hook', 'Pending'],
    ]);
  });

  it('makes hook execution ids long, opaque and unique', () => {
    const state = new CodeDeployState(clock);
    const ids = Array.from({ length: 20 }, () =>
      Object.values(state.createDeployment().hookExecutionIds),
    ).flat();

    expect(new Set(ids).size).toBe(40);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9+/]{100,}={0,2}$/);
  });

  it('creates executions only for the hooks the AppSpec lists, case-insensitively', () => {
    const state = new CodeDeployState(clock);

    const { hookExecutionIds } = state.createDeployment({
      appSpec: { hooks: [{ afterallowtraffic: 'post' }] },
    });

    expect(Object.keys(hookExecutionIds)).toEqual(['AfterAllowTraffic']);
  });

  it('creates no executions for a parsable AppSpec without hooks', () => {
    const state = new CodeDeployState(clock);

    const { deploymentId, hookExecutionIds } = state.createDeployment({
      appSpec: 'version: 0.0\nResources: []\n',
    });

    expect(hookExecutionIds).toEqual({});
    expect(state.getDeployment(deploymentId).status).toBe('Succeeded');
  });

  it('stores an unparsable AppSpec verbatim and still creates both traffic hooks', () => {
    const state = new CodeDeployState(clock);
    const garbage = '{ this is: [not json';

    const { deploymentId, hookExecutionIds } = state.createDeployment({ appSpec: garbage });

    expect(Object.keys(hookExecutionIds)).toEqual(['BeforeAllowTraffic', 'AfterAllowTraffic']);
    expect(state.getDeployment(deploymentId)).toMatchObject({
      appSpecContent: garbage,
      appSpecParsed: false,
    });
  });

  it('uses given ids, adding an execution for an event the AppSpec lacks', () => {
    const state = new CodeDeployState(clock);

    const created = state.createDeployment({
      deploymentId: 'd-FIXED0001',
      appSpec: { Hooks: [{ BeforeAllowTraffic: 'pre' }] },
      hookExecutionIds: { BeforeAllowTraffic: 'exec-before', AfterAllowTraffic: 'exec-after' },
    });

    expect(created).toEqual({
      deploymentId: 'd-FIXED0001',
      hookExecutionIds: { BeforeAllowTraffic: 'exec-before', AfterAllowTraffic: 'exec-after' },
    });
  });

  it.each([
    [{ applicationName: '' }, 'applicationName'],
    [{ applicationName: 'x'.repeat(101) }, 'applicationName'],
    [{ computePlatform: 'Lambda2' }, 'computePlatform'],
    [{ revisionType: 'GitHub' }, 'revisionType'],
    [{ appSpec: 42 }, 'appSpec'],
    [{ appSpec: '' }, 'appSpec'],
    [{ deploymentId: 'd-short' }, 'deploymentId'],
    [{ hookExecutionIds: { BeforeTraffic: 'x' } }, 'hookExecutionIds.BeforeTraffic'],
    [{ hookExecutionIds: { BeforeAllowTraffic: 7 } }, 'hookExecutionIds.BeforeAllowTraffic'],
    [{ s3Location: { bucket: 'b', key: 'k' } }, 's3Location'],
    [{ revisionType: 'S3', s3Location: { bucket: 'b' } }, 's3Location'],
    [{ contentInGetDeployment: 'yes' }, 'contentInGetDeployment'],
    [{ appspec: {} }, 'appspec'],
  ])('rejects %j naming %s', (spec, path) => {
    const state = new CodeDeployState(clock);

    const error = thrown(() => state.createDeployment(spec as never));

    expect(error).toBeInstanceOf(InvalidEmulatorInputError);
    expect(error).toMatchObject({ code: 'SG_EMULATOR_INVALID_INPUT', path });
    expect((error as Error).message).toContain(`"${path}"`);
  });

  it('rejects a deployment id or hook execution id already in use', () => {
    const state = new CodeDeployState(clock);
    state.createDeployment({
      deploymentId: 'd-TAKEN0001',
      hookExecutionIds: { BeforeAllowTraffic: 'shared' },
    });

    expect(thrown(() => state.createDeployment({ deploymentId: 'd-TAKEN0001' }))).toMatchObject({
      path: 'deploymentId',
    });
    expect(
      thrown(() => state.createDeployment({ hookExecutionIds: { AfterAllowTraffic: 'shared' } })),
    ).toMatchObject({
      path: 'hookExecutionIds.AfterAllowTraffic',
    });
  });
});

describe('CodeDeployState lookups', () => {
  it('throws typed errors for unknown deployments and executions', () => {
    const state = new CodeDeployState(clock);
    const { deploymentId } = state.createDeployment();

    expect(thrown(() => state.getDeployment('d-MISSING01'))).toBeInstanceOf(UnknownDeploymentError);
    expect(thrown(() => state.hookExecutionStatus('d-MISSING01', 'x'))).toMatchObject({
      code: 'SG_EMULATOR_UNKNOWN_DEPLOYMENT',
    });
    expect(thrown(() => state.hookExecutionStatus(deploymentId, 'x'))).toBeInstanceOf(
      UnknownHookExecutionError,
    );
  });

  it('lists deployments in creation order and filters reports', () => {
    const state = new CodeDeployState(clock);
    const first = state.createDeployment();
    const second = state.createDeployment();
    state.record({
      deploymentId: first.deploymentId,
      lifecycleEventHookExecutionId: 'a',
      status: 'Succeeded',
      receivedAt: 1,
      outcome: 'accepted',
    });
    state.record({
      deploymentId: second.deploymentId,
      lifecycleEventHookExecutionId: 'b',
      status: 'Failed',
      receivedAt: 2,
      outcome: 'ThrottlingException',
      fault: 'throttle',
    });

    expect(state.deployments().map((deployment) => deployment.deploymentId)).toEqual([
      first.deploymentId,
      second.deploymentId,
    ]);
    expect(
      state
        .reports({ deploymentId: second.deploymentId })
        .map((report) => report.lifecycleEventHookExecutionId),
    ).toEqual(['b']);
    expect(state.reports({ executionId: 'a' })).toHaveLength(1);
    expect(
      state.reports({ outcome: 'accepted' }).map((report) => report.lifecycleEventHookExecutionId),
    ).toEqual(['a']);
  });
});
