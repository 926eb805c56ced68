/**
 * `shiftguard run` end to end, as people run it: the built binary (dist/bin.js, an ES module) in a
 * process of its own, a TypeScript checks module bundled by esbuild and imported by Node, its SDK
 * clients and shiftguard's own sent to the emulator by `--endpoint-url`. The emulator runs in this
 * process, so what a run did to CodeDeploy and Lambda is asserted through it.
 *
 * Not in-process: jest compiles `import()` into its own `require`, which cannot load the ES module a
 * run makes of TypeScript, and gives each test file a copy of `process.env`, which a module loaded
 * by Node itself would not read. A run in its own process has neither problem, and is what users run.
 */
import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { devNull } from 'node:os';
import { join, resolve } from 'node:path';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { type CheckResult, createHook, type VerdictReport } from '@shiftguard/core';
import { type Emulator, startEmulator } from '@shiftguard/testing';
import { ordersAppSpec } from '../../../../../test/support/app-spec';
import { createGroup, deploy } from '../../../../../test/support/deployments';
import { cliPath, ensureBuilt, packageDir } from '../../built-cli.test-support';
import { checks as fixtureChecks } from './fixtures/checks';

jest.setTimeout(60_000);

const ORDERS = resolve(packageDir, '../../test/fixtures/orders');
const PRE = 'CodeDeployHook_ordersPreTraffic';
/**
 * Each run's project: a copy of the fixtures under node_modules/, so the bundle a run writes beside
 * its module never lands in src/ (which the build check walks), and the module's bare imports
 * (`@shiftguard/core`, `@shiftguard/lambda`) resolve from this package's node_modules, as a
 * user's resolve from theirs.
 */
const copies = join(packageDir, 'node_modules', '.cache', 'run-e2e');

let emulator: Emulator;
let codeDeploy: CodeDeployClient;
let project: string;
let endpoint: string;
/** What the hook in the emulator decided, by deployment. */
const hookVerdicts = new Map<string, VerdictReport>();

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(copies, { recursive: true });
  project = mkdtempSync(join(copies, 'project-'));
  copyFileSync(join(__dirname, 'fixtures', 'checks.ts'), join(project, 'checks.ts'));

  emulator = await startEmulator();
  endpoint = emulator.endpoint;
  codeDeploy = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  const handler = (name: string) => ({ module: join(ORDERS, `${name}.mjs`) });
  // Version 1 serves now; 2 is good; 3 throws on every order.
  emulator.lambda.createFunction({
    functionName: 'orders',
    handler: handler('wrong-payload'),
    timeoutMs: 3000,
  });
  emulator.lambda.publishVersion('orders');
  emulator.lambda.publishVersion('orders', { handler: handler('good') });
  emulator.lambda.publishVersion('orders', { handler: handler('throws') });
  emulator.lambda.createAlias('orders', 'live', '1');
  // The same module's checks as a real PreTraffic hook: createHook as a user writes it, whose
  // clients reach the emulator through the environment it gives its functions.
  emulator.lambda.createFunction({
    functionName: PRE,
    timeoutMs: 60_000,
    handler: {
      fn: createHook({
        checks: fixtureChecks,
        metrics: false,
        logger: {
          debug() {},
          info: keepVerdict,
          warn: keepVerdict,
          error() {},
        },
      }),
    },
  });
  await createGroup(codeDeploy);
}, 120_000);

afterAll(async () => {
  codeDeploy?.destroy();
  await emulator?.close();
  rmSync(copies, { recursive: true, force: true });
});

function keepVerdict(_message: string, extra?: unknown) {
  const verdict = (extra as { verdict?: VerdictReport } | undefined)?.verdict;
  if (verdict?.deploymentId !== undefined) hookVerdicts.set(verdict.deploymentId, verdict);
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The AWS environment `shiftguard emulator` tells its users to export, and nothing of this machine's. */
function emulatorEnvironment(): Record<string, string> {
  const { credentials } = emulator.clientConfig();
  return {
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}

/** `node dist/bin.js run ARGS` in the project, with the environment given and NO_COLOR. */
function shiftguardRun(
  args: readonly string[],
  aws: Record<string, string> = emulatorEnvironment(),
): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [cliPath, 'run', ...args],
      {
        cwd: project,
        env: {
          PATH: process.env.PATH ?? '',
          // No shared config, no instance metadata: only what is given here can sign.
          AWS_CONFIG_FILE: devNull,
          AWS_SHARED_CREDENTIALS_FILE: devNull,
          AWS_EC2_METADATA_DISABLED: 'true',
          // The SDK warns on Node 20; one line of stderr is what the bad-input tests read.
          NODE_NO_WARNINGS: '1',
          NO_COLOR: '1',
          ...aws,
        },
        timeout: 45_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolveRun({ code, stdout, stderr });
      },
    );
  });
}

