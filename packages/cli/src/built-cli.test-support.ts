// The real test of the CLI is the built file people run: `node packages/cli/dist/bin.js <command>`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
    devDependencies?: Record<string, string>;
  };
  // Development dependencies too: what the tests' fixtures import (a checks module's @shiftguard/lambda)
  // is loaded from its build.
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
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
  if (!stale()) return;
  // Test files run in parallel workers, and a build empties dist/ first: one worker builds while
  // the others wait, rather than run a half-written build.
  const lock = join(packageDir, 'node_modules', '.cache', 'ensure-built.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  while (!tryLock(lock)) {
    if (Date.now() > deadline) throw new Error(`another test worker held ${lock} for five minutes`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  try {
    if (stale()) {
      execFileSync('pnpm', ['--filter', '@shiftguard/cli...', 'run', 'build'], {
        cwd: packageDir,
        stdio: 'pipe',
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function stale(): boolean {
  const built = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  const newest = Math.max(...[...workspaceClosure(packageDir)].map((dir) => newestSource(join(dir, 'src'))));
  return built < newest;
}

/** Takes the lock (a directory: creating one is atomic); one a killed worker left is taken over after ten minutes. */
function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
    } catch {
      // Released meanwhile: the next try takes it.
    }
    return false;
  }
}
