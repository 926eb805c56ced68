/**
 * README's main command (`pnpm demo`): `shiftguard simulate` on examples/canary-smoke, three times. A
 * good release is promoted, a broken one is caught by the PreTraffic hook before any traffic moves, and
 * one that fails one request in five is caught by the alarm during the canary step and rolled back.
 * Its output is what a newcomer reads first: nothing on stderr, no build or SDK chatter.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

describe('the main job (pnpm demo)', () => {
  it('promotes a good release, stops a broken one before traffic, and rolls back the one the alarm catches', () => {
    for (const pkg of ['cli', 'simulator', 'core', 'lambda', 'testing']) {
      if (!existsSync(resolve(root, 'packages', pkg, 'dist', 'index.js'))) {
        throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
      }
    }
    const run = spawnSync(process.execPath, ['scripts/demo.mjs', '--no-build'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [, good, broken, flaky] = run.stdout.split(/^━━━ /m);

    expect(good).toMatch(/^Promoted: sam-app-OrdersFunction:live serves version 2/m);
    expect(good).toMatch(
      /same answer as the current version fail: .* non-blocking \(warnOnly\): reported, did not block/,
    );

    expect(broken).toMatch(
      /smoke GET \/orders fail: .*expected no function error, got Unhandled Error: orders: the orders table does not exist/,
    );
    expect(broken).toMatch(/^Rolled back at \+0:00 because the BeforeAllowTraffic hook/m);
    expect(broken).not.toMatch(/traffic 10% → new version/);

    expect(flaky).toMatch(/smoke GET \/orders pass/);
    expect(flaky).toMatch(/traffic 10% → new version/);
    expect(flaky).toMatch(/sam-app-NewVersionErrorsAlarm INSUFFICIENT_DATA → ALARM/);
    expect(flaky).toMatch(
      /^Rolled back at \+1:00 because alarm sam-app-NewVersionErrorsAlarm went to ALARM/m,
    );
    expect(flaky).toMatch(/version 2 \d+, \d+ errors/);
    expect(run.stdout).toMatch(/Next: examples\/canary-smoke\/README\.md/);
    for (const name of ['promoted', 'smoke-test-fails', 'alarm-fires']) {
      expect(run.stdout).toContain(`report: reports/canary-smoke-${name}.html`);
      expect(readFileSync(resolve(root, 'reports', `canary-smoke-${name}.html`), 'utf8')).toMatch(
        /^<!doctype html>/i,
      );
    }
    expect(run.stdout).not.toMatch(/\bWARN\b|warning:|NodeVersionSupport|esbuild/i);
  });
});
