// The jest suite under each Node.js version AWS Lambda runs (nodejs22.x, nodejs24.x). `pnpm test` runs
// it first under the machine's own Node (`test:jest`), then this script runs it again under each version
// below; see "Node versions" in docs/architecture.md.
//
// Each binary is the official Node.js build the npm registry publishes as `node-<os>-<arch>@<version>`
// (the package that `npm i node@<version>` fetches from its preinstall script). It is pinned by version
// and sha512 integrity, fetched once with `npm pack` (so npm's own cache serves later fresh clones) and
// unpacked into node_modules/.cache/shiftguard-node/. Nothing goes through pnpm: a `node` bin in the
// workspace's node_modules/.bin would replace the machine's Node in every pnpm script.
//
// Usage: node scripts/test-nodes.mjs [jest args...]   (e.g. `pnpm test:nodes test/pack.test.ts`)
//   SHIFTGUARD_TEST_NODES=24           only these majors (comma-separated)
//   SHIFTGUARD_NODE_22=/path/to/node   use this binary instead of the pinned download (its major must match)
//
// Every requested version must run and pass: a version that cannot be obtained is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'shiftguard-node');

/** One entry per Lambda runtime; `integrity` is the registry's sha512 of each platform package's tarball. */
const RUNTIMES = [
  {
    major: 22,
    version: '22.23.3',
    lambda: 'nodejs22.x',
    integrity: {
      'linux-x64':
        'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
      'linux-arm64':
        'sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA==',
    },
  },
  {
    major: 24,
    version: '24.21.0',
    lambda: 'nodejs24.x',
    integrity: {
      'linux-x64':
        'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
      'linux-arm64':
        'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==',
    },
  },
];

const show = (file) => relative(repoRoot, file) || '.';

/**
 * The environment for npm: under `pnpm run`, pnpm exports its own config as npm_config_* (including a
 * globalconfig pointing at pnpm's rc file), which npm would read as its own. Keep what reaches the registry.
 */
