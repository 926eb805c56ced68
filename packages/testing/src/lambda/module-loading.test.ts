import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvokeCommand, type InvokeCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, startEmulator } from '../index';

let dir: string;
let emulator: Emulator;
let client: LambdaClient;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiftguard-modules-'));
  emulator = await startEmulator();
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

/** Writes a handler module into this test's directory; every test's files are new code to Node. */
async function handlerFile(name: string, source: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, source);
  return path;
}

async function invoke(input: InvokeCommandInput) {
  const output = await client.send(new InvokeCommand(input));
  const text = output.Payload == null ? '' : Buffer.from(output.Payload).toString('utf8');
  return {
    ...output,
    json: text === '' ? undefined : (JSON.parse(text) as unknown),
    log: Buffer.from(output.LogResult ?? '', 'base64').toString('utf8'),
  };
}

/** A module that blocks (or throws) in its top-level code while a marker file exists next to it. */
const guarded = {
  hangs: `import { existsSync } from 'node:fs';
if (existsSync(new URL('./marker', import.meta.url))) await new Promise(() => {});
export const handler = async () => 'loaded';
`,
  throwsMjs: `import { existsSync } from 'node:fs';
if (existsSync(new URL('./marker', import.meta.url))) throw new Error('init failed');
export const handler = async () => 'loaded';
`,
  throwsCjs: `'use strict';
if (require('node:fs').existsSync(require('node:path').join(__dirname, 'marker'))) throw new Error('init failed');
exports.handler = async () => 'loaded';
`,
};

describe('module loading counts against the timeout', () => {
  it('times out a module whose top-level await outlasts the timeout, instead of answering once it loads', async () => {
    const path = await handlerFile(
      'slow-init.mjs',
      `await new Promise((resolve) => setTimeout(resolve, 600));
export const handler = async () => 'loaded';
`,
    );
    emulator.lambda.createFunction({ functionName: 'slow-init', handler: { module: path }, timeoutMs: 100 });

    const began = performance.now();
    const output = await invoke({ FunctionName: 'slow-init', LogType: 'Tail' });
    const elapsed = performance.now() - began;
    const requestId = output.$metadata.requestId;

    expect(output.FunctionError).toBe('Unhandled');
    expect(output.json).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after 0.10 seconds`,
    });
    expect(elapsed).toBeLessThan(500);
    expect(output.log).toContain(`${requestId} Task timed out after 0.10 seconds\n`);
    expect(output.log).toMatch(/\tStatus: timeout\n$/);
    expect(emulator.lambda.invocations()[0]).toMatchObject({ status: 'timedOut', durationMs: 100 });
  });

  it('frees the invocation, idle(), the concurrency slot and later invokes from a load that never ends', async () => {
    const path = await handlerFile('hangs-once.mjs', guarded.hangs);
    await writeFile(join(dir, 'marker'), '');
    emulator.lambda.createFunction({
      functionName: 'hangs',
      handler: { module: path },
      timeoutMs: 100,
      reservedConcurrency: 1,
    });

    const first = await invoke({ FunctionName: 'hangs' });
    await emulator.lambda.idle();
    await rm(join(dir, 'marker'));
    // Not throttled (the slot is free) and not stuck behind the first load: the module loads afresh.
    const second = await invoke({ FunctionName: 'hangs' });

    expect(first.json).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(second.FunctionError).toBeUndefined();
    expect(second.json).toBe('loaded');
    expect(emulator.lambda.invocations().map((record) => record.status)).toEqual(['timedOut', 'succeeded']);
  }, 5000);

  it('runs module top-level code inside the invocation: its output is in the log', async () => {
    const path = await handlerFile(
      'init-logs.mjs',
      `console.log('initializing');
export const handler = async () => 'loaded';
`,
    );
    emulator.lambda.createFunction({ functionName: 'init-logs', handler: { module: path } });

    const output = await invoke({ FunctionName: 'init-logs', LogType: 'Tail' });

    expect(output.log).toContain('\tINFO\tinitializing\n');
  });

  it.each([
    ['an ES module', 'fails-once.mjs', guarded.throwsMjs],
    ['a CommonJS module', 'fails-once.cjs', guarded.throwsCjs],
  ])('loads %s afresh after a failed load', async (_case, file, source) => {
    const path = await handlerFile(file, source);
    await writeFile(join(dir, 'marker'), '');
    emulator.lambda.createFunction({ functionName: 'flaky', handler: { module: path } });

    const first = await invoke({ FunctionName: 'flaky' });
    await rm(join(dir, 'marker'));
    const second = await invoke({ FunctionName: 'flaky' });

    expect(first.FunctionError).toBe('Unhandled');
    expect(first.json).toMatchObject({ errorType: 'Error', errorMessage: 'init failed' });
    expect(second.json).toBe('loaded');
  });
});

describe('versions of one module path', () => {
  it.each([
    ['mjs', (answer: string) => `export const handler = async () => '${answer}';\n`],
    ['cjs', (answer: string) => `'use strict';\nexports.handler = async () => '${answer}';\n`],
  ])('runs the code each version was published with when the %s file is rewritten', async (ext, source) => {
    const path = await handlerFile(`v.${ext}`, source('one'));
    emulator.lambda.createFunction({ functionName: 'rewritten', handler: { module: path } });
    const first = emulator.lambda.publishVersion('rewritten');
    const one = await invoke({ FunctionName: 'rewritten', Qualifier: first });

    await writeFile(path, source('two'));
    const second = emulator.lambda.publishVersion('rewritten', { handler: { module: path } });
    const versions = emulator.lambda.getFunction('rewritten').versions;

    expect([first, second]).toEqual(['1', '2']);
    expect(versions[2]?.codeSha256).not.toBe(versions[1]?.codeSha256);
    expect(one.json).toBe('one');
    expect((await invoke({ FunctionName: 'rewritten', Qualifier: '2' })).json).toBe('two');
    expect((await invoke({ FunctionName: 'rewritten', Qualifier: '1' })).json).toBe('one');
    expect((await invoke({ FunctionName: 'rewritten' })).json).toBe('two');
  });

  it('refuses to run a version whose file was rewritten before it first ran, naming both hashes', async () => {
    const path = await handlerFile('early.mjs', "export const handler = async () => 'one';\n");
    emulator.lambda.createFunction({ functionName: 'early', handler: { module: path } });
    emulator.lambda.publishVersion('early');
    await writeFile(path, "export const handler = async () => 'two';\n");
    emulator.lambda.publishVersion('early', { handler: { module: path } });
    const [, one, two] = emulator.lambda.getFunction('early').versions;

    const stale = await invoke({ FunctionName: 'early', Qualifier: '1' });
    const current = await invoke({ FunctionName: 'early', Qualifier: '2' });

    expect(stale.FunctionError).toBe('Unhandled');
    expect(stale.json).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: expect.stringContaining(
        `${path} changed on disk after this version was published (CodeSha256 ${one?.codeSha256}, the file now ${two?.codeSha256})`,
      ),
    });
    expect(current.json).toBe('two');
  });
});
