/** Regressions: every way a hook could report zero times, twice, late, or fail open. */
import {
  CodeDeployClient,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import middy from '@middy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { parseAppSpec } from '../deployment/appspec';
import {
  type Check,
  createHook,
  defineCheck,
  dryRun,
  type HookOptions,
  type RunPlanOptions,
  retry,
  runPlan,
  sequence,
  shiftguardMiddleware,
  type VerdictReport,
  warnOnly,
} from '../index';

const appSpec = JSON.stringify({
  Resources: [
    { fn: { Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '1', TargetVersion: '2' } } },
  ],
  Hooks: [{ BeforeAllowTraffic: 'orders-pre' }],
});
const event = { DeploymentId: 'd-ABCDEFGHI', LifecycleEventHookExecutionId: 'exec' };
const context = { functionName: 'orders-pre', getRemainingTimeInMillis: () => 5000 };
const failing = defineCheck('failing', () => {
  throw new Error('broken');
});
/** Where a standalone plan runs: enough context for runPlan, no CodeDeploy. */
const planOptions: RunPlanOptions = {
  target: { functionName: 'f', alias: 'a', currentVersion: '1', targetVersion: '2', qualifiedArn: undefined },
  deployment: {
    deploymentId: 'd',
    executionId: 'e',
    applicationName: undefined,
    deploymentGroupName: undefined,
    description: undefined,
  },
  lifecycleEvent: 'BeforeAllowTraffic',
};
const throwingLogger = {
  debug: () => {
    throw new Error('log sink down');
  },
  info: () => {
    throw new Error('log sink down');
  },
  warn: () => {
    throw new Error('log sink down');
  },
  error: () => {
    throw new Error('log sink down');
  },
};

