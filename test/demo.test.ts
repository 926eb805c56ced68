/** README's main command runs this demo: it must show one deployment shifting and one rolling back. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

describe('the quickstart demo (pnpm demo)', () => {
  it('judges a good and a bad version through the emulator and exits 0', () => {
    for (const pkg of ['core', 'testing']) {
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
    expect(run.stdout).toMatch(/verdict: Succeeded/);
    expect(run.stdout).toMatch(/CodeDeploy recorded: Failed \(1 accepted report\(s\)/);
    expect(run.stdout).toMatch(/fail {6}health-endpoint \(3 attempts\) {2}GET \/health answered 503/);
    expect(run.stdout).toMatch(/→ rolled back \(expected rolled back\)/);
  });
});
