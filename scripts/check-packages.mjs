// Package hygiene for every publishable package: publint (package.json vs files) and
// arethetypeswrong (types resolve for import and require under every module resolution).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const packagesDir = new URL('../packages/', import.meta.url).pathname;
const failures = [];

for (const dir of readdirSync(packagesDir)) {
  const root = join(packagesDir, dir);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  // Subpath exports (`@shiftguard/kit/json-schema`) cannot resolve under TypeScript's legacy `node10`
  // resolution, which no Node version that runs these packages uses: such packages are held to node16.
  const subpaths = Object.keys(manifest.exports ?? {}).filter(
    (key) => key !== '.' && key !== './package.json',
  );
  const attwArgs = subpaths.length > 0 ? ['--pack', '.', '--profile', 'node16'] : ['--pack', '.'];
  for (const [tool, args] of [
    ['publint', ['--strict']],
    ['attw', attwArgs],
  ]) {
    try {
      execFileSync('pnpm', ['exec', tool, ...args], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
      console.log(`ok   ${tool.padEnd(7)} ${manifest.name}`);
    } catch (error) {
      failures.push(manifest.name);
      console.error(`FAIL ${tool.padEnd(7)} ${manifest.name}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}

if (failures.length > 0) process.exit(1);
