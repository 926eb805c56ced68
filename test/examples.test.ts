/**
 * The four examples, as a reader meets them: each template is valid SAM (the official schema) that
 * the simulator reads without a warning, wired as the examples promise (hook names, builds, runtimes,
 * least-privilege hook IAM), and each README's simulate commands — parsed out of its code blocks, so
 * the README cannot drift from what is tested — promote the good release and roll back each faulty
 * one for the reason the README gives. `pnpm shiftguard` is the root script
 * `node packages/cli/dist/bin.js`, which is what runs here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSamTemplate } from '@shiftguard/simulator';
import { parseTemplate } from '../packages/simulator/src/template/parse';
import {
  SAM_SCHEMA_SHA256,
  samSchemaProblems,
  sha256,
} from '../packages/simulator/src/template/sam-schema.test-support';

jest.setTimeout(240_000);

const root = resolve(__dirname, '..');
const EXAMPLES = ['canary-smoke', 'api-probes', 'metric-gate', 'custom-check'] as const;
type Example = (typeof EXAMPLES)[number];
const templateOf = (example: Example) => join(root, 'examples', example, 'template.yaml');

interface Expected {
  readonly exit: 0 | 1;
  /** What the summary says: promoted, or rolled back and why. */
  readonly outcome: RegExp;
  /** Lines the run must print besides (the failing check's own line). */
  readonly lines?: readonly RegExp[];
}

/** What each README command ends with, in the README's order. */
const EXPECTED: Readonly<Record<Example, readonly Expected[]>> = {
  'canary-smoke': [
    { exit: 0, outcome: /^Promoted: sam-app-OrdersFunction:live serves version 2/m },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+0:00 because the BeforeAllowTraffic hook CodeDeployHook_sam-app-pre-traffic reported Failed .*smoke GET \/orders/m,
      lines: [/✗ smoke GET \/orders fail: .*the orders table does not exist/],
    },
    {
      exit: 1,
      outcome: /^Rolled back at \+1:00 because alarm sam-app-NewVersionErrorsAlarm went to ALARM/m,
      lines: [/✓ smoke GET \/orders pass/],
    },
  ],
  'api-probes': [
    {
      exit: 0,
      outcome: /^Promoted: sam-app-ItemsFunction:live serves version 2 .* succeeded at \+5:00/m,
      lines: [
        /✓ GET \/items pass/,
        /✓ item lifecycle pass \(\d+ ms\): 2 step\(s\) and 1 cleanup/,
        /✓ load GET \/items pass/,
      ],
    },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+0:00 because the BeforeAllowTraffic hook CodeDeployHook_sam-app-pre-traffic reported Failed .*smoke GET \/items/m,
      lines: [/✗ smoke GET \/items fail: .*the items store is not reachable/],
    },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+5:00 because the AfterAllowTraffic hook CodeDeployHook_sam-app-post-traffic reported Failed .*item lifecycle/m,
      lines: [
        /✓ smoke POST \/items pass/,
        /✗ item lifecycle fail: step "read" failed: CheckFailure: GET http:\/\/127\.0\.0\.1:\d+\/items\/[0-9a-f-]+: expected status 200, got 404/,
      ],
    },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+5:00 because the AfterAllowTraffic hook CodeDeployHook_sam-app-post-traffic reported Failed .*load GET \/items/m,
      lines: [
        /✓ item lifecycle pass/,
        /✗ load GET \/items fail: .*error rate 5% over the 1% limit \(5xx: 10\)/,
      ],
    },
  ],
  'metric-gate': [
    {
      exit: 0,
      outcome: /^Promoted: sam-app-OrdersFunction:live serves version 2 .* succeeded at \+11:00/m,
      lines: [
        /✓ errors alarm quiet at 100% pass/,
        /✓ new version vs old pass \(\d+ ms\): version 2 against 1: score 100/,
      ],
    },
    {
      exit: 1,
      outcome: /^Rolled back at \+2:00 because alarm sam-app-NewVersionErrorsAlarm went to ALARM/m,
      lines: [
        /hook AfterAllowTraffic CodeDeployHook_sam-app-post-traffic: 0 runs, CodeDeploy recorded Skipped/,
      ],
    },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+11:00 because the AfterAllowTraffic hook CodeDeployHook_sam-app-post-traffic reported Failed .*new version vs old/m,
      lines: [
        /✓ errors alarm quiet at 100% pass/,
        /✗ new version vs old fail: .*critical metric "error rate" failed: the new version's error rate is higher/,
      ],
    },
  ],
  'custom-check': [
    {
      exit: 0,
      outcome: /^Promoted: sam-app-QuotesFunction:live serves version 2/m,
      lines: [
        /✓ flag QUOTES_V2 is on pass/,
        /✓ pricing service reachable pass \(\d+ ms\): http:\/\/127\.0\.0\.1:4599 answered 200/,
        /✓ quote from the new version pass/,
      ],
    },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+0:00 because the BeforeAllowTraffic hook CodeDeployHook_sam-app-pre-traffic reported Failed .*flag QUOTES_V2 is on/m,
      lines: [/✗ flag QUOTES_V2 is on fail: version 2 has QUOTES_V2=off; this release needs it on/],
    },
    {
      exit: 1,
      outcome:
        /^Rolled back at \+0:00 because the BeforeAllowTraffic hook CodeDeployHook_sam-app-pre-traffic reported Failed .*pricing service reachable/m,
      lines: [
        /✗ pricing service reachable fail: the pricing service at http:\/\/127\.0\.0\.1:4598 is unreachable: ECONNREFUSED/,
      ],
    },
  ],
};

