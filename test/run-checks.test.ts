/**
 * runChecks, the plan runner a CLI uses outside Lambda, through the real SDK clients against the
 * emulator: the same resolution (GetDeployment, the AppSpec), deadline and verdict as a hook, and a
 * report to CodeDeploy only when asked.
 */
import { resolve } from 'node:path';
import { CheckFailure, defineCheck, InvalidOptionsError, runChecks } from '@shiftguard/core';
import { invokeCheck } from '@shiftguard/lambda';
import { type Emulator, startEmulator } from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';

const fixture = (name: string) => ({ module: resolve(__dirname, 'fixtures/orders', `${name}.mjs`) });
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.lambda.createFunction({ functionName: 'orders', handler: fixture('good'), timeoutMs: 1000 });
  emulator.lambda.publishVersion('orders');
  emulator.lambda.publishVersion('orders', { handler: fixture('throws') });
  emulator.lambda.createAlias('orders', 'live', '1');
});
afterAll(() => emulator.close());

function deployment(targetVersion: string) {
  return emulator.codeDeploy.createDeployment({
    appSpec: ordersAppSpec({
      current: '1',
      target: targetVersion,
      hooks: { BeforeAllowTraffic: 'orders-pre-traffic' },
    }),
  });
}

const common = () => ({
  clientConfig: emulator.clientConfig(),
  logger: quiet,
  metrics: false as const,
  env: {},
});

