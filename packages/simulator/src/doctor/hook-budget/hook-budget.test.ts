import { copyFileSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSimulatorOptionsError } from '../../errors';
import type { SamFunction, SamModel } from '../../template/model';
import { readSamTemplate } from '../../template/read-sam-template';
import { type ReadHookBudgetOptions, readHookBudget } from './hook-budget';

jest.setTimeout(120_000);

const fixtures = join(__dirname, 'fixtures');
const templateFile = join(fixtures, 'template.yaml');
let model: SamModel;
let outDir: string;

beforeAll(() => {
  model = readSamTemplate(templateFile);
  outDir = realpathSync(mkdtempSync(join(tmpdir(), 'sg-hook-budget-test-')));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const fn = (logicalId: string, from: SamModel = model): SamFunction => {
  const found = from.functions.find((candidate) => candidate.logicalId === logicalId);
  if (found === undefined) throw new Error(`no ${logicalId} in the fixture template`);
  return found;
};
const read = (logicalId: string, options: Partial<ReadHookBudgetOptions> = {}, from?: SamModel) =>
  readHookBudget(fn(logicalId, from), { templateFile, outDir, ...options });

/** A template of one hook function, read from text named as a file beside the fixtures. */
function inline(properties: readonly string[], metadata: readonly string[] = []): SamModel {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Hook:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs22.x',
    '      CodeUri: ./',
    ...properties.map((line) => `      ${line}`),
    ...(metadata.length === 0 ? [] : ['    Metadata:', ...metadata.map((line) => `      ${line}`)]),
    '',
  ].join('\n');
  return readSamTemplate({ text, file: join(fixtures, 'inline.yaml') });
}
const esbuild = (entry: string) => ['BuildMethod: esbuild', 'BuildProperties:', `  EntryPoints: [${entry}]`];

describe('readHookBudget', () => {
  it("reads createHook's plan from a CommonJS bundle: the gate's waits, the probe's duration", async () => {
    expect(await read('GateHook')).toEqual({
      budget: {
        minMs: 60_000 + 2 * 30_000 + 20_000,
        // The gate's CloudWatch calls are bounded by nothing but the deadline.
        maxMs: undefined,
        reserveMs: 2_000,
        cleanupMs: 0,
        source: 'createHook exported as gate-hook.handler, bundled with esbuild',
      },
    });
  });

  it('reads an ES module bundle whose checks are all bounded, with its own reserve', async () => {
    expect(await read('BoundedHook')).toEqual({
      budget: {
        minMs: 5_000,
        maxMs: 10_000 + 8_000,
        reserveMs: 3_000,
        cleanupMs: 0,
        source: 'createHook exported as bounded-hook.handler, bundled with esbuild',
      },
    });
  });

  it('keeps back the cleanup as the hook does at its Timeout, and budgets for the lifecycle event given', async () => {
    // Timeout 10: 2 s to report, then half of the 8 s left at most for the 4 s cleanup.
    expect(await read('PostTrafficHook')).toMatchObject({
      budget: { minMs: 1_000, maxMs: undefined, reserveMs: 2_000, cleanupMs: 4_000 },
    });
    expect(await read('PostTrafficHook', { lifecycleEvent: 'BeforeAllowTraffic' })).toMatchObject({
      budget: { minMs: 1_000, maxMs: 2_000 },
    });
    expect(await read('PostTrafficHook', { lifecycleEvent: 'AfterAllowTraffic' })).toMatchObject({
      budget: { minMs: 31_000, maxMs: undefined },
    });
  });

  it("finds a middy handler's shiftguard middleware, counting the handler as unbounded", async () => {
    // No Timeout: Lambda's 3 s, of which half is kept to report.
    expect(await read('MiddyHook')).toEqual({
      budget: {
        minMs: 10_000,
        maxMs: undefined,
        reserveMs: 1_500,
        cleanupMs: 0,
        source: 'shiftguardMiddleware exported as middy-hook.handler, bundled with esbuild',
      },
    });
  });

  it("gives the module the template's variables, and none of the machine's AWS credentials", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_PROFILE: 'production',
      NODE_OPTIONS: '--require /no/such/preload.js',
    });
    try {
      expect(await read('EnvHook')).toMatchObject({ budget: { minMs: 45_000 } });
    } finally {
      for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'NODE_OPTIONS']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  it('says why when the module throws while loading', async () => {
    expect(await read('ThrowsHook')).toEqual({
      problem: 'load',
      unreadable: 'throws-hook.handler threw while loading: Error: TABLE_NAME is not set',
    });
  });

  it('gives up on a module that never finishes loading, at timeoutMs', async () => {
    const started = performance.now();
    expect(await read('HangsHook', { timeoutMs: 1_500 })).toEqual({
      problem: 'timeout',
      unreadable: 'loading hangs-hook.handler took longer than 1500 ms',
    });
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('says a handler that is not a shiftguard hook is not one', async () => {
    expect(await read('PlainFunction')).toEqual({
      problem: 'not-a-hook',
      unreadable:
        "plain.handler is not made by shiftguard's createHook or shiftguardMiddleware, so its plan cannot be read",
    });
    expect(await read('Hook', {}, inline(['Handler: plain.notAFunction']))).toEqual({
      problem: 'handler',
      unreadable: 'plain.notAFunction is not a function (it is string)',
    });
  });

  it('says how a module that exits while loading ended, with what it wrote to stderr', async () => {
    const exits = inline([
      'Handler: index.handler',
      'InlineCode: "console.error(\'no config\'); process.exit(3)"',
    ]);
    expect(await read('Hook', {}, exits)).toEqual({
      problem: 'load',
      unreadable: 'loading index.handler exited with code 3 before its hook could be read: no config',
    });
  });

  it('does not guess between two middlewares, nor take a record that gives no budget', async () => {
    // Records as core leaves them, made by hand: inline code cannot import core.
    const registry = "const records = globalThis[Symbol.for('shiftguard.hook-records')];";
    const middyLike = 'exports.handler = Object.assign(async () => undefined, { use() {} });';
    const record = (budget: string) =>
      `{ kind: 'shiftguardMiddleware', reserveMs: undefined, budget: () => (${budget}) }`;
    const two = `${registry} records.push(${record('{}')}, ${record('{}')}); ${middyLike}`;
    expect(
      await read('Hook', {}, inline(['Handler: index.handler', `InlineCode: ${JSON.stringify(two)}`])),
    ).toEqual({
      problem: 'not-a-hook',
      unreadable:
        'index.handler is a handler with 2 shiftguard middlewares in its module: which is its own cannot be told',
    });
    const forged = `${registry} records.push(${record("{ minMs: -1, maxMs: 'soon', cleanupMs: 0 }")}); ${middyLike}`;
    expect(
      await read('Hook', {}, inline(['Handler: index.handler', `InlineCode: ${JSON.stringify(forged)}`])),
    ).toMatchObject({
      problem: 'budget',
      unreadable: expect.stringMatching(/^index\.handler's hook gave a budget that is not one/),
    });
  });

  it('reads nothing of a function that is not Node.js, or does not build, or lacks its export', async () => {
    expect(await read('PythonHook')).toEqual({
      problem: 'runtime',
      unreadable: "Runtime python3.12: only a Node.js hook's plan can be read",
    });
    const missingEntry = await read('Hook', {}, inline(['Handler: gone.handler'], esbuild('gone.ts')));
    expect(missingEntry).toMatchObject({ problem: 'build', unreadable: expect.stringContaining('gone.ts') });
    expect(await read('Hook', {}, inline(['Handler: gate-hook.nope'], esbuild('gate-hook.ts')))).toEqual({
      problem: 'handler',
      unreadable: 'gate-hook.nope: the module exports no nope',
    });
  });

  it('reads a template given as text, at its Timeout', async () => {
    const long = inline(['Handler: gate-hook.handler', 'Timeout: 900'], esbuild('gate-hook.ts'));
    expect(await read('Hook', {}, long)).toMatchObject({
      budget: { minMs: 140_000, reserveMs: 2_000, cleanupMs: 0 },
    });
  });

  it('builds in a temporary directory of its own for a project without node_modules', async () => {
    const project = realpathSync(mkdtempSync(join(tmpdir(), 'sg-hook-budget-project-')));
    try {
      copyFileSync(join(fixtures, 'plain.mjs'), join(project, 'plain.mjs'));
      copyFileSync(join(fixtures, 'gate-hook.ts'), join(project, 'gate-hook.ts'));
      const text = readFileSync(templateFile, 'utf8');
      const copy = readSamTemplate({ text, file: join(project, 'template.yaml') });
      const options = { templateFile: join(project, 'template.yaml') };
      expect(await readHookBudget(fn('PlainFunction', copy), options)).toMatchObject({
        problem: 'not-a-hook',
      });
      // Its bare imports do not resolve outside the monorepo: a build error, said as such.
      expect(await readHookBudget(fn('GateHook', copy), options)).toMatchObject({
        problem: 'build',
        unreadable: expect.stringContaining('@shiftguard/core'),
      });
      expect(readdirSync(project).sort()).toEqual(['gate-hook.ts', 'plain.mjs']);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('refuses bad options, naming them', async () => {
    await expect(readHookBudget(fn('GateHook'), { templateFile, timeoutMs: 0 })).rejects.toThrow(
      InvalidSimulatorOptionsError,
    );
    await expect(
      readHookBudget(fn('GateHook'), { templateFile, lifecycleEvent: 'PreTraffic' as never }),
    ).rejects.toThrow('lifecycleEvent');
    await expect(readHookBudget(fn('GateHook'), { templateFile, timeOut: 5 } as never)).rejects.toThrow(
      'timeOut',
    );
  });
});
