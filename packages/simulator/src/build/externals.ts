// Packages a bundle leaves external must still load: the bundle runs from its own directory, far from
// the project's node_modules.
import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDirectory } from './handler';

/** `@aws-sdk/client-s3/dist` → `@aws-sdk/client-s3`; `lodash/fp` → `lodash`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Where Node finds `name` for code in `fromDir`: the first `node_modules/<name>` walking up. */
export function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (isDirectory(candidate)) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

export interface LinkedExternals {
  /** Package name → the directory linked to. */
  readonly linked: Readonly<Record<string, string>>;
  /** Packages imported but found nowhere above the code (on Lambda, the runtime provides `@aws-sdk/*` v3). */
  readonly missing: readonly string[];
}

/**
 * Links each external package the bundle imports into `<outDir>/node_modules`, taken from where Node
 * would find it for the function's own code, so that the bundle resolves it as it did before bundling
 * (ESM resolution has no `NODE_PATH` to point elsewhere).
 */
export function linkExternals(imports: readonly string[], codeDir: string, outDir: string): LinkedExternals {
  const linked: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of new Set(imports.map(packageName))) {
    const found = findPackage(name, codeDir);
    if (found === undefined) {
      missing.push(name);
      continue;
    }
    const link = join(outDir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(found, link, 'junction');
    linked[name] = found;
  }
  return { linked, missing: missing.sort() };
}

/** The names under `dependencies` of `<dir>/package.json` (none without one). */
export function dependenciesOf(dir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(manifest.dependencies ?? {});
  } catch {
    return [];
  }
}
