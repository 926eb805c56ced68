// The real test of the CLI is the built file people run: `node packages/cli/dist/bin.js <command>`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const packageDir = resolve(__dirname, '..');
export const cliPath = join(packageDir, 'dist', 'bin.js');
const packagesDir = resolve(packageDir, '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!/\.test(-support)?\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The CLI's package directory and those of the workspace packages it runs on, transitively. */
function workspaceClosure(dir: string, seen = new Set<string>()): Set<string> {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@shiftguard/'))
      workspaceClosure(join(packagesDir, name.slice('@shiftguard/'.length)), seen);
  }
  return seen;
}

/**
 * `pnpm test` builds before jest; a bare `npx jest` after editing the CLI's sources, or those of a
 * package it runs on (the simulator, the emulator), must not test a stale build.
 */
export function ensureBuilt(): void {
  const built = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  const newest = Math.max(...[...workspaceClosure(packageDir)].map((dir) => newestSource(join(dir, 'src'))));
  if (built < newest) {
    execFileSync('pnpm', ['--filter', '@shiftguard/cli...', 'run', 'build'], {
      cwd: packageDir,
      stdio: 'pipe',
    });
  }
}
