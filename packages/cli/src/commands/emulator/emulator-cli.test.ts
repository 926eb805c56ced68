import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CodeDeployClient,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

import { cliPath, ensureBuilt, packageDir } from '../../built-cli.test-support';

/** Handler modules of the emulator's own tests. */
const lambdaFixtures = resolve(packageDir, '../testing/src/lambda/fixtures');

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'shiftguard-cli-'));
}, 60_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, [cliPath, 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal }))),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  return run;
}

async function waitForOutput(run: Run, pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const match = run.stdout.match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null) break;
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
  throw new Error(`no ${pattern} in output:\n${run.stdout}\n${run.stderr}`);
}

describe('the built CLI', () => {
  it('serves the seeded deployments on the port it prints and stops cleanly on SIGTERM', async () => {
    const seed = join(dir, 'seed.json');
    await writeFile(
      seed,
      JSON.stringify({ deployments: [{ deploymentId: 'd-CLISEED01', applicationName: 'orders' }] }),
    );
    const run = runCli(['--port', '0', '--seed', seed]);
    const [, endpoint] = await waitForOutput(run, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
    const [, executionId] = await waitForOutput(run, /^ {2}BeforeAllowTraffic (\S+)$/m);
    await waitForOutput(run, /Stop with Ctrl\+C/);
    const client = new CodeDeployClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });

    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: 'd-CLISEED01' }));
    const put = await client.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: 'd-CLISEED01',
        lifecycleEventHookExecutionId: executionId,
        status: 'Succeeded',
      }),
    );
    client.destroy();
    run.child.kill('SIGTERM');
    const exit = await run.exited;

    expect(run.stdout).toMatch(/^deployment d-CLISEED01 application=orders group=my-deployment-group$/m);
    // What to export to point the AWS CLI and SDKs at it.
    expect(run.stdout).toContain(`export AWS_ENDPOINT_URL=${endpoint}\nexport AWS_REGION=us-east-1\n`);
    expect(run.stdout).toMatch(/^export AWS_ACCESS_KEY_ID=\S+\nexport AWS_SECRET_ACCESS_KEY=\S+$/m);
    expect(deploymentInfo?.applicationName).toBe('orders');
    expect(put.lifecycleEventHookExecutionId).toBe(executionId);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('shiftguard emulator stopped');
    expect(run.stderr).toBe('');
  });

  it('serves seeded Lambda functions, loading handler modules relative to the seed file', async () => {
    await copyFile(join(lambdaFixtures, 'good.mjs'), join(dir, 'good.mjs'));
    await copyFile(join(lambdaFixtures, 'callback.cjs'), join(dir, 'callback.cjs'));
    const seed = join(dir, 'lambda-seed.json');
    await writeFile(
      seed,
      JSON.stringify({
        functions: [
          {
            functionName: 'orders',
            handler: { module: './good.mjs' },
            versions: [{}, { handler: { module: './callback.cjs' } }],
            aliases: [{ name: 'live', version: '1', additionalVersionWeights: { '2': 0.1 } }],
          },
        ],
      }),
    );
    const run = runCli(['--port', '0', '--seed', seed]);
    const [, endpoint] = await waitForOutput(run, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
    await waitForOutput(run, /Stop with Ctrl\+C/);
    const client = new LambdaClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });

    const esm = await client.send(
      new InvokeCommand({ FunctionName: 'orders:1', Payload: Buffer.from('{"n":1}') }),
    );
    const cjs = await client.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: '2' }));
    client.destroy();
    run.child.kill('SIGTERM');
    const exit = await run.exited;

    expect(run.stdout).toContain(
      [
        'function orders arn:aws:lambda:us-east-1:123456789012:function:orders',
        `  version $LATEST callback.handler ${join(dir, 'callback.cjs')}`,
        `  version 1 good.handler ${join(dir, 'good.mjs')}`,
        `  version 2 callback.handler ${join(dir, 'callback.cjs')}`,
        '  alias live -> 1 + 2 at 0.1',
      ].join('\n'),
    );
    expect(JSON.parse(Buffer.from(esm.Payload ?? []).toString())).toMatchObject({
      ok: true,
      event: { n: 1 },
    });
    expect(JSON.parse(Buffer.from(cjs.Payload ?? []).toString())).toMatchObject({
      style: 'callback',
      version: '2',
    });
    // The handler's console.log went to the invocation's log, not to the CLI's output.
    expect(run.stdout).not.toContain('handling');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stderr).toBe('');
  });

  it('stops cleanly on SIGINT', async () => {
    const run = runCli(['--port', '0']);
    await waitForOutput(run, /Stop with Ctrl\+C/);

    run.child.kill('SIGINT');

    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
  });

  it('prints usage for --help and exits 0', async () => {
    const run = runCli(['--help']);

    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('Usage: shiftguard emulator [--port N] [--host HOST] [--seed FILE]');
  });

  it('exits 2 naming an unknown command', async () => {
    const child = spawn(process.execPath, [cliPath, 'simulate-everything'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^shiftguard: unknown command "simulate-everything"; known: emulator/);
  });

  it.each([
    [['--port', 'eighty'], '--port must be an integer from 0 to 65535 (got "eighty")'],
    [['--bogus'], '--bogus'],
  ])('exits 2 with a message and usage for %j', async (args, message) => {
    const run = runCli(args);

    await expect(run.exited).resolves.toEqual({ code: 2, signal: null });
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage:');
    expect(run.stdout).toBe('');
  });

  it('exits 1 naming the file when the seed is missing', async () => {
    const missing = join(dir, 'missing.json');
    const run = runCli(['--port', '0', '--seed', missing]);

    await expect(run.exited).resolves.toEqual({ code: 1, signal: null });
    expect(run.stderr).toBe(`shiftguard emulator: Seed file not found: ${missing}\n`);
  });

  it('exits 1 naming the field when the seed is invalid', async () => {
    const seed = join(dir, 'invalid.json');
    await writeFile(seed, JSON.stringify({ deployments: [{ appSpec: 7 }] }));
    const run = runCli(['--port', '0', '--seed', seed]);

    await expect(run.exited).resolves.toEqual({ code: 1, signal: null });
    expect(run.stderr).toContain('"deployments[0].appSpec" must be a string or an object');
  });
});