const onFunction = (version: string, ...more: string[]) => [
  'checks.ts',
  '--function',
  'orders',
  '--version',
  version,
  '--alias',
  'live',
  '--endpoint-url',
  endpoint,
  ...more,
];

/** Each check's name and status, from the run's JSON report. */
function checksOf(json: string): string[] {
  const report = JSON.parse(json) as { hooks: { checks: { name: string; status: string }[] }[] };
  return report.hooks[0]!.checks.map((check) => `${check.name} ${check.status}`);
}

async function eventually(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
}

describe('shiftguard run (the built binary)', () => {
  it('passes a good version and exits 0: each check as it finished, the verdict, its own SDK clients on the emulator', async () => {
    const run = await shiftguardRun(onFunction('2'));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `shiftguard run checks.ts · orders:live version 2 (BeforeAllowTraffic checks) · endpoint ${endpoint}`,
    );
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(/^✓ get-order pass \(\d+ ms\)$/),
      expect.stringMatching(/^✓ alias-known pass \(\d+ ms\)$/),
      '! prices-in-cents fail: prices are still in euros — non-blocking (warnOnly): reported, did not block',
    ]);
    expect(lines[4]).toBe(
      'Checks passed · verdict Succeeded: 2 of 3 check(s) passed; 1 non-blocking check(s) did not pass',
    );
    expect(lines[5]).toMatch(/^ {2}orders:live version 2 · BeforeAllowTraffic · 3 checks in \d/);
    // invokeCheck made its own Lambda client, from the environment: --endpoint-url pointed it here.
    const smoke = emulator.lambda.invocations({ functionName: 'orders' }).at(-1);
    expect(smoke).toMatchObject({ qualifier: '2', executedVersion: '2' });
    // The bundle was written beside the module, and is gone.
    expect(readdirSync(project).filter((name) => name.startsWith('.shiftguard-run-'))).toEqual([]);
  });

  it("fails a broken version and exits 1, with the failing check's message", async () => {
    const run = await shiftguardRun(onFunction('3'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "✗ get-order fail: orders:3 payload #1: expected no function error, got Unhandled TypeError: Cannot read properties of undefined (reading 'price')\n",
    );
    expect(run.stdout).toContain('- alias-known skipped: not run: required check "get-order" fail\n');
    expect(run.stdout).toMatch(
      /\nChecks failed · verdict Failed: 1 required check\(s\) did not pass: get-order \(fail: /,
    );
  });

  it('passes and fails the same checks the hook does, on the same versions', async () => {
    for (const target of ['3', '2']) {
      const deploymentId = await deploy(codeDeploy, {
        hooks: { BeforeAllowTraffic: PRE },
        current: '1',
        target,
      });
      await eventually(() => hookVerdicts.has(deploymentId), `the hook's verdict on version ${target}`);
      const hook = hookVerdicts.get(deploymentId)!;
      const run = await shiftguardRun(onFunction(target, '--json', '-'));
      expect(run.code).toBe(hook.status === 'Succeeded' ? 0 : 1);
      expect(checksOf(run.stdout)).toEqual(
        hook.checks.map((check: CheckResult) => `${check.name} ${check.status}`),
      );
      await eventually(
        () =>
          ['Succeeded', 'Failed', 'Stopped'].includes(emulator.codeDeploy.getDeployment(deploymentId).status),
        'the deployment to end',
      );
    }
    expect([...hookVerdicts.values()].map((verdict) => verdict.status)).toEqual(['Failed', 'Succeeded']);
    // Version 2 went live: the next tests start from version 1 serving again.
    emulator.lambda.updateAlias('orders', 'live', { version: '1', additionalVersionWeights: {} });
  });

  it('judges a deployment through GetDeployment and its AppSpec, and reports nothing without --report-status', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
      appSpec: ordersAppSpec({ current: '1', target: '2', hooks: { BeforeAllowTraffic: PRE } }),
    });
    const executionId = hookExecutionIds.BeforeAllowTraffic!;
    const run = await shiftguardRun([
      'checks.ts',
      '--deployment-id',
      deploymentId,
      '--execution-id',
      executionId,
      '--lifecycle',
      'BeforeAllowTraffic',
      '--endpoint-url',
      endpoint,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`· deployment ${deploymentId} (BeforeAllowTraffic checks)`);
    // The alias and version the checks saw came from the AppSpec.
    expect(run.stdout).toMatch(/✓ alias-known pass/);
    expect(run.stdout).toContain(`orders:live version 2 of deployment ${deploymentId} · BeforeAllowTraffic`);
    expect(run.stdout).toContain(
      `not reported to CodeDeploy: --report-status reports Succeeded for hook execution ${executionId}`,
    );
    expect(emulator.codeDeploy.reports({ deploymentId })).toEqual([]);
    expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, executionId)).toBe('Pending');
  });

  it('stands in for a hook with --report-status: CodeDeploy accepts its report and the deployment goes on; the reports are written', async () => {
    const silent = 'CodeDeployHook_ordersSilent';
    const events: { LifecycleEventHookExecutionId: string }[] = [];
    emulator.lambda.createFunction({
      functionName: silent,
      handler: { fn: async (event: { LifecycleEventHookExecutionId: string }) => void events.push(event) },
    });
    const deploymentId = await deploy(codeDeploy, {
      hooks: { BeforeAllowTraffic: silent },
      current: '1',
      target: '2',
    });
    await eventually(() => events.length > 0, 'the silent hook to be invoked');
    const executionId = events[0]!.LifecycleEventHookExecutionId;
    const args = [
      'checks.ts',
      '--deployment-id',
      deploymentId,
      '--execution-id',
      executionId,
      '--lifecycle',
      'BeforeAllowTraffic',
      '--endpoint-url',
      endpoint,
      '--report-status',
    ];
    const run = await shiftguardRun([
      ...args,
      '--json',
      'out/report.json',
      '--junit',
      'out/junit.xml',
      '--report',
      'out/report.html',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(
      `CodeDeploy accepted the report: Succeeded for hook execution ${executionId}\n`,
    );
    expect(run.stdout).toContain('report: out/report.html\nreport: out/junit.xml\nreport: out/report.json\n');
    expect(emulator.codeDeploy.reports({ deploymentId })).toMatchObject([
      { status: 'Succeeded', outcome: 'accepted' },
    ]);
    await eventually(
      () => emulator.codeDeploy.getDeployment(deploymentId).status === 'Succeeded',
      'the deployment to succeed',
    );
    expect(emulator.codeDeploy.getDeployment(deploymentId).lifecycleEvents).toContainEqual(
      expect.objectContaining({ lifecycleEventName: 'BeforeAllowTraffic', status: 'Succeeded' }),
    );

    const report = JSON.parse(readFileSync(join(project, 'out/report.json'), 'utf8'));
    expect(report).toMatchObject({
      kind: 'run',
      title: 'orders:live version 2 (BeforeAllowTraffic checks)',
      outcome: { passed: true, label: 'Checks passed' },
      deployment: { deploymentId, configName: 'CodeDeployDefault.LambdaAllAtOnce' },
      hooks: [{ lifecycleEvent: 'BeforeAllowTraffic', status: 'Succeeded' }],
    });
    expect(
      report.timeline.map((entry: { text: string }) => entry.text.split(' ').slice(0, 3).join(' ')),
    ).toEqual(['✓ get-order pass', '✓ alias-known pass', '! prices-in-cents fail:']);
    expect(readFileSync(join(project, 'out/junit.xml'), 'utf8')).toContain('get-order');
    expect(readFileSync(join(project, 'out/report.html'), 'utf8')).toMatch(/^<!doctype html>/i);

    // Reported once already: CodeDeploy keeps the first status, and says so.
    const again = await shiftguardRun(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`CodeDeploy already had a status for hook execution ${executionId}`);
  });

  it('prints the report alone on stdout with --json -, its progress on stderr', async () => {
    const run = await shiftguardRun(onFunction('2', '--json', '-'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'run', outcome: { label: 'Checks passed' } });
    expect(run.stderr).toContain('✓ get-order pass');
    expect(run.stderr).toContain('Checks passed · verdict Succeeded');
  });

  it("takes the function's only alias when none is named, and asks for one when there are several", async () => {
    const only = await shiftguardRun([
      'checks.ts',
      '--function',
      'orders',
      '--version',
      '2',
      '--endpoint-url',
      endpoint,
    ]);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain('· orders:live version 2 (BeforeAllowTraffic checks)');

    emulator.lambda.createFunction({
      functionName: 'payments',
      handler: { fn: async () => ({ statusCode: 200 }) },
    });
    emulator.lambda.publishVersion('payments');
    emulator.lambda.createAlias('payments', 'live', '1');
    emulator.lambda.createAlias('payments', 'canary', '1');
    const several = await shiftguardRun([
      'checks.ts',
      '--function',
      'payments',
      '--version',
      '1',
      '--endpoint-url',
      endpoint,
    ]);
    expect(several).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'shiftguard run: payments has 2 aliases (canary, live): name the one its deployment shifts with --alias\n',
    });
  });

  it('loads JavaScript and CommonJS TypeScript modules too, hookOptions and what their checks log included', async () => {
    writeFileSync(
      join(project, 'plain.mjs'),
      [
        "import { defineCheck } from '@shiftguard/core';",
        "export default [defineCheck('from-js', (ctx) => ctx.logger.warn('cache is cold', { entries: 0 }))];",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'common.cts'),
      [
        "const { defineCheck, onlyIn } = require('@shiftguard/core');",
        'exports.hookOptions = {',
        "  checks: [defineCheck('from-cts', () => undefined), onlyIn('AfterAllowTraffic', defineCheck('post-only', () => undefined))],",
        '  reserveMs: 500,',
        "  target: { alias: 'live' },",
        '};',
        '',
      ].join('\n'),
    );
    const [js, cts] = await Promise.all([
      shiftguardRun(['plain.mjs', '--function', 'orders', '--version', '2', '--alias', 'live']),
      shiftguardRun(['common.cts', '--function', 'orders', '--version', '2']),
    ]);
    expect(js.code).toBe(0);
    expect(js.stdout).toMatch(/✓ from-js pass/);
    expect(js.stderr).toBe('warn: cache is cold {"entries":0}\n');
    expect(cts.code).toBe(0);
    // The module's target gave the alias; no lookup was needed.
    expect(cts.stdout).toContain('· orders:live version 2 (BeforeAllowTraffic checks)');
    expect(cts.stdout).toMatch(
      /✓ from-cts pass[^\n]*\n- post-only skipped: runs only in AfterAllowTraffic\n/,
    );
  });

  it('stops at --timeout as a hook stops at its deadline, and on Ctrl+C', async () => {
    writeFileSync(
      join(project, 'hangs.ts'),
      "import { defineCheck } from '@shiftguard/core';\nexport const checks = [defineCheck('hangs', () => new Promise<void>(() => {}))];\n",
    );
    const args = ['hangs.ts', '--function', 'orders', '--version', '2', '--alias', 'live'];
    const timedOut = await shiftguardRun([...args, '--timeout', '1']);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stdout).toContain('✗ hangs timed-out: hook deadline reached');
    expect(timedOut.stdout).toContain('Checks failed · verdict Failed: hook deadline reached');

    const child = spawn(process.execPath, [cliPath, 'run', ...args], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolveExit) =>
      child.once('exit', (code) => resolveExit(code)),
    );
    await eventually(() => stdout.includes('shiftguard run hangs.ts'), 'the run to start');
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toBe(
      'shiftguard run: interrupted after 0 finished check(s); nothing was reported to CodeDeploy\n',
    );
  });

  it('refuses bad input with exit 2 and one line', async () => {
    const write = (name: string, text: string) => writeFileSync(join(project, name), text);
    write('no-plan.ts', 'export const helper: number = 1;\n');
    write('throws.ts', "throw new Error('ORDERS_TABLE is not set');\n");
    write('invalid.ts', "export const checks = [{ name: 'half-a-check' }];\n");
    write('broken.ts', 'export const checks = [;\n');
    write('hook.mjs', 'export const handler = async () => {};\n');
    const cases: [readonly string[], string, Record<string, string>?][] = [
      [['missing.ts', '--function', 'orders', '--version', '2'], 'missing.ts: no such file'],
      [
        ['no-plan.ts', '--function', 'orders', '--version', '2'],
        'no-plan.ts exports no plan: export `checks` (a check or an array of checks), `plan`, a default export, or `hookOptions`; it exports helper',
      ],
      [['hook.mjs'], 'hook.mjs exports no plan'],
      [['throws.ts'], 'throws.ts threw while loading: Error: ORDERS_TABLE is not set'],
      [
        ['invalid.ts', '--function', 'orders', '--version', '2', '--alias', 'live'],
        'invalid.ts: the plan cannot run: checks[0] ("half-a-check") needs a run(ctx) function',
      ],
      [['broken.ts'], 'broken.ts:1:24: does not build: Unexpected ";"'],
      [
        ['checks.ts', '--endpoint-url', endpoint],
        'nothing to judge: give --function NAME --version N, or --deployment-id D',
      ],
      [
        ['checks.ts', '--deployment-id', 'd-ABCDEFGHI'],
        '--deployment-id needs --lifecycle BeforeAllowTraffic or AfterAllowTraffic',
      ],
      [
        ['checks.ts', '--function', 'orders', '--version', '2', '--endpoint-url', endpoint],
        'the AWS SDK finds no region',
        {},
      ],
      [['checks.ts', '--verbose'], "Unknown option '--verbose'"],
    ];
    const runs = await Promise.all(cases.map(([args, , aws]) => shiftguardRun(args, aws)));
    runs.forEach((run, index) => {
      const [, message] = cases[index]!;
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
      expect(run.stderr.startsWith(`shiftguard run: `)).toBe(true);
      expect(run.stderr).toContain(message);
      // One line, but for the usage line that follows an argument error.
      expect(
        run.stderr
          .trimEnd()
          .split('\n')
          .filter((line) => !line.startsWith('Usage:')),
      ).toHaveLength(1);
    });
  });
});