interface ReadmeCommands {
  /** `node … &` lines: services the simulations need, started first. */
  readonly background: readonly (readonly string[])[];
  /** `pnpm shiftguard simulate …` lines, as argument lists after `pnpm shiftguard`. */
  readonly simulations: readonly (readonly string[])[];
}

/** The commands of a README's `sh` code blocks, continuation lines joined, comments left out. */
function readmeCommands(example: Example): ReadmeCommands {
  const readme = readFileSync(join(root, 'examples', example, 'README.md'), 'utf8');
  const background: string[][] = [];
  const simulations: string[][] = [];
  for (const [, block] of readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    for (const line of block!.replace(/\\\n\s*/g, '').split('\n')) {
      const command = line.replace(/#.*$/, '').trim();
      // Split on spaces, as the shell would: so no quoting may hide in a command.
      if (/['"$`]/.test(command)) throw new Error(`${example}/README.md: quoting in "${command}"`);
      const words = command.split(/\s+/).filter(Boolean);
      if (words[0] === 'pnpm' && words[1] === 'shiftguard' && words[2] === 'simulate') {
        simulations.push(words.slice(2));
      } else if (words[0] === 'node' && words.at(-1) === '&') {
        background.push(words.slice(1, -1));
      }
    }
  }
  return { background, simulations };
}

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['packages/cli/dist/bin.js', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Starts a README's background service and resolves once it prints its first line (it listens). */
function startBackground(args: readonly string[]): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout!.once('data', () => done(child));
    child.on('exit', (code) => fail(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

const background: ChildProcess[] = [];
let backgroundStarted: Promise<void> | undefined;

/**
 * The READMEs' services, started once for the whole file. Started from the runs themselves rather
 * than a beforeAll: concurrent tests may begin before a beforeAll has finished.
 */
function backgroundServices(): Promise<void> {
  backgroundStarted ??= (async () => {
    for (const example of EXAMPLES) {
      for (const args of readmeCommands(example).background) background.push(await startBackground(args));
    }
  })();
  return backgroundStarted;
}

beforeAll(() => {
  for (const pkg of ['cli', 'simulator', 'core', 'lambda', 'http', 'metrics', 'synthetic', 'testing']) {
    if (!existsSync(join(root, 'packages', pkg, 'dist', 'index.js'))) {
      throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
    }
  }
});

afterAll(() => {
  for (const child of background) {
    child.removeAllListeners('exit');
    child.kill();
  }
});

describe('the examples', () => {
  it('are the four the root README lists, each with its template, README and package', () => {
    const dirs = readdirSync(join(root, 'examples')).filter((name) =>
      existsSync(join(root, 'examples', name, 'template.yaml')),
    );
    expect(dirs.sort()).toEqual([...EXAMPLES].sort());
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const example of EXAMPLES) {
      expect(readme).toContain(`](examples/${example})`);
      expect(existsSync(join(root, 'examples', example, 'package.json'))).toBe(true);
    }
    expect(readme).toContain('](docs/getting-started.md)');
  });

  it('run `pnpm shiftguard` as the repository builds it', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.shiftguard).toBe('node packages/cli/dist/bin.js');
  });

  it('hold their templates to the official SAM schema, the same file as the shared copy', () => {
    // CI lays the shared schemas beside the repository; where they are, they must be the pinned copy.
    const shared = resolve(root, '..', 'shared', 'schemas', 'sam.schema.json');
    if (existsSync(shared)) expect(sha256(readFileSync(shared))).toBe(SAM_SCHEMA_SHA256);
    for (const example of EXAMPLES) {
      const parsed = parseTemplate(readFileSync(templateOf(example), 'utf8'), '1.1');
      if (!parsed.ok) throw new Error(`${example}: ${parsed.problem.message}`);
      expect({ example, problems: samSchemaProblems(parsed.template.value) }).toEqual({
        example,
        problems: [],
      });
    }
  });

  it.each(EXAMPLES)('%s: the simulator reads its template without a warning', (example) => {
    const model = readSamTemplate(templateOf(example));
    expect(model.warnings).toEqual([]);
    const deployed = model.functions.filter((fn) => fn.deploymentPreference?.enabled);
    expect(deployed).toHaveLength(1);
    expect(deployed[0]).toMatchObject({ autoPublishAlias: 'live', autoPublishAliasAllProperties: true });
  });

  it.each(EXAMPLES)('%s: its hooks are named, built and allowed as the examples promise', (example) => {
    const parsed = parseTemplate(readFileSync(templateOf(example), 'utf8'), '1.1');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const template = parsed.template.value as {
      Globals?: { Function?: { Runtime?: string } };
      Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: unknown }>;
    };
    const model = readSamTemplate(templateOf(example));
    const fn = model.functions.find((f) => f.deploymentPreference?.enabled)!;
    // Hooks named by a logical id of the template: one named by a string would be outside the stack.
    const hooks = Object.values(fn.deploymentPreference!.hooks).flatMap((hook) =>
      hook?.logicalId === undefined ? [] : [hook.logicalId],
    );
    expect(hooks.length).toBeGreaterThan(0);
    const group = `\${ServerlessDeploymentApplication}/\${${fn.logicalId}DeploymentGroup}`;
    const codeDeploy = `arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}`;
    for (const logicalId of [fn.logicalId, ...hooks]) {
      const resource = template.Resources[logicalId]!;
      expect(resource.Metadata).toMatchObject({ BuildMethod: 'esbuild' });
      expect(resource.Properties.Runtime ?? template.Globals?.Function?.Runtime).toMatch(/^nodejs2[24]\.x$/);
    }
    for (const logicalId of hooks) {
      const { Properties } = template.Resources[logicalId]!;
      expect(Properties.FunctionName).toEqual({
        'Fn::Sub': expect.stringMatching(/^CodeDeployHook_\$\{AWS::StackName\}-/),
      });
      const statements = (Properties.Policies as { Statement?: unknown[] }[]).flatMap(
        (policy) => (policy.Statement ?? []) as { Action: string | string[]; Resource: unknown }[],
      );
      const grants = new Map<string, unknown[]>();
      for (const { Action, Resource } of statements) {
        for (const action of [Action].flat()) grants.set(action, [...(grants.get(action) ?? []), Resource]);
      }
      // Reading the deployment and reporting on it: this function's group; the AppSpec: the application.
      for (const action of ['codedeploy:GetDeployment', 'codedeploy:PutLifecycleEventHookExecutionStatus']) {
        expect(grants.get(action)).toEqual([{ 'Fn::Sub': `${codeDeploy}:deploymentgroup:${group}` }]);
      }
      expect(grants.get('codedeploy:GetApplicationRevision')).toEqual([
        { 'Fn::Sub': `${codeDeploy}:application:\${ServerlessDeploymentApplication}` },
      ]);
      // Nothing on "*" but what takes no resource, and Lambda's actions on versions only.
      for (const [action, resources] of grants) {
        if (action !== 'cloudwatch:GetMetricData') {
          expect({ action, onEveryResource: resources.includes('*') }).toEqual({
            action,
            onEveryResource: false,
          });
        }
        if (action.startsWith('lambda:')) {
          expect({ action, resources }).toEqual({
            action,
            resources: [{ 'Fn::Sub': `\${${fn.logicalId}.Arn}:*` }],
          });
        }
      }
      expect(Properties.Timeout).toEqual(expect.any(Number));
    }
  });
});

describe.each(EXAMPLES)('%s, simulated from its README', (example) => {
  const { simulations } = readmeCommands(example);

  it('has the runs the test expects, each from its own directory', () => {
    expect(simulations).toHaveLength(EXPECTED[example].length);
    for (const args of simulations) {
      expect(args.slice(0, 6)).toEqual([
        'simulate',
        `examples/${example}/template.yaml`,
        '--from',
        `examples/${example}`,
        '--to',
        `examples/${example}`,
      ]);
      expect(args).toEqual(expect.arrayContaining(['--seed']));
    }
  });

  it.concurrent.each(simulations.map((args, index) => [index + 1, args.slice(6).join(' '), args] as const))(
    'run %i (%s)',
    async (index, _label, args) => {
      const expected = EXPECTED[example][index - 1]!;
      await backgroundServices();
      const { code, stdout, stderr } = await run(args);
      const lines = stdout.replace(/ {2,}/g, '  ');
      expect({ stderr }).toEqual({ stderr: '' });
      expect({ code, outcome: expected.outcome.test(stdout) }).toEqual({
        code: expected.exit,
        outcome: true,
      });
      for (const line of expected.lines ?? []) expect(lines).toMatch(line);
      expect(stdout).toContain(`Next: examples/${example}/README.md`);
    },
  );
});