describe('hook robustness', () => {
  const codeDeploy = mockClient(CodeDeployClient);
  const client = new CodeDeployClient({ region: 'eu-west-1', maxAttempts: 1 });
  const statuses = () =>
    codeDeploy
      .commandCalls(PutLifecycleEventHookExecutionStatusCommand)
      .map((call) => call.args[0].input.status);
  let verdicts: VerdictReport[];
  const logger = {
    debug() {},
    info(_message: string, extra?: { verdict?: VerdictReport }) {
      if (extra?.verdict) verdicts.push(extra.verdict);
    },
    warn(_message: string, extra?: { verdict?: VerdictReport }) {
      if (extra?.verdict) verdicts.push(extra.verdict);
    },
    error() {},
  };
  const hook = (options: Partial<HookOptions>) =>
    createHook({
      checks: [defineCheck('ok', () => undefined)],
      awsSdkV3Client: client,
      logger,
      metrics: false,
      env: {},
      ...options,
    } as HookOptions);

  beforeEach(() => {
    verdicts = [];
    codeDeploy.reset();
    codeDeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: { computePlatform: 'Lambda', revision: { appSpecContent: { content: appSpec } } },
    });
    codeDeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
  });

  it('reports once even when every logger call throws', async () => {
    codeDeploy
      .on(GetDeploymentCommand)
      .rejects(Object.assign(new Error('denied'), { $metadata: { httpStatusCode: 403 } }));
    await expect(hook({ logger: throwingLogger })(event, context)).resolves.toBeUndefined();
    expect(statuses()).toEqual(['Failed']);
  });

  it('reports once when getRemainingTimeInMillis throws or claims years', async () => {
    const throwing = {
      ...context,
      getRemainingTimeInMillis: () => {
        throw new Error('no');
      },
    };
    await hook({})(event, throwing);
    const huge = { ...context, getRemainingTimeInMillis: () => 5e9 };
    await hook({})(event, huge);
    expect(statuses()).toEqual(['Succeeded', 'Succeeded']);
  });

  it('is not changed by mutating the options after construction', async () => {
    const options = {
      checks: [failing] as Check[],
      awsSdkV3Client: client,
      logger,
      metrics: false as const,
      env: {},
    };
    const handler = createHook(options);
    options.checks.length = 0;
    (options as { env: Record<string, string> }).env = { SHIFTGUARD_BREAK_GLASS: 'x' };
    await handler(event, context);
    expect(statuses()).toEqual(['Failed']);
  });

  it('refuses a reserve too small to report and a clock that is not a number', () => {
    expect(() => hook({ reserveMs: 0 })).toThrow('reserveMs must be a finite number ≥ 250');
    const nanClock = { now: () => Number.NaN, setTimeout: () => 0, clearTimeout: () => {} };
    expect(() => hook({ clock: nanClock })).toThrow('clock.now() must return a finite number');
    expect(() => hook({ env: { SHIFTGUARD_BREAK_GLASS: 1 as unknown as string } })).toThrow(
      'env.SHIFTGUARD_BREAK_GLASS must be a string',
    );
  });

  it.each(['False', 'off', 'NO', '0'])('treats SHIFTGUARD_BREAK_GLASS=%s as off', async (value) => {
    await hook({ checks: [failing], env: { SHIFTGUARD_BREAK_GLASS: value } })(event, context);
    expect(statuses()).toEqual(['Failed']);
  });

  it('ignores SHIFTGUARD_SKIP_CHECKS when break-glass is disabled', async () => {
    await hook({ checks: [failing], env: { SHIFTGUARD_SKIP_CHECKS: 'failing' }, allowBreakGlass: false })(
      event,
      context,
    );
    await hook({ checks: [failing], env: { SHIFTGUARD_SKIP_CHECKS: 'failing' } })(event, context);
    // Deliberately skipped (break-glass allowed): reported as skipped, and said so in the reason.
    expect(statuses()).toEqual(['Failed', 'Succeeded']);
    expect(verdicts[1]?.reason).toBe('0 of 1 check(s) passed; 1 skipped');
  });

  it('classifies failures from another copy of the package by code', async () => {
    const foreign = Object.assign(new Error('p99 too high'), {
      code: 'SG_CHECK_FAILED',
      details: { p99: 900 },
    });
    const [result] = await runPlan(
      defineCheck('foreign', () => {
        throw foreign;
      }),
      planOptions,
    );
    expect(result).toMatchObject({ status: 'fail', message: 'p99 too high', details: { p99: 900 } });
  });

  it('keeps AppSpec names that look like numbers as written', () => {
    const spec = parseAppSpec(
      'Resources:\n  - f:\n      Properties: { Name: 0x1A, Alias: 1e3, TargetVersion: 7 }\nHooks:\n  - BeforeAllowTraffic: 12345',
    );
    expect(spec).toMatchObject({
      functionName: '0x1A',
      alias: '1e3',
      targetVersion: '7',
      hooks: { BeforeAllowTraffic: '12345' },
    });
  });

  it('never mixes an overridden function with the AppSpec function versions', async () => {
    await hook({ target: { functionName: 'payments' } })(event, context);
    expect(statuses()).toEqual(['Failed']);
    expect(verdicts[0]?.reason).toMatch(/overridden to payments, which is not the AppSpec's orders/);
  });

  it('keeps warnOnly and dryRun flags on checks a sequence skipped', async () => {
    const results = await runPlan(sequence([failing, warnOnly(failing), dryRun(failing)]), planOptions);
    expect(results.map((r) => [r.status, r.required, r.dryRun])).toEqual([
      ['error', true, undefined],
      ['skipped', false, undefined],
      ['skipped', false, true],
    ]);
  });

  it('keeps the result when a retry backoff throws', async () => {
    const results = await runPlan(
      retry(failing, {
        attempts: 3,
        backoff: () => {
          throw new Error('bad backoff');
        },
      }),
      planOptions,
    );
    expect(results).toEqual([expect.objectContaining({ name: 'failing', status: 'error' })]);
  });

  it('middy: lets an error from a later middleware surface after the hook reported', async () => {
    const handler = middy(async () => undefined)
      .use({
        after: async () => {
          throw new Error('response serializer broke');
        },
      })
      .use(shiftguardMiddleware({ awsSdkV3Client: client, logger, metrics: false, env: {} }));
    await expect(handler(event, context as never)).rejects.toThrow('response serializer broke');
    expect(statuses()).toEqual(['Succeeded']);
  });
});
