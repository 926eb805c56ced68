/** examples/quickstart's demo (`pnpm demo:quickstart`): one deployment shifting and one rolling back, hooks run by hand. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

describe('the quickstart demo (pnpm demo:quickstart)', () => {
  it('shifts traffic to a good version and rolls back a broken one, exiting 0', () => {
    for (const pkg of ['core', 'lambda', 'testing']) {
      if (!existsSync(resolve(root, 'packages', pkg, 'dist', 'index.js'))) {
        throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
      }
    }
    const run = spawnSync(process.execPath, ['examples/quickstart/run.mjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /→ traffic shifted: orders:live serves version 2 \(expected traffic shifted\)/,
    );
    expect(run.stdout).toMatch(
      /fail {6}smoke-invoke \(2 attempts\) {2}orders:3 payload #1: expected no function error, got Unhandled TypeError/,
    );
    expect(run.stdout).toMatch(
      /fail {6}compare-versions \(non-blocking\) {2}.*body\.status: 1 gave \(absent\), 2 gave "shipped"/,
    );
    expect(run.stdout).toMatch(/→ rolled back: orders:live serves version 2 \(expected rolled back\)/);
  });
});
