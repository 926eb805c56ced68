/**
 * The simulator end to end: a SAM template's deployment run on the embedded emulator with the
 * template's own function and hook code, hooks invoked by the emulated CodeDeploy and reporting
 * through the real SDK client, traffic through the alias, alarms evaluated on the emulated clock.
 */
import { join } from 'node:path';
import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  PREDEFINED_DEPLOYMENT_TYPES,
  type SimulateDeploymentOptions,
  type SimulationEvent,
  type SimulationResult,
  simulateDeployment,
} from '@shiftguard/simulator';

const PROJECT = join(__dirname, 'fixtures/simulate');
const TEMPLATE = join(PROJECT, 'template.yaml');
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function simulate(options: Partial<SimulateDeploymentOptions> = {}): Promise<SimulationResult> {
  return simulateDeployment({
    template: TEMPLATE,
    code: { from: PROJECT, to: PROJECT },
    seed: 7,
    startAt: START,
    traffic: { rps: 1 },
    ...options,
    // A new release: without a change, Lambda publishes no new version and there is nothing to deploy.
    environment: { ...options.environment, to: { RELEASE: '2', ...options.environment?.to } },
  });
}

const offset = (result: SimulationResult, at: number) => at - result.startedAt;
/** The new version's weights, in minutes from the first shift (CodeDeploy times the next ones from it). */
const shiftsFromFirst = (result: SimulationResult) =>
  result.weights.slice(1).map((w) => [(w.at - result.weights[1]!.at) / MINUTE, w.newVersionWeight]);
const eventsOf = <T extends SimulationEvent['type']>(result: SimulationResult, type: T) =>
  result.events.filter((event): event is Extract<SimulationEvent, { type: T }> => event.type === type);

describe('a good new version', () => {
  it('is promoted on Canary10Percent5Minutes: hooks pass, 10% for five minutes, then all traffic', async () => {
    const result = await simulate({ traffic: { rps: 5 } });

    expect(result.outcome).toBe('succeeded');
    expect(result.deployment).toMatchObject({ status: 'Succeeded', errorInformation: undefined });
    expect(result.finalAlias).toEqual({ functionVersion: '2', additionalVersionWeights: {} });
    // The shift starts once the PreTraffic hook has reported: at once here, though a hook's own work
    // (its first load on a cold machine) may take some emulated time while traffic flows.
    expect(offset(result, result.weights[1]!.at)).toBeLessThan(MINUTE);
    expect(shiftsFromFirst(result)).toEqual([
      [0, 0.1],
      [5, 1],
    ]);
    expect(result.hooks.map((hook) => [hook.lifecycleEventName, hook.recorded, hook.runs.length])).toEqual([
      ['BeforeAllowTraffic', 'Succeeded', 1],
      ['AfterAllowTraffic', 'Succeeded', 1],
    ]);
    // Five minutes at 5 requests a second, about a tenth of them on the new version.
    expect(result.traffic.sent).toBeGreaterThanOrEqual(1500);
    const { '1': old, '2': canary } = result.traffic.byVersion;
    expect(canary!.invocations / (old!.invocations + canary!.invocations)).toBeGreaterThan(0.07);
    expect(canary!.invocations / (old!.invocations + canary!.invocations)).toBeLessThan(0.13);
    expect(result.alarms).toEqual([
      expect.objectContaining({ alarmName: 'orders-errors', watched: true, finalState: 'OK' }),
    ]);
  });

  it.each(Object.entries(PREDEFINED_DEPLOYMENT_TYPES))('shifts on the %s schedule', async (type, routing) => {
    const result = await simulate({ parameters: { DeploymentType: type }, traffic: { rps: 0.2 } });

    expect(result.outcome).toBe('succeeded');
    const shifts = shiftsFromFirst(result);
    if (routing.type === 'AllAtOnce') expect(shifts).toEqual([[0, 1]]);
    else if (routing.type === 'TimeBasedCanary') {
      expect(shifts).toEqual([
        [0, routing.percentage / 100],
        [routing.intervalMinutes, 1],
      ]);
    } else {
      const steps = 100 / routing.percentage;
      expect(shifts).toEqual(
        [
          ...Array.from({ length: steps - 1 }, (_, k) => [
            k * routing.intervalMinutes,
            ((k + 1) * routing.percentage) / 100,
          ]),
          [(steps - 1) * routing.intervalMinutes, 1],
        ].map(([at, weight]) => [at, Number((weight as number).toFixed(2))]),
      );
    }
  });
});

