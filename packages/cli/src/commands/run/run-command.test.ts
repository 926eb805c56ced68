/**
 * `shiftguard run` in-process, up to the point it would load the module (jest cannot import the ES
 * module a run loads; run-e2e.test.ts runs the rest through the built binary): the usage, argument
 * errors, a module that is not there, and the environment `--endpoint-url` sets and puts back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runShiftguard, USAGE } from '../../main';
import { pointSdkClientsAt } from './endpoint-environment';
import { runRunCommand } from './run';

async function run(argv: string[], cwd?: string) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stop: new AbortController().signal,
    env: {},
  };
  const code =
    cwd === undefined ? await runShiftguard(['run', ...argv], io) : await runRunCommand(argv, io, { cwd });
  return { code, stdout, stderr };
}

describe('shiftguard run', () => {
  it('is listed in the usage, and prints its own help', async () => {
    expect(USAGE).toMatch(/\n {2}run {9}run a hook's checks from here/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: shiftguard run CHECKS_MODULE \[target\] \[options\]\n/);
    for (const flag of [
      '--deployment-id D',
      '--execution-id E',
      '--function NAME',
      '--version N',
      '--current-version M',
      '--alias A',
      '--lifecycle EVENT',
      '--report-status',
      '--endpoint-url URL',
      '--timeout SECONDS',
      '--report FILE.html',
      '--junit FILE',
      '--json FILE',
    ]) {
      expect(help.stdout).toContain(`  ${flag} `);
    }
  });

  it('refuses bad arguments with exit 2, the problem and where the usage is', async () => {
    expect(await run(['checks.ts', '--deployment-id', 'd-1', '--function', 'orders'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'shiftguard run: --deployment-id judges the target its AppSpec names; leave out --function\nUsage: shiftguard run CHECKS_MODULE [target] [options] (--help lists them)\n',
    });
    expect((await run(['checks.ts', '--report-status'])).code).toBe(2);
    expect((await run(['checks.ts', '--nope'])).code).toBe(2);
  });

  it('says so in one line when the module is not there, relative to where it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shiftguard-run-'));
    try {
      expect(await run(['checks/pre.ts', '--function', 'orders', '--version', '2'], dir)).toEqual({
        code: 2,
        stdout: '',
        stderr: 'shiftguard run: checks/pre.ts: no such file\n',
      });
      expect((await run(['.', '--function', 'orders', '--version', '2'], dir)).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pointSdkClientsAt', () => {
  it('sends every client to the endpoint for the run, and puts the environment back after it', () => {
    const env: NodeJS.ProcessEnv = {
      AWS_ENDPOINT_URL: 'https://elsewhere.example',
      AWS_ENDPOINT_URL_LAMBDA: 'https://lambda.example',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      AWS_REGION: 'eu-west-1',
    };
    const before = { ...env };
    const restore = pointSdkClientsAt(env, 'http://127.0.0.1:4566');
    expect(env).toEqual({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'eu-west-1' });
    restore();
    expect(env).toEqual(before);
    const bare: NodeJS.ProcessEnv = {};
    pointSdkClientsAt(bare, 'http://127.0.0.1:4566')();
    expect(bare).toEqual({});
  });
});
