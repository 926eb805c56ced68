import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CheckFailure,
  type CheckResult,
  defineCheck,
  type RunChecksOptions,
  runChecks,
  warnOnly,
} from '@shiftguard/core';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { type FinishedCheck, runReport } from './from-run';
import { reportJson } from './json';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(schema);
/** The report as `--json` writes it, held to the schema the package ships. */
const validate = Object.assign((report: unknown) => validateSchema(JSON.parse(reportJson(report as never))), {
  get errors() {
    return validateSchema.errors;
  },
});

const START = Date.UTC(2026, 0, 12, 9, 0, 0);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A real run of `checks` on orders:live version 3, each result timed as it came in. */
async function run(checks: RunChecksOptions['checks'], extra: Partial<RunChecksOptions> = {}) {
  const finished: FinishedCheck[] = [];
  const result = await runChecks({
    checks,
    target: { functionName: 'orders', alias: 'live', targetVersion: '3', currentVersion: '2' },
    lifecycleEvent: 'BeforeAllowTraffic',
    logger: quiet,
    metrics: false,
    env: {},
    onCheckResult: (check: CheckResult) => finished.push({ atMs: 10 * (finished.length + 1), result: check }),
    ...extra,
  } as RunChecksOptions);
  return { result, finished };
}

describe('runReport', () => {
  it('tells a passing run: the verdict as its one hook, each check on the timeline, nothing of traffic', async () => {
    const { result, finished } = await run([
      defineCheck('smoke', () => undefined),
      warnOnly(
        defineCheck('latency', () => {
          throw new CheckFailure('p99 900 ms over 800 ms');
        }),
      ),
    ]);
    const report = runReport(result, {
      module: 'checks.ts',
      lifecycleEvent: 'BeforeAllowTraffic',
      finished,
      startedAt: START,
      deployment: undefined,
      now: START + 1000,
    });
    expect(validate(report)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(report).toMatchObject({
      kind: 'run',
      title: 'orders:live version 3 (BeforeAllowTraffic checks)',
      generatedAt: '2026-01-12T09:00:01.000Z',
      outcome: {
        passed: true,
        label: 'Checks passed',
        summary:
          'orders:live version 3 passed its BeforeAllowTraffic checks: 1 of 2 check(s) passed; 1 non-blocking check(s) did not pass.',
        cause: undefined,
      },
      target: { functionName: 'orders', alias: 'live', currentVersion: '2', targetVersion: '3' },
      deployment: undefined,
      weights: [],
      traffic: undefined,
      alarms: [],
      warnings: [],
    });
    expect(report.timeline).toEqual([
      {
        atMs: 10,
        phase: 'BeforeAllowTraffic',
        text: expect.stringMatching(/^✓ smoke pass \(\d+ ms\)$/),
        tone: 'good',
        details: [],
      },
      {
        atMs: 20,
        phase: 'BeforeAllowTraffic',
        text: '! latency fail: p99 900 ms over 800 ms — non-blocking (warnOnly): reported, did not block',
        tone: 'warn',
        details: [],
      },
    ]);
    expect(report.hooks).toHaveLength(1);
    expect(report.hooks[0]).toMatchObject({
      lifecycleEvent: 'BeforeAllowTraffic',
      functionName: 'shiftguard run checks.ts',
      status: 'Succeeded',
      runs: 1,
      logs: [],
      checks: [
        { name: 'smoke', status: 'pass', required: true, blocking: false },
        {
          name: 'latency',
          status: 'fail',
          required: false,
          blocking: false,
          message: 'p99 900 ms over 800 ms',
        },
      ],
    });
  });

  it('tells a failing run of a deployment: the cause from the verdict, secrets redacted, the deployment as CodeDeploy said', async () => {
    const { result, finished } = await run([
      defineCheck('login', () => {
        throw new CheckFailure('401 for Authorization: Bearer sk_live_0123456789');
      }),
      defineCheck('after', () => undefined),
    ]);
    const report = runReport(result, {
      module: 'hooks/pre.ts',
      lifecycleEvent: 'BeforeAllowTraffic',
      finished,
      startedAt: START,
      deployment: {
        deploymentId: 'd-ABCDEF123',
        status: 'InProgress',
        configName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        createdAt: START - 60_000,
        completedAt: undefined,
        error: undefined,
      },
      now: START + 2000,
    });
    expect(validate(report)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(report.outcome).toMatchObject({ passed: false, label: 'Checks failed' });
    expect(report.outcome.cause).toMatch(
      /^1 required check\(s\) did not pass: login \(fail: 401 for Authorization: /,
    );
    expect(JSON.stringify(report)).not.toContain('sk_live_0123456789');
    expect(report.deployment).toEqual({
      deploymentId: 'd-ABCDEF123',
      configName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      status: 'InProgress',
      error: undefined,
      rollback: undefined,
      startedAt: '2026-01-12T08:59:00.000Z',
      durationMs: 62_000,
      realDurationMs: undefined,
      seed: undefined,
      finalAlias: undefined,
    });
    expect(report.timeline.map((entry) => [entry.tone, entry.text.split(':')[0]])).toEqual([
      ['bad', '✗ login fail'],
      ['info', '- after skipped'],
    ]);
    expect(report.hooks[0]!.checks.map((check) => check.blocking)).toEqual([true, false]);
  });

  it('names what it could of a run that never resolved its target', () => {
    const report = runReport(
      {
        verdict: {
          status: 'Failed',
          reason: 'GetDeployment d-NOPE failed: DeploymentDoesNotExistException: no such deployment',
          deploymentId: 'd-NOPE',
          lifecycleEventHookExecutionId: 'local-run',
          lifecycleEvent: undefined,
          target: undefined,
          durationMs: 40,
          checks: [],
        },
        report: { kind: 'not-asked' },
      },
      {
        module: 'checks.ts',
        lifecycleEvent: 'AfterAllowTraffic',
        finished: [],
        startedAt: START,
        deployment: {
          deploymentId: 'd-NOPE',
          status: undefined,
          configName: undefined,
          createdAt: undefined,
          completedAt: undefined,
          error: undefined,
        },
        now: START + 40,
      },
    );
    expect(validate(report)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(report.title).toBe('deployment d-NOPE (AfterAllowTraffic checks)');
    expect(report.deployment).toMatchObject({
      status: 'unknown',
      startedAt: '2026-01-12T09:00:00.000Z',
      durationMs: 40,
    });
    expect(report.hooks[0]).toMatchObject({
      lifecycleEvent: 'AfterAllowTraffic',
      status: 'Failed',
      checks: [],
    });
  });
});
