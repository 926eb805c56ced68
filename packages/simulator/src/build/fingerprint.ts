// Content hashes: what a build read (to know when it can be reused) and what a version's code is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The file's hash, or undefined when it cannot be read (gone since). */
export function hashFile(path: string): string | undefined {
  try {
    return sha256Hex(readFileSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Base64 SHA-256 over each file's path and content, in path order: equal exactly when the code is.
 * Not Lambda's `CodeSha256` (a zip's hash), but it changes whenever that would.
 */
export function fingerprint(root: string, files: readonly string[]): string {
  return digest(files, (file) => readFileSync(join(root, file)));
}

/** {@link fingerprint} of files not yet written, by name. */
export function fingerprintOf(files: Readonly<Record<string, string>>): string {
  return digest(Object.keys(files), (file) => files[file]!);
}

function digest(files: readonly string[], content: (file: string) => string | Buffer): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hash.update(file).update('\0').update(content(file)).update('\0');
  return hash.digest('base64');
}

/** What SAM leaves out of a function's package: it installs dependencies afresh, and skips these. */
const NOT_CODE = new Set(['node_modules', '.git', '.aws-sam']);

/** Every file under `dir` but dependencies, tooling directories and `skip`, relative and `/`-separated. */
export function codeFiles(dir: string, skip: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      return NOT_CODE.has(entry.name) || join(dir, path) === skip ? [] : codeFiles(dir, skip, path);
    }
    return entry.isFile() ? [path] : [];
  });
}

/**
 * The files that steer a build without being read as code: the `tsconfig.json` (paths, JSX, decorators)
 * and `package.json` (`exports`, `main`, `sideEffects`, `type`) beside each input outside `node_modules`,
 * up to the project directory, whether they exist or not (one written later changes the build too). An
 * installed package changes its own files when it changes version.
 */
export function configFiles(inputs: readonly string[], projectDir: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  for (const input of inputs) {
    if (input.split(sep).includes('node_modules')) continue;
    for (let dir = dirname(input); !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      for (const name of ['tsconfig.json', 'jsconfig.json', 'package.json']) found.push(join(dir, name));
      const inside = relative(projectDir, dir);
      if (inside === '' || inside.startsWith('..') || dirname(dir) === dir) break;
    }
  }
  return found;
}
