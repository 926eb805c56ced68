/**
 * Pack-and-install smoke test for every publishable package (packages/* without `"private": true`).
 *
 * What a user gets from npm is the tarball, not the workspace: this packs each package with `pnpm pack`
 * (which rewrites `workspace:` specifiers), installs the tarballs with npm into a scratch CommonJS project
 * outside the repository, then loads each package through both the `import` and `require` conditions and
 * type-checks a consumer under `--module node16` against the published .d.ts/.d.cts files.
 *
 * Needs a prior `pnpm build` (the root `pnpm test` runs it before jest) and access to the npm registry
 * (peer dependencies and `@types/node` are installed from it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '..');
const packagesDir = path.join(repoRoot, 'packages');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

interface WorkspacePackage {
  /** Directory name under packages/, e.g. `core`. */
  dir: string;
  root: string;
  manifest: Manifest;
}

/** An error class whose instances must keep their literal `code` and their base class after bundling. */
interface ErrorProbe {
  base: string;
  name: string;
  code: string;
}

/** Expectations for packages we know about; packages added later still get the generic checks. */
const KNOWN: Record<string, { exports: string[]; error?: ErrorProbe }> = {
  '@shiftguard/cli': {
    exports: ['runShiftguard', 'CliError', 'renderHtmlReport'],
    error: { base: 'CliError', name: 'InvalidCliArgumentsError', code: 'SG_CLI_INVALID_ARGUMENTS' },
  },
  '@shiftguard/core': {
    exports: ['createHook', 'runPlan', 'sequence', 'parallel', 'ShiftguardError'],
    error: { base: 'ShiftguardError', name: 'InvalidOptionsError', code: 'SG_INVALID_OPTIONS' },
  },
  '@shiftguard/events': {
    exports: [
      'apiGatewayProxyEvent',
      'sqsEvent',
      'deepMerge',
      'isHookInvocation',
      'hookUserAgent',
      'EventsError',
    ],
    error: { base: 'EventsError', name: 'InvalidEventOptionsError', code: 'SG_EVENTS_INVALID_OPTIONS' },
  },
  '@shiftguard/http': {
    exports: ['httpCheck', 'HttpCheckError'],
    error: { base: 'HttpCheckError', name: 'InvalidHttpCheckOptionsError', code: 'SG_HTTP_INVALID_OPTIONS' },
  },
  '@shiftguard/kit': {
    exports: ['Validator', 'LatencyHistogram', 'lazyClient', 'callAws', 'systemClock', 'BrandedError'],
    error: { base: 'KitError', name: 'InvalidKitOptionsError', code: 'SG_KIT_INVALID_OPTIONS' },
  },
  '@shiftguard/lambda': {
    exports: ['invokeCheck', 'compareVersionsCheck', 'LambdaCheckError'],
    error: {
      base: 'LambdaCheckError',
      name: 'InvalidLambdaCheckOptionsError',
      code: 'SG_LAMBDA_INVALID_OPTIONS',
    },
  },
  '@shiftguard/metrics': {
    exports: [
      'metricGate',
      'alarmGate',
      'canaryJudge',
      'mannWhitneyTest',
      'twoProportionTest',
      'MetricsCheckError',
    ],
    error: {
      base: 'MetricsCheckError',
      name: 'InvalidMetricsOptionsError',
      code: 'SG_METRICS_INVALID_OPTIONS',
    },
  },
  '@shiftguard/simulator': {
    exports: [
      'simulateDeployment',
      'readSamTemplate',
      'fillVersions',
      'PREDEFINED_DEPLOYMENT_TYPES',
      'buildFunction',
      'resolveCodeSources',
      'startFrontDoor',
      'resolveFrontDoorUrls',
      'SimulatorError',
      'TemplateError',
      'BuildError',
      'SimulationSetupError',
    ],
    error: { base: 'SimulatorError', name: 'TemplateError', code: 'SG_SIM_TEMPLATE' },
  },
  '@shiftguard/synthetic': {
    exports: ['journey', 'httpStep', 'invokeStep', 'jsonPointer', 'SyntheticError'],
    error: { base: 'SyntheticError', name: 'InvalidJourneyError', code: 'SG_SYNTHETIC_INVALID_JOURNEY' },
  },
  '@shiftguard/testing': {
    exports: ['startEmulator', 'createManualClock', 'createScaledClock'],
    error: { base: 'EmulatorError', name: 'InvalidEmulatorInputError', code: 'SG_EMULATOR_INVALID_INPUT' },
  },
};

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

