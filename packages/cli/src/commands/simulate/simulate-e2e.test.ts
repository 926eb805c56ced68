/**
 * `shiftguard simulate` end to end: the simulator's test template deployed on the embedded emulator
 * with its own function and hook code, through `runShiftguard` as the binary calls it, and through
 * the built binary for what only a process shows (that it exits, and how it stops on SIGINT).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { cliPath, ensureBuilt, packageDir } from '../../built-cli.test-support';
import { runShiftguard } from '../../main';

const FIXTURE = resolve(packageDir, '../../test/fixtures/simulate');
const TEMPLATE = relative(process.cwd(), join(FIXTURE, 'template.yaml'));
/** The fixture's code is the same for both versions: an environment variable makes the new one differ. */
const NEW_VERSION = ['--to-env', 'RELEASE=2'];

/**
 * A copy of the fixture project for one run, so that runs never share files. Under node_modules/, so
 * the hook's `@aws-sdk/client-codedeploy` resolves from the copy.
 */
const copies = join(packageDir, 'node_modules', '.cache', 'simulate-e2e');
function freshTemplate(): string {
  mkdirSync(copies, { recursive: true });
  const dir = mkdtempSync(join(copies, 'project-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return relative(process.cwd(), join(dir, 'template.yaml'));
}

afterAll(() => rmSync(copies, { recursive: true, force: true }));

async function simulate(args: readonly string[], template = freshTemplate()) {
  let stdout = '';
  let stderr = '';
  // The copy is not committed: both versions come from it, as directories.
  const project = dirname(template);
  const code = await runShiftguard(
    ['simulate', template, '--from', project, '--to', project, '--seed', '7', ...args],
    {
      stdout: {
        write: (text: string) => {
          stdout += text;
        },
      },
      stderr: {
        write: (text: string) => {
          stderr += text;
        },
      },
      stop: new AbortController().signal,
      env: {},
    },
  );
  return { code, template, stdout, stderr };
}

/** The event lines of an output, without the time column's padding. */
const lines = (stdout: string) => stdout.split('\n').map((line) => line.replace(/ {2,}/g, '  ').trimEnd());

describe('shiftguard simulate on the test template', () => {
  it('promotes a good version on its 10% canary, and exits 0', async () => {
    const { code, template, stdout, stderr } = await simulate([...NEW_VERSION, '--rps', '1']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const shown = lines(stdout);
    expect(shown[0]).toBe(`shiftguard simulate ${template} · seed 7`);
    expect(shown).toEqual(
      expect.arrayContaining([
        '+0:00  BeforeAllowTraffic  invoked hook CodeDeployHook_orders-pre-traffic',
        '+0:00  BeforeAllowTraffic  hook reported Succeeded',
        '+0:00  AllowTraffic  traffic 10% → new version',
        '+5:00  AllowTraffic  traffic 100% → new version (the alias now points at it)',
        '+5:00  AfterAllowTraffic  invoked hook CodeDeployHook_orders-post-traffic',
        expect.stringMatching(/^\+5:00 {2}deployment {2}deployment d-\w+ Succeeded$/),
        expect.stringMatching(
          /^Promoted: orders:live serves version 2 \(CodeDeployDefault\.LambdaCanary10Percent5Minutes\), deployment d-\w+ succeeded at \+5:00\.$/,
        ),
        expect.stringMatching(
          /^ {2}traffic: 30\d requests at 1\/s: version 1 \d+, 0 errors · version 2 \d+, 0 errors$/,
        ),
        '  alarms at the end: orders-errors OK',
        '  hook BeforeAllowTraffic CodeDeployHook_orders-pre-traffic: 1 run, CodeDeploy recorded Succeeded',
        '  hook AfterAllowTraffic CodeDeployHook_orders-post-traffic: 1 run, CodeDeploy recorded Succeeded',
        expect.stringMatching(/^ {2}time: 5:00 of emulated time in /),
        `  hook logs: shiftguard simulate ${template} --from ${dirname(template)} --to ${dirname(template)} --seed 7 --to-env RELEASE=2 --rps 1 --logs prints them as CloudWatch Logs shows them`,
      ]),
    );
    expect(shown.at(-2)).toMatch(/^Next: /);
  });

  it('rolls back mid-shift when the new version fails real traffic and the alarm fires, and exits 1', async () => {
    const { code, stdout } = await simulate(['--to-env', 'FAIL_ONE_IN=5']);

    expect(code).toBe(1);
    const shown = lines(stdout);
    const fired = shown.findIndex((line) =>
      /^\+\d:\d\d {2}alarm {2}orders-errors (OK|INSUFFICIENT_DATA) → ALARM: Threshold Crossed/.test(line),
    );
    const stopped = shown.findIndex((line) =>
      /^\+\d:\d\d {2}deployment {2}CodeDeploy found orders-errors in alarm: it stops the deployment$/.test(
        line,
      ),
    );
    expect(fired).toBeGreaterThan(shown.indexOf('+0:00  AllowTraffic  traffic 10% → new version'));
    expect(stopped).toBeGreaterThan(fired);
    expect(shown).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\+\d:\d\d {2}rollback {2}CodeDeploy rolls back with deployment d-\w+$/),
        expect.stringMatching(/^\+\d:\d\d {2}rollback {2}traffic 100% back on the old version$/),
        expect.stringMatching(
          /^Rolled back at \+[1-4]:\d\d because alarm orders-errors went to ALARM at \+[1-4]:\d\d \(Threshold Crossed: .*\): orders:live serves version 1 again\.$/,
        ),
        expect.stringMatching(/^ {2}CodeDeploy recorded: deployment d-\w+ Stopped, ALARM_ACTIVE: /),
        expect.stringMatching(
          /^ {2}traffic: \d+ requests at 5\/s: version 1 \d+, 0 errors · version 2 \d+, \d+ errors \(/,
        ),
        '  alarms at the end: orders-errors ALARM',
      ]),
    );
  });

  it('explains a hook the default role may not invoke by the CodeDeployHook_ rule, and exits 1', async () => {
    const { code, stdout } = await simulate([...NEW_VERSION, '--param', 'HookName=orders-pre-traffic']);

    expect(code).toBe(1);
    expect(stdout).toMatch(
      /\n\+0:00 +BeforeAllowTraffic {2}could not invoke hook orders-pre-traffic: \w+: The IAM role .*CodeDeployServiceRole/,
    );
    expect(stdout).toContain(
      "why: CodeDeploy's default service role (AWSCodeDeployRoleForLambda, the one SAM creates) may invoke only functions whose name starts with CodeDeployHook_: name the hook CodeDeployHook_orders-pre-traffic",
    );
    expect(stdout).toContain(
      '\nRolled back at +0:00 because CodeDeploy could not invoke the BeforeAllowTraffic hook orders-pre-traffic',
    );
    expect(stdout).toMatch(/\n {2}CodeDeploy recorded: deployment d-\w+ Failed, IAM_ROLE_PERMISSIONS: /);
  });

  it('says what a hook that never reported did, at CodeDeploy’s hour', async () => {
    const { code, stdout } = await simulate([...NEW_VERSION, '--param', 'HookMode=throw', '--rps', '0']);

    expect(code).toBe(1);
    const shown = lines(stdout);
    expect(shown).toEqual(
      expect.arrayContaining([
        '+0:00  BeforeAllowTraffic  hook CodeDeployHook_orders-pre-traffic run 1 failed: Error: the hook crashed before reporting',
        '+1:00  BeforeAllowTraffic  hook CodeDeployHook_orders-pre-traffic run 2 failed: Error: the hook crashed before reporting',
        '+3:00  BeforeAllowTraffic  hook CodeDeployHook_orders-pre-traffic run 3 failed: Error: the hook crashed before reporting',
        '+1:00:00  BeforeAllowTraffic  no status from the hook after 1:00:00: CodeDeploy stopped waiting, the lifecycle event fails',
        'Rolled back at +1:00:00 because the BeforeAllowTraffic hook CodeDeployHook_orders-pre-traffic never reported a status: its run 3 threw Error: the hook crashed before reporting: orders:live serves version 1 again.',
        '  traffic: none sent (--rps 0)',
      ]),
    );
  });

  it('prints the hook logs with --logs, as CloudWatch Logs shows them', async () => {
    const { stdout } = await simulate([
      ...NEW_VERSION,
      '--param',
      'HookMode=twice',
      '--param',
      'DeploymentType=AllAtOnce',
      '--logs',
    ]);

    expect(stdout).toContain(
      'hook reported Succeeded: CodeDeploy refused it (LifecycleEventAlreadyCompletedException)',
    );
    expect(stdout).toMatch(
      /\n {2}logs of CodeDeployHook_orders-pre-traffic \(BeforeAllowTraffic\):\n {4}START RequestId: \S+ Version: \$LATEST\n {4}\S+\t\S+\tINFO\tsecond report refused: LifecycleEventAlreadyCompletedException\n {4}END RequestId: /,
    );
    expect(stdout).not.toContain('--logs prints them');
  });

  it('prints the report alone as JSON with --json -', async () => {
    const { code, stdout, stderr } = await simulate(['--to-env', 'FAIL_ONE_IN=5', '--json', '-']);

    expect(code).toBe(1);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      kind: 'simulation',
      outcome: { passed: false, label: 'Rolled back' },
      target: { functionName: 'orders', alias: 'live', currentVersion: '1', targetVersion: '2' },
      deployment: { status: 'Stopped', error: { code: 'ALARM_ACTIVE' } },
    });
  });

  it('prints the same run for the same seed', async () => {
    // What may differ: the copy's path, the real time and the clock's start minute in the alarm
    // reasons. The deployment ids are drawn from the seed, so they are the same.
    const comparable = (run: { stdout: string; template: string }) =>
      run.stdout
        .replaceAll(run.template, 'template.yaml')
        .replaceAll(dirname(run.template), 'project')
        .replace(/of emulated time in .*/, '')
        .replace(/\(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)/g, '(time)');

    const first = await simulate(['--to-env', 'FAIL_ONE_IN=5']);
    const second = await simulate(['--to-env', 'FAIL_ONE_IN=5']);

    expect(comparable(second)).toBe(comparable(first));
  });

  it.each([
    [
      ['--param', 'HookMode=bogus'],
      /^shiftguard simulate: \S*template\.yaml:\d+:\d+: Parameters\.HookMode: .*bogus/,
    ],
    [
      ['--function', 'Nope'],
      /^shiftguard simulate: --function: \S*template\.yaml has no function Nope; its functions: /,
    ],
    [
      [],
      /^shiftguard simulate: OrdersFunction: the old and new versions have the same code and configuration/,
    ],
  ])('exits 2 with one line for input it cannot run (%j)', async (args, message) => {
    const { code, stderr } = await simulate(args);

    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('the built shiftguard simulate', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  function start(args: readonly string[]) {
    const child = spawn(process.execPath, [cliPath, 'simulate', TEMPLATE, '--seed', '7', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output.stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output.stderr += chunk;
    });
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
    return { child, output, exited };
  }

  it('exits with the outcome once the deployment ends, nothing left holding the process', async () => {
    const run = start(['--to-env', 'FAIL_ONE_IN=5']);

    await expect(run.exited).resolves.toBe(1);
    expect(run.output.stdout).toContain('\nRolled back at ');
    expect(run.output.stderr).toBe('');
  });

  it('stops on SIGINT: says it was interrupted and exits 1 without waiting for the deployment', async () => {
    // One emulated second per real second: the five-minute canary is still shifting when the signal comes.
    const run = start([...NEW_VERSION, '--time-scale', '1']);
    const deadline = Date.now() + 10_000;
    while (!run.output.stdout.includes('traffic 10% → new version') && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }

    run.child.kill('SIGINT');

    await expect(run.exited).resolves.toBe(1);
    expect(run.output.stderr).toMatch(
      /^shiftguard simulate: interrupted at \+0:0\d; the emulated deployment was abandoned before it ended\n$/,
    );
    expect(run.output.stdout).not.toContain('Promoted');
  });
});
