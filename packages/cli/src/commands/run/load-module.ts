import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeThrown } from '@shiftguard/kit';
import { ChecksModuleLoadError, ChecksModuleNotFoundError } from '../../errors';
import { bundleTypeScript } from './bundle-typescript';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** A module's exports, as `import()` gives them. */
export type ModuleNamespace = Readonly<Record<string, unknown>>;

/**
 * Loads a checks module as the user's code runs in a hook: JavaScript through Node's own loader,
 * TypeScript bundled by esbuild first (so no build step), its packages resolved from where it lies.
 * The module runs in this process, with this process's environment: what its SDK clients read.
 *
 * @param file the module as the user named it (relative to `cwd`), which messages repeat.
 * @throws ChecksModuleNotFoundError when there is no such file.
 * @throws ChecksModuleLoadError when it does not build, or throws (or fails to import) while loading.
 */
export async function loadChecksModule(file: string, cwd: string): Promise<ModuleNamespace> {
  const path = resolve(cwd, file);
  if (!isFile(path)) throw new ChecksModuleNotFoundError(`${file}: no such file`);
  if (!TYPESCRIPT.has(extname(path))) return importing(path, path, file);
  const bundle = await bundleTypeScript(path, file);
  try {
    return await importing(bundle, path, file);
  } finally {
    await rm(bundle, { force: true });
  }
}

/** Imports `path`; what it throws is told of the user's own file (`source`), never of a bundle. */
async function importing(path: string, source: string, file: string): Promise<ModuleNamespace> {
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as ModuleNamespace;
  } catch (error) {
    const told = firstLine(describeThrown(error))
      .replaceAll(url, pathToFileURL(source).href)
      .replaceAll(path, source);
    throw new ChecksModuleLoadError(`${file} threw while loading: ${told}`, { cause: error });
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}
