/**
 * The fault matrix: real hook handlers, the real @aws-sdk/client-codedeploy, the loopback emulator.
 * Every scenario asserts what CodeDeploy recorded (exactly one terminal status, or the documented
 * behaviour when there is nothing to report to) and that the handler returned before its deadline.
 */
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import {
  type Check,
  CheckFailure,
  createHook,
  defineCheck,
  dryRun,
  type HookLogger,
  type HookOptions,
  onlyIn,
  parallel,
  type VerdictReport,
  warnOnly,
} from '@shiftguard/core';
import {
  type CreateDeploymentSpec,
  createLambdaContext,
  type Emulator,
  startEmulator,
} from '@shiftguard/testing';

const PRE_HOOK = 'orders-pre-traffic';
const POST_HOOK = 'orders-post-traffic';
const appSpec = {
  version: 0.0,
  Resources: [
    {
      OrdersFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '6', TargetVersion: '7' },
      },
    },
  ],
  Hooks: [{ BeforeAllowTraffic: PRE_HOOK }, { AfterAllowTraffic: POST_HOOK }],
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.faults.clear());
afterAll(() => emulator.close());

const pass = defineCheck('passes', () => undefined);
const sleepWithSignal = (name: string, ms: number): Check =>
  defineCheck(
    name,
    (ctx) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      }),
  );

interface Scenario {
  checks?: HookOptions['checks'];
  deployment?: CreateDeploymentSpec;
  lifecycleEvent?: 'BeforeAllowTraffic' | 'AfterAllowTraffic';
  timeoutMs?: number;
  options?: Partial<HookOptions>;
  event?: unknown;
  /** Runs after the deployment exists and before the hook is invoked. */
  arrange?: (deploymentId: string, executionId: string) => void | Promise<void>;
}

async function runScenario(scenario: Scenario) {
  const lifecycleEvent = scenario.lifecycleEvent ?? 'BeforeAllowTraffic';
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    appSpec,
    ...scenario.deployment,
  });
  const executionId = hookExecutionIds[lifecycleEvent]!;
  await scenario.arrange?.(deploymentId, executionId);
  const timeoutMs = scenario.timeoutMs ?? 3000;
  const context = createLambdaContext({
    functionName: lifecycleEvent === 'BeforeAllowTraffic' ? PRE_HOOK : POST_HOOK,
    timeoutMs,
  });
  const logs: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const record =
    (level: string) =>
    (message: string, extra: Record<string, unknown> = {}) =>
      logs.push({ level, message, extra });
  const logger: HookLogger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const handler = createHook({
    checks: scenario.checks ?? [pass],
    clientConfig: emulator.clientConfig(),
    logger,
    metrics: false,
    env: {},
    ...scenario.options,
  } as HookOptions);
  const startedAt = performance.now();
  const outcome = await handler(
    scenario.event ?? { DeploymentId: deploymentId, LifecycleEventHookExecutionId: executionId },
    context,
  ).then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const elapsedMs = performance.now() - startedAt;
  const reports = emulator.codeDeploy.reports({ deploymentId });
  const accepted = reports.filter((report) => report.outcome === 'accepted');
  const verdict = logs.find((line) => line.message === 'shiftguard verdict')?.extra.verdict as
    | VerdictReport
    | undefined;
  return { deploymentId, executionId, outcome, elapsedMs, timeoutMs, reports, accepted, verdict, logs };
}

type Result = Awaited<ReturnType<typeof runScenario>>;

function expectOneStatus(result: Result, status: 'Succeeded' | 'Failed') {
  expect(result.accepted.map((report) => report.status)).toEqual([status]);
  expect(result.elapsedMs).toBeLessThan(result.timeoutMs);
  expect(emulator.codeDeploy.hookExecutionStatus(result.deploymentId, result.executionId)).toBe(status);
}