const packages: WorkspacePackage[] = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(packagesDir, entry.name, 'package.json')))
  .map((entry) => {
    const root = path.join(packagesDir, entry.name);
    return { dir: entry.name, root, manifest: readJson<Manifest>(path.join(root, 'package.json')) };
  })
  .filter((pkg) => pkg.manifest.private !== true)
  .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));

/** Every file a manifest points at (`exports` targets, `main`, `module`, `types`); wildcard patterns skipped. */
function manifestTargets(manifest: Manifest): string[] {
  const targets = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('*')) targets.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) walk(item);
    }
  };
  walk(manifest.exports);
  walk([manifest.main, manifest.module, manifest.types].filter((field) => field !== undefined));
  return [...targets].sort();
}

/** The npm tarball name: `@scope/name` + `1.2.3` -> `scope-name-1.2.3.tgz`. */
const expectedTarball = (manifest: Manifest): string =>
  `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;

/**
 * Environment for npm/node/tsc children. When jest runs under `pnpm test`, pnpm exports its own config as
 * npm_config_* (including npm_config_globalconfig pointing at pnpm's rc file) plus lifecycle variables;
 * npm would read those as its own config. Keep only what concerns reaching the registry. NODE_PATH is
 * dropped so that packages resolve from the scratch project only.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set([
    'npm_config_registry',
    'npm_config_cache',
    'npm_config_cafile',
    'npm_config_userconfig',
    'npm_config_proxy',
    'npm_config_https_proxy',
    'npm_config_noproxy',
    'npm_config_strict_ssl',
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if ((lower.startsWith('npm_') || lower.startsWith('pnpm_')) && !keep.has(lower)) continue;
    if (key === 'NODE_PATH') continue;
    env[key] = value;
  }
  return env;
}

interface RunResult {
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number, env = childEnv()): RunResult {
  const command = [cmd, ...args].map((part) => (/[\s'"]/.test(part) ? JSON.stringify(part) : part)).join(' ');
  const result = spawnSync(cmd, args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  if (result.error) {
    throw new Error(
      `\`${command}\` (cwd ${cwd}) failed to run or timed out after ${timeoutMs} ms: ${result.error.message}\n` +
        `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    );
  }
  return { command, status: result.status, stdout, stderr };
}

function runOk(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): RunResult {
  const result = run(cmd, args, cwd, timeoutMs, env);
  if (result.status !== 0) {
    throw new Error(
      `\`${result.command}\` (cwd ${cwd}) exited with ${result.status}\n` +
        `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result;
}

/** Fails with one message naming every missing build output. */
function assertBuilt(): void {
  const missing: string[] = [];
  for (const pkg of packages) {
    const files = ['dist', ...manifestTargets(pkg.manifest)];
    for (const file of files) {
      if (!existsSync(path.join(pkg.root, file))) {
        missing.push(`  ${pkg.manifest.name}: packages/${pkg.dir}/${file.replace(/^\.\//, '')}`);
      }
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `Build output missing; run \`pnpm build\` at the repository root first ` +
        `(the root \`pnpm test\` builds before jest):\n${missing.join('\n')}`,
    );
  }
}

type Format = 'esm' | 'cjs';

interface Probe {
  keys: string[];
  types: Record<string, string>;
  error: { missing: true } | { code: unknown; name: string; isBase: boolean; isError: boolean } | null;
}

/** A script that loads `name` in one module format and prints what it exports as JSON. */
function probeSource(format: Format, name: string, error: ErrorProbe | undefined): string {
  const load =
    format === 'esm'
      ? `import * as m from ${JSON.stringify(name)};`
      : `const m = require(${JSON.stringify(name)});`;
  return `${load}
const keys = Object.keys(m).sort();
const types = Object.fromEntries(keys.map((key) => [key, typeof m[key]]));
const spec = ${JSON.stringify(error ?? null)};
let error = null;
if (spec) {
  const Ctor = m[spec.name];
  const Base = m[spec.base];
  if (typeof Ctor !== 'function' || typeof Base !== 'function') {
    error = { missing: true };
  } else {
    const e = new Ctor('x');
    error = { code: e.code, name: e.name, isBase: e instanceof Base, isError: e instanceof Error };
  }
}
process.stdout.write(JSON.stringify({ keys, types, error }));
`;
}