describe('a PreTraffic hook that goes wrong', () => {
  it('reports Failed: the deployment rolls back before any traffic moves', async () => {
    const result = await simulate({ parameters: { HookMode: 'fail' } });

    expect(result.outcome).toBe('rolledBack');
    expect(result.deployment.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE');
    expect(
      eventsOf(result, 'trafficShifted').filter((e) => e.deploymentId === result.deployment.deploymentId),
    ).toEqual([]);
    expect(result.traffic.byVersion['2']).toBeUndefined();
    expect(result.finalAlias.functionVersion).toBe('1');
  });

  it('throws: Lambda retries it twice, and CodeDeploy fails the deployment after its hour', async () => {
    const result = await simulate({ parameters: { HookMode: 'throw' } });

    const runs = result.hooks[0]!.runs;
    expect(runs.map((run) => [run.attempt, run.invocationStatus])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(runs[0]!.error?.errorMessage).toBe('the hook crashed before reporting');
    // One minute, then two, between the attempts.
    expect(runs.map((run) => Math.round(offset(result, run.at) / MINUTE))).toEqual([0, 1, 3]);
    expect(eventsOf(result, 'hookTimedOut').map((e) => offset(result, e.at))).toEqual([HOUR]);
    expect(result.outcome).toBe('rolledBack');
    expect(result.deployment.errorInformation?.code).toBe('TIMEOUT');
  });

  it('hangs: each attempt times out at the function timeout, and the hour fails the deployment', async () => {
    const result = await simulate({ parameters: { HookMode: 'hang' } });

    const runs = result.hooks[0]!.runs;
    expect(runs.map((run) => run.invocationStatus)).toEqual(['timedOut', 'timedOut', 'timedOut']);
    const invoked = eventsOf(result, 'hookInvoked')[0]!;
    expect(runs[0]!.at - invoked.at).toBe(10_000);
    expect(result.deployment.errorInformation?.code).toBe('TIMEOUT');
    expect(result.deployment.completeTime! - result.startedAt).toBe(HOUR);
    expect(result.outcome).toBe('rolledBack');
  });

  it('never reports: the run succeeds, yet CodeDeploy waits its hour and fails', async () => {
    const result = await simulate({ parameters: { HookMode: 'never' } });

    expect(result.hooks[0]!.runs.map((run) => run.invocationStatus)).toEqual(['succeeded']);
    expect(eventsOf(result, 'hookTimedOut')).toHaveLength(1);
    expect(result.outcome).toBe('rolledBack');
  });

  it('is not named CodeDeployHook_*: the default role may not invoke it (IAM_ROLE_PERMISSIONS)', async () => {
    const result = await simulate({ parameters: { HookName: 'orders-pre-traffic' } });

    expect(eventsOf(result, 'hookInvokeFailed')).toEqual([
      expect.objectContaining({ functionName: 'orders-pre-traffic', errorCode: 'AccessDeniedException' }),
    ]);
    expect(result.deployment.errorInformation?.code).toBe('IAM_ROLE_PERMISSIONS');
    expect(result.hooks[0]!.runs).toEqual([]);
    expect(result.outcome).not.toBe('succeeded');
  });

  it('reports twice: the second report is refused and the deployment goes on', async () => {
    const result = await simulate({ parameters: { HookMode: 'twice', DeploymentType: 'AllAtOnce' } });

    const reports = eventsOf(result, 'hookReported').filter(
      (e) => e.lifecycleEventName === 'BeforeAllowTraffic',
    );
    expect(reports.map((report) => report.outcome)).toEqual([
      'accepted',
      expect.stringMatching(/AlreadyCompleted/),
    ]);
    expect(result.outcome).toBe('succeeded');
    expect(result.hooks[0]!.logs[0]).toContain(
      'second report refused: LifecycleEventAlreadyCompletedException',
    );
  });
});

describe('alarms', () => {
  it('catch a fault only real traffic shows: the alarm fires in the canary step and the deployment rolls back mid-shift', async () => {
    let rollback: unknown;
    const result = await simulate({
      environment: { to: { FAIL_ONE_IN: '5' } },
      traffic: { rps: 5 },
      // Read back through the wire, as a user would: GetDeployment of the rollback, GetAlias.
      afterDeployment: async (emulator) => {
        const client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
        const lambda = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
        const id = emulator.codeDeploy
          .deployments()
          .find((d) => d.creator === 'codeDeployRollback')?.deploymentId;
        const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: id }));
        const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
        rollback = { deploymentInfo, alias };
        client.destroy();
        lambda.destroy();
      },
    });

    expect(result.outcome).toBe('rolledBack');
    expect(result.hooks[0]!.recorded).toBe('Succeeded');
    expect(result.deployment).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'ALARM_ACTIVE', message: expect.stringContaining('orders-errors') },
    });
    const fired = result.alarms[0]!.transitions.find((t) => t.to === 'ALARM')!;
    expect(offset(result, fired.at)).toBeLessThan(5 * MINUTE);
    expect(result.traffic.byVersion['2']!.errors).toBeGreaterThanOrEqual(3);
    expect(result.finalAlias).toEqual({ functionVersion: '1', additionalVersionWeights: {} });
    expect(rollback).toMatchObject({
      deploymentInfo: {
        deploymentId: result.rollback!.deploymentId,
        creator: 'codeDeployRollback',
        status: 'Succeeded',
        rollbackInfo: { rollbackTriggeringDeploymentId: result.deployment.deploymentId },
      },
      alias: { FunctionVersion: '1' },
    });
  });

  it('already in ALARM at the start fail the deployment before anything moves', async () => {
    const result = await simulate({
      parameters: { AlarmOn: 'all' },
      environment: { from: { FAIL_ONE_IN: '2' } },
      traffic: { rps: 2, warmupMs: 3 * MINUTE },
    });

    expect(result.alarms[0]!.transitions.map((t) => t.to)).toContain('ALARM');
    expect(result.deployment.errorInformation?.code).toBe('ALARM_ACTIVE');
    expect(result.hooks[0]!.runs).toEqual([]);
    expect(result.outcome).not.toBe('succeeded');
    expect(result.finalAlias.functionVersion).toBe('1');
  });
});