function npmEnv() {
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
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => {
      const lower = key.toLowerCase();
      return !(lower.startsWith('npm_') || lower.startsWith('pnpm_')) || keep.has(lower);
    }),
  );
}

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function runOk(cmd, args, options) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, ...options });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(
      `\`${[cmd, ...args].join(' ')}\` failed (${why})\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  return result.stdout;
}

/** The pinned binary for `runtime`, downloaded and unpacked into the cache unless already there. */
function pinnedNode(runtime) {
  const platform = `${process.platform}-${process.arch}`;
  const integrity = runtime.integrity[platform];
  if (integrity === undefined) {
    throw new Error(
      `no pinned Node ${runtime.version} build for ${platform} (pinned: ${Object.keys(runtime.integrity).join(', ')}); ` +
        `set SHIFTGUARD_NODE_${runtime.major} to a Node ${runtime.major} binary`,
    );
  }
  const pkg = `node-${platform}`;
  const dir = join(cacheRoot, `${pkg}-${runtime.version}`);
  const binary = join(dir, 'bin', 'node');
  if (versionOf(binary) === `v${runtime.version}`) return binary;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, '.download-'));
  try {
    console.log(`fetching ${pkg}@${runtime.version} from the npm registry into ${show(cacheRoot)}/`);
    // An exact version never changes on the registry, so npm's cache may answer without asking it.
    const packed = JSON.parse(
      runOk(
        'npm',
        ['pack', `${pkg}@${runtime.version}`, '--pack-destination', work, '--json', '--prefer-offline'],
        { cwd: work, env: npmEnv() },
      ),
    );
    const tarball = join(work, packed[0].filename);
    const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (actual !== integrity) {
      throw new Error(`${pkg}@${runtime.version}: tarball integrity ${actual}, pinned ${integrity}`);
    }
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    runOk('tar', [
      '-xzf',
      tarball,
      '-C',
      unpacked,
      '--strip-components=1',
      'package/bin/node',
      'package/LICENSE',
    ]);
    const got = versionOf(join(unpacked, 'bin', 'node'));
    if (got !== `v${runtime.version}`) {
      throw new Error(
        `${pkg}@${runtime.version}: the unpacked binary reports ${got ?? 'nothing (it does not run)'}`,
      );
    }
    renameSync(unpacked, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

function nodeFor(runtime) {
  const override = process.env[`SHIFTGUARD_NODE_${runtime.major}`];
  if (!override) return pinnedNode(runtime);
  const got = versionOf(override);
  if (got?.split('.')[0] !== `v${runtime.major}`) {
    throw new Error(
      `SHIFTGUARD_NODE_${runtime.major}=${override} reports ${got ?? 'nothing (it does not run)'}`,
    );
  }
  return resolve(override);
}

const jestBin = join(dirname(createRequire(import.meta.url).resolve('jest/package.json')), 'bin', 'jest.js');
const jestArgs = process.argv.slice(2);
const only = (process.env.SHIFTGUARD_TEST_NODES ?? '')
  .split(',')
  .map((major) => major.trim())
  .filter(Boolean);
const selected =
  only.length === 0 ? RUNTIMES : RUNTIMES.filter((runtime) => only.includes(String(runtime.major)));
if (selected.length === 0) {
  console.error(
    `SHIFTGUARD_TEST_NODES=${only.join(',')} names none of ${RUNTIMES.map((r) => r.major).join(', ')}`,
  );
  process.exit(1);
}

const rows = [];
for (const runtime of selected) {
  const row = { runtime, version: `Node ${runtime.major}`, ok: false, detail: '' };
  rows.push(row);
  let binary;
  try {
    binary = nodeFor(runtime);
  } catch (error) {
    row.detail = `could not obtain Node ${runtime.major}: ${error.message}`;
    console.error(`\nFAIL ${row.detail}`);
    continue;
  }
  row.version = versionOf(binary);
  console.log(`\n━━━ jest under Node ${row.version} (Lambda ${runtime.lambda}): ${show(binary)}\n`);

  const resultsDir = mkdtempSync(join(tmpdir(), 'shiftguard-jest-'));
  const resultsFile = join(resultsDir, 'jest.json');
  const started = Date.now();
  // This Node first on PATH: whatever the tests spawn (`npm`, `pnpm`, and the `node` their shebangs name)
  // runs on it too. test/jest.setup.cjs fails every test file whose worker runs another version.
  const run = spawnSync(binary, [jestBin, ...jestArgs, '--json', `--outputFile=${resultsFile}`], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}`,
      SHIFTGUARD_EXPECTED_NODE: row.version,
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let results;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    results = undefined;
  }
  rmSync(resultsDir, { recursive: true, force: true });

  if (results === undefined) {
    row.detail = `jest exited with ${run.status ?? run.signal ?? run.error?.message} and wrote no results (${seconds} s)`;
    continue;
  }
  const { numTotalTestSuites, numFailedTestSuites, numTotalTests, numPassedTests, numFailedTests } = results;
  const skipped = results.numPendingTests + results.numTodoTests;
  row.ok = run.status === 0 && results.success === true && numTotalTests > 0;
  row.detail =
    `${numTotalTestSuites} suites (${numFailedTestSuites} failed), ${numTotalTests} tests: ` +
    `${numPassedTests} passed, ${numFailedTests} failed, ${skipped} skipped or todo; ${seconds} s` +
    (run.status === 0 ? '' : `; jest exit code ${run.status ?? run.signal}`);
}

console.log(
  `\n━━━ jest per Node version (pnpm test runs it under this machine's Node ${process.version} first, in test:jest)`,
);
for (const row of rows) {
  console.log(
    `${row.ok ? 'ok  ' : 'FAIL'} ${row.version.padEnd(9)} ${row.runtime.lambda.padEnd(10)}  ${row.detail}`,
  );
}
if (rows.some((row) => !row.ok)) process.exit(1);