describe('runChecks', () => {
  it('resolves a deployment as a hook does and returns the verdict without reporting it', async () => {
    const { deploymentId } = deployment('2');
    const { verdict, report } = await runChecks({
      ...common(),
      checks: [invokeCheck({ clientConfig: emulator.clientConfig() })],
      deploymentId,
      hookFunctionName: 'orders-pre-traffic',
      env: { AWS_LAMBDA_FUNCTION_NAME: 'shiftguard-cli' },
      timeoutMs: 20_000,
    });
    expect(report).toEqual({ kind: 'not-asked' });
    expect(verdict.status).toBe('Failed');
    expect(verdict.lifecycleEvent).toBe('BeforeAllowTraffic');
    expect(verdict.target).toMatchObject({ functionName: 'orders', targetVersion: '2', currentVersion: '1' });
    expect(verdict.checks[0]).toMatchObject({ name: 'invoke', status: 'fail' });
    expect(emulator.codeDeploy.reports({ deploymentId })).toHaveLength(0);
  });

  it('reports exactly once when asked, with the verdict it returns', async () => {
    const { deploymentId, hookExecutionIds } = deployment('1');
    const { verdict, report } = await runChecks({
      ...common(),
      checks: [invokeCheck({ clientConfig: emulator.clientConfig() })],
      deploymentId,
      executionId: hookExecutionIds.BeforeAllowTraffic,
      lifecycleEvent: 'BeforeAllowTraffic',
      report: true,
    });
    expect(verdict.status).toBe('Succeeded');
    expect(report).toEqual({ kind: 'reported', attempts: 1 });
    expect(emulator.codeDeploy.reports({ deploymentId }).map((report) => report.status)).toEqual([
      'Succeeded',
    ]);
  });

  it('judges a target given directly, asking CodeDeploy nothing', async () => {
    const before = emulator.codeDeploy.deployments().length;
    const seen: string[] = [];
    const { verdict } = await runChecks({
      ...common(),
      target: { functionName: 'orders', alias: 'live', targetVersion: '2', currentVersion: '1' },
      lifecycleEvent: 'AfterAllowTraffic',
      checks: [
        defineCheck('sees-target', (ctx) => {
          seen.push(`${ctx.target.functionName}:${ctx.target.targetVersion} ${ctx.lifecycleEvent}`);
          if (ctx.deployment.deploymentId !== 'local-run') throw new CheckFailure('not a local run');
        }),
      ],
    });
    expect(verdict.status).toBe('Succeeded');
    expect(seen).toEqual(['orders:2 AfterAllowTraffic']);
    expect(emulator.codeDeploy.deployments()).toHaveLength(before);
  });

  it('says when CodeDeploy refused the report, rather than pass it off as reported', async () => {
    const { deploymentId, hookExecutionIds } = deployment('1');
    const options = {
      ...common(),
      checks: [defineCheck('ok', () => {})],
      deploymentId,
      executionId: hookExecutionIds.BeforeAllowTraffic,
      lifecycleEvent: 'BeforeAllowTraffic' as const,
      report: true,
    };
    expect((await runChecks(options)).report.kind).toBe('reported');
    expect((await runChecks(options)).report.kind).toBe('already-completed');
    const unknown = await runChecks({ ...options, executionId: 'no-such-execution' });
    expect(unknown.report.kind).toBe('rejected');
  });

  it('tells each check as it finishes, before the verdict, as the verdict lists them', async () => {
    const told: string[] = [];
    const { verdict } = await runChecks({
      ...common(),
      target: { functionName: 'orders', alias: 'live', targetVersion: '2' },
      lifecycleEvent: 'BeforeAllowTraffic',
      checks: [invokeCheck({ clientConfig: emulator.clientConfig() }), defineCheck('after', () => {})],
      onCheckResult: (result) => told.push(`${result.name} ${result.status}`),
    });
    expect(told).toEqual(['invoke fail', 'after skipped']);
    expect(verdict.checks.map((check) => `${check.name} ${check.status}`)).toEqual(told);
  });

  it('reads the target of a local run from SHIFTGUARD_TARGET_* as a hook does', async () => {
    const { verdict } = await runChecks({
      ...common(),
      env: {
        SHIFTGUARD_TARGET_FUNCTION: 'orders',
        SHIFTGUARD_TARGET_ALIAS: 'live',
        SHIFTGUARD_TARGET_VERSION: '2',
        SHIFTGUARD_LIFECYCLE_EVENT: 'BeforeAllowTraffic',
      },
      checks: [defineCheck('ok', () => {})],
    });
    expect(verdict).toMatchObject({
      status: 'Succeeded',
      target: { functionName: 'orders', targetVersion: '2' },
    });
  });

  it('stops at its own deadline and says so', async () => {
    const { verdict } = await runChecks({
      ...common(),
      target: { functionName: 'orders', alias: 'live', targetVersion: '2' },
      lifecycleEvent: 'BeforeAllowTraffic',
      timeoutMs: 600,
      reserveMs: 250,
      checks: [defineCheck('hangs', () => new Promise(() => {}))],
    });
    expect(verdict.status).toBe('Failed');
    expect(verdict.reason).toMatch(/hook deadline reached/);
    expect(verdict.checks[0]).toMatchObject({ name: 'hangs', status: 'timed-out' });
  });

  it.each([
    [{ report: true, deploymentId: 'd-1' }, 'report: true needs the deploymentId and executionId'],
    [{}, 'without a deploymentId, give target { functionName, alias, targetVersion } and lifecycleEvent'],
    [
      { deploymentId: 'd-1', timeoutMs: 0 },
      'runChecks: timeoutMs must be an integer from 1 to 900000, got 0',
    ],
    [{ deploymentId: 'd-1', deploymnetId: 'x' }, 'runChecks: unknown option "deploymnetId"'],
    [{ deploymentId: 'd'.repeat(1025) }, 'runChecks: hook event DeploymentId is 1025 characters, over 1024'],
  ])('refuses %j', async (options, message) => {
    const run = runChecks({ ...common(), checks: [defineCheck('x', () => {})], ...options } as never);
    await expect(run).rejects.toThrow(InvalidOptionsError);
    await expect(
      runChecks({ ...common(), checks: [defineCheck('x', () => {})], ...options } as never),
    ).rejects.toThrow(message);
  });
});