describe('packed packages, installed from their tarballs into a scratch project', () => {
  let packDir: string | undefined;
  let projectDir: string | undefined;
  const tarballs = new Map<string, string>();
  const probes = new Map<string, Probe>();

  const project = (): string => {
    if (projectDir === undefined) throw new Error('scratch project was not set up (see beforeAll)');
    return projectDir;
  };

  const probe = (name: string, format: Format): Probe => {
    const key = `${format}:${name}`;
    const cached = probes.get(key);
    if (cached) return cached;
    const source = probeSource(format, name, KNOWN[name]?.error);
    const args = format === 'esm' ? ['--input-type=module', '-e', source] : ['-e', source];
    const { stdout } = runOk(process.execPath, args, project(), 30_000);
    const result = JSON.parse(stdout) as Probe;
    probes.set(key, result);
    return result;
  };

  beforeAll(() => {
    expect(packages.length).toBeGreaterThan(0);
    assertBuilt();

    packDir = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-pack-'));
    for (const pkg of packages) {
      // pnpm's own config variables are fine for pnpm: pass the environment through unchanged.
      const { stdout } = runOk('pnpm', ['pack', '--pack-destination', packDir, '--json'], pkg.root, 60_000, {
        ...process.env,
      });
      const packed = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { name: string; filename: string };
      const tarball = path.resolve(pkg.root, packed.filename);
      expect(path.dirname(tarball)).toBe(packDir);
      expect(path.basename(tarball)).toBe(expectedTarball(pkg.manifest));
      expect(existsSync(tarball)).toBe(true);
      tarballs.set(pkg.manifest.name, tarball);
    }
    expect(readdirSync(packDir).sort()).toEqual(packages.map((pkg) => expectedTarball(pkg.manifest)).sort());

    // Non-optional peers declared by any package (our own packages come from the tarballs instead).
    const peers = new Map<string, string>();
    for (const pkg of packages) {
      const optional = pkg.manifest.peerDependenciesMeta ?? {};
      for (const [peer, range] of Object.entries(pkg.manifest.peerDependencies ?? {})) {
        if (optional[peer]?.optional === true || tarballs.has(peer) || peers.has(peer)) continue;
        peers.set(peer, range);
      }
    }
    // The consumer type-check needs Node's types, as any Lambda project has (the AWS SDK .d.ts use them).
    const rootManifest = readJson<Manifest>(path.join(repoRoot, 'package.json'));
    const typesNode =
      rootManifest.devDependencies?.['@types/node'] ?? `^${process.versions.node.split('.')[0]}`;

    projectDir = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-consumer-'));
    writeFileSync(
      path.join(projectDir, 'package.json'),
      `${JSON.stringify({ name: 'shiftguard-pack-consumer', version: '0.0.0', private: true, type: 'commonjs' }, null, 2)}\n`,
    );
    runOk(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--no-update-notifier',
        '--loglevel=error',
        ...tarballs.values(),
        ...[...peers].map(([peer, range]) => `${peer}@${range}`),
        `@types/node@${typesNode}`,
      ],
      projectDir,
      150_000,
    );
  }, 180_000);

  afterAll(() => {
    for (const dir of [packDir, projectDir]) {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every package with known expectations is publishable and was discovered', () => {
    expect(packages.map((pkg) => pkg.manifest.name)).toEqual(expect.arrayContaining(Object.keys(KNOWN)));
  });

  describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
    test('the installed manifest has no workspace: specifiers and every exported file is in the tarball', () => {
      const installedRoot = path.join(project(), 'node_modules', ...name.split('/'));
      const installed = readJson<Manifest>(path.join(installedRoot, 'package.json'));
      expect(installed.version).toBe(pkg.manifest.version);
      const specifiers = [installed.dependencies, installed.optionalDependencies, installed.peerDependencies]
        .flatMap((deps) => Object.entries(deps ?? {}))
        .filter(([, spec]) => spec.startsWith('workspace:'));
      expect(specifiers).toEqual([]);
      const missing = manifestTargets(installed).filter(
        (file) => !existsSync(path.join(installedRoot, file)),
      );
      expect(missing).toEqual([]);
    });

    test('import and require expose the same, non-empty set of exports', () => {
      const esm = probe(name, 'esm');
      const cjs = probe(name, 'cjs');
      expect(esm.keys.length).toBeGreaterThan(0);
      expect(cjs.keys).toEqual(esm.keys);
      expect(cjs.types).toEqual(esm.types);
    });

    const known = KNOWN[name];
    if (known) {
      test.each(['esm', 'cjs'] as const)('%s: known exports exist', (format) => {
        expect(probe(name, format).keys).toEqual(expect.arrayContaining(known.exports));
      });
    }

    const error = known?.error;
    if (error) {
      test.each(['esm', 'cjs'] as const)(`%s: ${error.name} keeps its code and base class`, (format) => {
        expect(probe(name, format).error).toEqual({
          code: error.code,
          name: error.name,
          isBase: true,
          isError: true,
        });
      });
    }
  });

  // The HTML report reads uPlot's files from the cli's own location at run time: from an installed
  // package, both builds must find the uplot it depends on.
  test.each(['esm', 'cjs'] as const)(
    '%s: @shiftguard/cli renders an HTML report with uPlot inlined',
    (format) => {
      const report = {
        $schema: 'https://shiftguard.dev/schemas/report-v1.json',
        schemaVersion: 1,
        kind: 'simulation',
        title: 'orders:live version 1 → 2',
        generatedAt: '2026-01-05T09:10:00.000Z',
        outcome: { passed: true, label: 'Promoted', summary: 'Promoted.', cause: undefined },
        target: {
          functionName: 'orders',
          logicalId: 'Orders',
          alias: 'live',
          currentVersion: '1',
          targetVersion: '2',
        },
        deployment: {
          deploymentId: 'd-PACKED001',
          configName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
          status: 'Succeeded',
          startedAt: '2026-01-05T09:00:00.000Z',
          durationMs: 300_000,
          finalAlias: { version: '2', weights: {} },
        },
        timeline: [],
        weights: [
          { atMs: 0, newVersionWeight: 0.1 },
          { atMs: 300_000, newVersionWeight: 1 },
        ],
        alarms: [],
        hooks: [],
        warnings: [],
      };
      const load =
        format === 'esm'
          ? `import { renderHtmlReport } from '@shiftguard/cli';`
          : `const { renderHtmlReport } = require('@shiftguard/cli');`;
      const source = `${load}
const page = renderHtmlReport(${JSON.stringify(report)});
process.stdout.write(JSON.stringify({ uplot: page.includes('https://github.com/leeoniya/uPlot'), weights: page.includes('data-chart="weights"') }));
`;
      const args = format === 'esm' ? ['--input-type=module', '-e', source] : ['-e', source];
      const { stdout } = runOk(process.execPath, args, project(), 30_000);
      expect(JSON.parse(stdout)).toEqual({ uplot: true, weights: true });
    },
  );

  test('a TypeScript consumer type-checks against the published declarations (node16, CJS and ESM)', () => {
    const dir = project();
    const source = `import { createHook, defineCheck, InvalidOptionsError } from '@shiftguard/core';

export const handler = createHook({ checks: [defineCheck('ok', () => undefined)] });
export const code: 'SG_INVALID_OPTIONS' = new InvalidOptionsError('x').code;
`;
    // In a "type": "commonjs" project, .ts compiles as CommonJS (require condition, index.d.cts) and
    // .mts as ESM (import condition, index.d.ts).
    writeFileSync(path.join(dir, 'consumer.ts'), source);
    writeFileSync(path.join(dir, 'consumer.mts'), source);
    const tsc = require.resolve('typescript/bin/tsc', { paths: [repoRoot] });
    const result = run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--skipLibCheck',
        'false',
        '--listFiles',
        'consumer.ts',
        'consumer.mts',
      ],
      dir,
      120_000,
    );
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
    const listed = lines
      .filter((line) => path.isAbsolute(line))
      .map((line) => line.split(path.sep).join('/'));
    const diagnostics = lines.filter((line) => !path.isAbsolute(line)).join('\n');
    if (result.status !== 0) {
      throw new Error(`\`${result.command}\` exited with ${result.status}:\n${diagnostics}`);
    }
    const core = '/node_modules/@shiftguard/core/dist/';
    expect(listed.filter((file) => file.includes(core)).map((file) => path.posix.basename(file))).toEqual(
      expect.arrayContaining(['index.d.ts', 'index.d.cts']),
    );
  });
});