describe('fault matrix: the hook reports exactly once, before its deadline', () => {
  it('1. all checks pass → Succeeded', async () => {
    const result = await runScenario({});
    expect(result.outcome.ok).toBe(true);
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.target).toMatchObject({
      functionName: 'orders',
      alias: 'live',
      targetVersion: '7',
    });
  });

  it('2. a check throws → Failed', async () => {
    const result = await runScenario({
      checks: [
        defineCheck('throws', () => {
          throw new CheckFailure('HTTP 500 from /health');
        }),
      ],
    });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.checks).toEqual([expect.objectContaining({ name: 'throws', status: 'fail' })]);
  });

  it('3. a check rejects with a non-Error value → Failed', async () => {
    const result = await runScenario({
      checks: [defineCheck('rejects', () => Promise.reject({ code: 42 }))],
    });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.checks[0]).toMatchObject({
      status: 'error',
      message: 'non-Error value thrown: {"code":42}',
    });
  });

  it('4. a check rejects with undefined → Failed', async () => {
    const result = await runScenario({
      checks: [defineCheck('rejects-undefined', () => Promise.reject(undefined))],
    });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.checks[0]?.message).toBe('undefined was thrown');
  });

  it('5. a check hangs forever, ignoring its signal → Failed before the deadline', async () => {
    const result = await runScenario({
      checks: [defineCheck('hangs', () => new Promise(() => {}))],
      timeoutMs: 1500,
      options: { reserveMs: 500 },
    });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.checks[0]).toMatchObject({ name: 'hangs', status: 'timed-out' });
    expect(result.verdict?.reason).toMatch(/hook deadline reached/);
  });

  it('6. the deadline is shorter than the plan → Failed with a timeout reason', async () => {
    const result = await runScenario({
      checks: [sleepWithSignal('slow-1', 400), sleepWithSignal('slow-2', 5000)],
      timeoutMs: 1200,
    });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.checks.map((check) => check.status)).toEqual(['pass', 'timed-out']);
  });

  it('7. Put throttled 3 times, then OK → Succeeded after 4 attempts', async () => {
    emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'throttle' }, { times: 3 });
    const result = await runScenario({});
    expectOneStatus(result, 'Succeeded');
    expect(result.reports.map((report) => report.outcome)).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'ThrottlingException',
      'accepted',
    ]);
  });

  it('8. Put answers 5xx twice → retried → Succeeded', async () => {
    emulator.faults.inject(
      'PutLifecycleEventHookExecutionStatus',
      { kind: 'serverError', status: 503 },
      { times: 2 },
    );
    const result = await runScenario({});
    expectOneStatus(result, 'Succeeded');
    expect(result.reports).toHaveLength(3);
  });

  it('9. Put connection reset → retried → Succeeded', async () => {
    emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'reset' }, { times: 1 });
    const result = await runScenario({});
    expectOneStatus(result, 'Succeeded');
    expect(emulator.faults.hits('PutLifecycleEventHookExecutionStatus')).toBeGreaterThanOrEqual(1);
  });

  it('10. a slow Put (400 ms) still lands before the deadline', async () => {
    emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'delay', ms: 400 }, { times: 1 });
    const result = await runScenario({ timeoutMs: 2000 });
    expectOneStatus(result, 'Succeeded');
  });

  it('11. LifecycleEventAlreadyCompleted → logged, handler returns normally', async () => {
    const result = await runScenario({
      arrange: async (deploymentId, executionId) => {
        const client = new CodeDeployClient(emulator.clientConfig());
        await client.send(
          new PutLifecycleEventHookExecutionStatusCommand({
            deploymentId,
            lifecycleEventHookExecutionId: executionId,
            status: 'Succeeded',
          }),
        );
      },
    });
    expect(result.outcome.ok).toBe(true);
    expect(result.accepted).toHaveLength(1);
    expect(result.reports.map((report) => report.outcome)).toEqual([
      'accepted',
      'LifecycleEventAlreadyCompletedException',
    ]);
    expect(
      result.logs.some((line) => line.level === 'warn' && /already has a status/.test(line.message)),
    ).toBe(true);
  });

  it('12. two deliveries of the same event at once → one status, both return', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({ appSpec });
    const event = {
      DeploymentId: deploymentId,
      LifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic,
    };
    const handler = createHook({
      checks: [sleepWithSignal('brief', 50)],
      clientConfig: emulator.clientConfig(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      metrics: false,
      env: {},
    });
    const context = () => createLambdaContext({ functionName: PRE_HOOK, timeoutMs: 3000 });
    const outcomes = await Promise.allSettled([handler(event, context()), handler(event, context())]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    const reports = emulator.codeDeploy.reports({ deploymentId });
    expect(reports.filter((report) => report.outcome === 'accepted')).toHaveLength(1);
    expect(reports.map((report) => report.outcome).sort()).toEqual([
      'LifecycleEventAlreadyCompletedException',
      'accepted',
    ]);
  });

  it('13. GetDeployment keeps failing with 5xx → Failed is still reported', async () => {
    emulator.faults.inject('GetDeployment', { kind: 'serverError' });
    const result = await runScenario({ timeoutMs: 2000 });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.reason).toMatch(/GetDeployment .* failed/);
  });

  it('14. GetDeployment throttled twice → retried → Succeeded', async () => {
    emulator.faults.inject('GetDeployment', { kind: 'throttle' }, { times: 2 });
    const result = await runScenario({});
    expectOneStatus(result, 'Succeeded');
  });

  it('15. GetDeployment says the deployment does not exist → Failed', async () => {
    emulator.faults.inject(
      'GetDeployment',
      { kind: 'error', name: 'DeploymentDoesNotExistException', message: 'no such deployment' },
      { times: 1 },
    );
    const result = await runScenario({});
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.reason).toMatch(/DeploymentDoesNotExistException/);
  });

  it('16. the deployment is unknown to CodeDeploy altogether → the refusal is logged, handler returns', async () => {
    const result = await runScenario({
      event: { DeploymentId: 'd-NOSUCHDEP', LifecycleEventHookExecutionId: 'eyJub25lIjoidHJ1ZSJ9' },
    });
    expect(result.outcome.ok).toBe(true);
    const puts = emulator.codeDeploy.reports({ deploymentId: 'd-NOSUCHDEP' });
    expect(puts.map((report) => [report.status, report.outcome])).toEqual([
      ['Failed', 'DeploymentDoesNotExistException'],
    ]);
    expect(
      result.logs.some((line) => line.level === 'error' && /rejected the status report/.test(line.message)),
    ).toBe(true);
  });

  it('17. the AppSpec cannot be parsed → Failed', async () => {
    const result = await runScenario({ deployment: { appSpec: '{"Resources": [ broken' } });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.reason).toMatch(/AppSpec is neither valid YAML nor JSON/);
  });

  it('18. the deployment is not for the Lambda compute platform → Failed', async () => {
    const result = await runScenario({ deployment: { computePlatform: 'ECS' } });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.reason).toMatch(/compute platform ECS/);
  });

  it('19. fail-fast: a required failure aborts running siblings at once', async () => {
    let siblingAborted = false;
    const result = await runScenario({
      checks: [
        parallel([
          defineCheck(
            'slow-sibling',
            (ctx) =>
              new Promise(() => {
                ctx.signal.addEventListener('abort', () => {
                  siblingAborted = true;
                });
              }),
          ),
          defineCheck('fails-fast', async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            throw new CheckFailure('smoke test returned 500');
          }),
        ]),
      ],
      timeoutMs: 10_000,
    });
    expectOneStatus(result, 'Failed');
    expect(siblingAborted).toBe(true);
    expect(result.elapsedMs).toBeLessThan(2000);
    expect(result.verdict?.checks.map((check) => [check.name, check.status])).toEqual([
      ['slow-sibling', 'skipped'],
      ['fails-fast', 'fail'],
    ]);
  });

  it('20. a warnOnly failure is reported but the hook succeeds', async () => {
    const result = await runScenario({
      checks: [
        warnOnly(
          defineCheck('latency-vs-current', () => {
            throw new CheckFailure('p99 up 12%');
          }),
        ),
        pass,
      ],
    });
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.checks[0]).toMatchObject({ status: 'fail', required: false });
    expect(result.verdict?.reason).toMatch(/1 non-blocking check\(s\) did not pass/);
  });

  it('21. a dryRun check runs without side effects and cannot fail the hook', async () => {
    let sawDryRun = false;
    const result = await runScenario({
      checks: [
        dryRun(
          defineCheck('place-test-order', (ctx) => {
            sawDryRun = ctx.dryRun;
            throw new Error('would have failed');
          }),
        ),
        pass,
      ],
    });
    expectOneStatus(result, 'Succeeded');
    expect(sawDryRun).toBe(true);
    expect(result.verdict?.checks[0]).toMatchObject({ dryRun: true, required: false, status: 'error' });
  });

  it('22. a malformed event → typed error in the log, nothing reported, no throw', async () => {
    const result = await runScenario({ event: { DeploymentId: 'd-ABCDEFGHI' } });
    expect(result.outcome.ok).toBe(true);
    expect(result.reports).toHaveLength(0);
    const error = result.logs.find((line) => line.level === 'error');
    expect(error?.extra).toEqual({
      error: { code: 'SG_MALFORMED_EVENT', message: 'hook event is missing LifecycleEventHookExecutionId' },
    });
  });

  it('23. Put fails until the deadline → the handler throws before it; the Lambda retry reports once', async () => {
    const outage = emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'serverError' });
    const first = await runScenario({ timeoutMs: 1200, options: { reserveMs: 600 } });
    expect(first.outcome.ok).toBe(false);
    expect((first.outcome as { error: { code?: string } }).error.code).toBe('SG_REPORT_FAILED');
    expect(first.elapsedMs).toBeLessThan(first.timeoutMs);
    expect(first.accepted).toHaveLength(0);
    outage.remove();
    // Lambda's async retry delivers the same event again.
    const handler = createHook({
      checks: [pass],
      clientConfig: emulator.clientConfig(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      metrics: false,
      env: {},
    });
    await handler(
      { DeploymentId: first.deploymentId, LifecycleEventHookExecutionId: first.executionId },
      createLambdaContext({ functionName: PRE_HOOK, timeoutMs: 3000 }),
    );
    expect(
      emulator.codeDeploy.reports({ deploymentId: first.deploymentId, outcome: 'accepted' }),
    ).toHaveLength(1);
  });

  it('24. the AppSpec is only available through GetApplicationRevision → Succeeded', async () => {
    const result = await runScenario({
      deployment: { revisionType: 'String', contentInGetDeployment: false },
    });
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.target?.targetVersion).toBe('7');
  });

  it('24a. by default, as on AWS, GetDeployment carries no AppSpec: the hook asks GetApplicationRevision → Succeeded', async () => {
    // A zero delay lets each call through and counts it.
    const counted = emulator.faults.inject('GetApplicationRevision', { kind: 'delay', ms: 0 });
    const result = await runScenario({});
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.target?.targetVersion).toBe('7');
    expect(counted.hits).toBe(1);
  });

  it('24d. with the AppSpec inline in GetDeployment (contentInGetDeployment), GetApplicationRevision is not called → Succeeded', async () => {
    const counted = emulator.faults.inject('GetApplicationRevision', { kind: 'delay', ms: 0 });
    const result = await runScenario({ deployment: { contentInGetDeployment: true } });
    expectOneStatus(result, 'Succeeded');
    expect(counted.hits).toBe(0);
  });

  it('24b. an S3 revision (AppSpec only in a bucket) → Failed, saying how to wire the target', async () => {
    const result = await runScenario({ deployment: { revisionType: 'S3' } });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.reason).toMatch(/carries no AppSpec content.*SHIFTGUARD_TARGET_FUNCTION/);
  });

  it('24c. an S3 revision with the target given by environment variables → Succeeded', async () => {
    const result = await runScenario({
      deployment: { revisionType: 'S3' },
      options: {
        env: {
          SHIFTGUARD_TARGET_FUNCTION: 'orders',
          SHIFTGUARD_TARGET_ALIAS: 'live',
          SHIFTGUARD_TARGET_VERSION: '7',
          SHIFTGUARD_LIFECYCLE_EVENT: 'BeforeAllowTraffic',
        },
      },
    });
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.target).toMatchObject({ functionName: 'orders', targetVersion: '7' });
  });

  it('25. AfterAllowTraffic runs its onlyIn checks and skips the others', async () => {
    const result = await runScenario({
      lifecycleEvent: 'AfterAllowTraffic',
      checks: [
        onlyIn(
          'BeforeAllowTraffic',
          defineCheck('pre-only', () => {
            throw new Error('must not run');
          }),
        ),
        onlyIn('AfterAllowTraffic', pass),
      ],
    });
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.lifecycleEvent).toBe('AfterAllowTraffic');
    expect(result.verdict?.checks.map((check) => [check.name, check.status])).toEqual([
      ['pre-only', 'skipped'],
      ['passes', 'pass'],
    ]);
  });

  it('26. break-glass marker in the deployment description → Succeeded without running checks', async () => {
    const result = await runScenario({
      deployment: { description: 'hotfix INC-7 [shiftguard:skip]' },
      checks: [
        defineCheck('would-fail', () => {
          throw new Error('x');
        }),
      ],
    });
    expectOneStatus(result, 'Succeeded');
    expect(result.verdict?.breakGlass).toMatch(/\[shiftguard:skip\]/);
    expect(result.verdict?.checks).toEqual([]);
  });

  it('28. GetDeployment hangs past the deadline → Failed is still reported in time', async () => {
    emulator.faults.inject('GetDeployment', { kind: 'delay', ms: 10_000 });
    const result = await runScenario({ timeoutMs: 1500, options: { reserveMs: 500 } });
    expectOneStatus(result, 'Failed');
    expect(result.verdict?.reason).toMatch(/GetDeployment .* failed/);
  });

  it('29. a check that throws synchronously in a parallel group with a hanging sibling → Failed at once', async () => {
    const result = await runScenario({
      checks: [
        parallel([
          defineCheck('hangs', () => new Promise(() => {})),
          defineCheck('throws-sync', () => {
            throw new TypeError('cannot read properties of undefined');
          }),
        ]),
      ],
      timeoutMs: 10_000,
    });
    expectOneStatus(result, 'Failed');
    expect(result.elapsedMs).toBeLessThan(2000);
    expect(result.verdict?.checks.map((check) => check.status)).toEqual(['skipped', 'error']);
  });

  it('30. the Put is applied but its response is lost → the retry meets AlreadyCompleted → one status', async () => {
    emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'dropResponse' }, { times: 1 });
    const result = await runScenario({});
    expect(result.outcome.ok).toBe(true);
    expectOneStatus(result, 'Succeeded');
    expect(result.reports.map((report) => report.outcome)).toEqual([
      'accepted',
      'LifecycleEventAlreadyCompletedException',
    ]);
  });

  it('31. the first Put hangs at the plan deadline → a second attempt lands before the Lambda deadline', async () => {
    emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'delay', ms: 5000 }, { times: 1 });
    const result = await runScenario({
      checks: [defineCheck('hangs', () => new Promise(() => {}))],
      timeoutMs: 4000,
    });
    expectOneStatus(result, 'Failed');
    expect(result.reports.length).toBeGreaterThanOrEqual(1);
  });

  it('32. a client that cannot reach any endpoint → the handler throws (visible), never returns silently', async () => {
    const result = await runScenario({
      options: { clientConfig: { ...emulator.clientConfig(), endpoint: 'not a url' } },
    });
    expect(result.outcome.ok).toBe(false);
    expect(result.accepted).toHaveLength(0);
    expect(result.elapsedMs).toBeLessThan(result.timeoutMs);
  });

  it('27. secrets in a failing check never reach the verdict', async () => {
    const result = await runScenario({
      checks: [
        defineCheck('leaky', () => {
          throw new CheckFailure('401 with Authorization: Bearer eyJhbGciOi.secret', {
            details: {
              request: { headers: { authorization: 'Bearer eyJhbGciOi.secret', cookie: 'session=abc' } },
            },
          });
        }),
      ],
    });
    expectOneStatus(result, 'Failed');
    const logged = JSON.stringify(result.logs);
    expect(logged).not.toContain('eyJhbGciOi.secret');
    expect(logged).not.toContain('session=abc');
  });
});