describe('repeatability', () => {
  it('gives the same routing and outcome for the same seed', async () => {
    const first = await simulate({ environment: { to: { FAIL_ONE_IN: '5' } }, traffic: { rps: 5 } });
    const second = await simulate({ environment: { to: { FAIL_ONE_IN: '5' } }, traffic: { rps: 5 } });

    // Each request's real handler time is this machine's, not the seed's.
    const counts = (result: SimulationResult) =>
      Object.fromEntries(
        Object.entries(result.traffic.byVersion).map(([version, { invocations, errors }]) => [
          version,
          { invocations, errors },
        ]),
      );
    expect(counts(second)).toEqual(counts(first));
    expect(second.deployment.deploymentId).toBe(first.deployment.deploymentId);
    expect(second.rollback?.deploymentId).toBe(first.rollback?.deploymentId);
    expect(second.events.map((e) => [e.at, e.type])).toEqual(first.events.map((e) => [e.at, e.type]));
  });
});

describe('the front door', () => {
  it("serves the function's HTTP API in front of the alias, at the URL the hook's environment names", async () => {
    const good = await simulate({ parameters: { PostHookMode: 'probe', DeploymentType: 'AllAtOnce' } });

    expect(good.outcome).toBe('succeeded');
    expect(good.frontDoor).toEqual([
      expect.objectContaining({ logicalId: 'ServerlessHttpApi', kind: 'HttpApi', requests: 1 }),
    ]);
    expect(good.hooks[1]!.logs[0]).toContain('GET /orders answered 200');
  });

  it('lets a PostTraffic probe catch a version that fails behind the API, which then rolls back', async () => {
    const broken = await simulate({
      parameters: { PostHookMode: 'probe', DeploymentType: 'AllAtOnce' },
      environment: { to: { BROKEN: 'true' } },
      traffic: { rps: 0 },
    });

    expect(broken.hooks[1]!.logs[0]).toContain('GET /orders answered 500');
    expect(broken.deployment.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE');
    expect(broken.outcome).toBe('rolledBack');
    expect(broken.finalAlias.functionVersion).toBe('1');
  });
});
