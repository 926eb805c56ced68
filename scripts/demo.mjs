// The main job: `shiftguard simulate` runs examples/canary-smoke's canary deployment on the embedded
// emulator three times — a good release is promoted, a broken one is caught by the PreTraffic hook
// before any traffic moves, and one that fails only under real traffic is caught by the alarm during
// the 10% canary step and rolled back mid-shift. Builds the packages first, quietly.
// Exits 0 when each run ends as described (the CLI's own exit codes are 0 promoted, 1 rolled back).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (text) => process.stdout.write(`${text}\n`);

// `--no-build`: the packages are built already (the test of this script builds once for the suite).
if (!process.argv.includes('--no-build')) {
  const build = spawnSync('pnpm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}\nthe build failed; nothing was simulated\n`);
    process.exit(1);
  }
}

const example = 'examples/canary-smoke';
const runs = [
  {
    name: 'promoted',
    title: 'a good release: promoted',
    args: ['--to-env', 'RELEASE=2'],
    expected: 0,
  },
  {
    name: 'smoke-test-fails',
    title: 'a broken release (every request fails): caught by the PreTraffic hook, no traffic moves',
    args: ['--to-env', 'RELEASE=2', '--to-env', 'BROKEN=true'],
    expected: 1,
  },
  {
    name: 'alarm-fires',
    title: 'a release that fails one request in five: passes the smoke test, caught by the alarm mid-canary',
    args: ['--to-env', 'RELEASE=2', '--to-env', 'FAIL_ONE_IN=5'],
    expected: 1,
  },
];

let unexpected = 0;
for (const [index, run] of runs.entries()) {
  say(`\n━━━ ${index + 1}/${runs.length} ${run.title}\n`);
  // Each run also leaves its HTML report (reports/ is git-ignored): open one in a browser.
  const report = `reports/canary-smoke-${run.name}.html`;
  say(`$ shiftguard simulate ${example}/template.yaml ${run.args.join(' ')} --seed 1 --report ${report}\n`);
  const result = spawnSync(
    process.execPath,
    [
      'packages/cli/dist/bin.js',
      'simulate',
      `${example}/template.yaml`,
      '--from',
      example,
      '--to',
      example,
      ...run.args,
      '--seed',
      '1',
      '--report',
      report,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  if (result.status !== run.expected) {
    unexpected += 1;
    say(`\n(expected exit code ${run.expected}, got ${result.status})`);
  }
}

process.exit(unexpected === 0 ? 0 : 1);
