// The workspace packages of a snapshot: those its linked `node_modules` lead back into the working
// tree's own sources through (npm, pnpm and yarn link workspace packages that way).
import { type Dirent, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

const found = new Map<string, readonly string[]>();

/**
 * The names of the packages reachable from `snapshot`'s `node_modules` whose directory is in
 * `workingTree` outside any `node_modules`. Worked out once per snapshot: a commit's files never change.
 */
export function workspacePackages(snapshot: string, workingTree: string): readonly string[] {
  const key = `${snapshot}\0${workingTree}`;
  let names = found.get(key);
  if (names === undefined) {
    const all = new Set<string>();
    for (const modules of nodeModulesDirs(snapshot)) {
      for (const name of packagesIn(modules)) {
        if (isSource(join(modules, name), workingTree)) all.add(name);
      }
    }
    names = [...all].sort();
    found.set(key, names);
  }
  return names;
}

/** Every `node_modules` of the tree, without looking inside them. */
function nodeModulesDirs(dir: string): string[] {
  return entries(dir).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules') return [path];
    return entry.isDirectory() && entry.name !== '.git' ? nodeModulesDirs(path) : [];
  });
}

/** `lodash`, `@acme/shared`: the packages directly in a `node_modules`. */
function packagesIn(modules: string): string[] {
  return entries(modules).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    if (!entry.name.startsWith('@')) return [entry.name];
    return entries(join(modules, entry.name)).map((scoped) => `${entry.name}/${scoped.name}`);
  });
}

function isSource(path: string, workingTree: string): boolean {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return false;
  }
  const inside = relative(workingTree, real);
  return !(inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('node_modules'));
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** A filter matching imports of `names` and their subpaths, for esbuild's `onResolve`. */
export function importFilter(names: readonly string[]): RegExp {
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})(?:/|$)`);
}
