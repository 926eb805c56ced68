import * as nodeModule from 'node:module';
import { join } from 'node:path';
import vm from 'node:vm';

export type ModuleNamespace = Readonly<Record<string, unknown>>;
type Importer = (url: string) => Promise<ModuleNamespace>;

interface CommonJsModule {
  filename: string;
  paths: string[];
  exports: unknown;
  _compile(code: string, filename: string): void;
}

let importer: Importer | undefined;

/**
 * The global object of Node's main realm. It differs from `globalThis` when this code runs in a
 * sandbox such as a jest test file's vm context, where `console` and `process.env` are the sandbox's
 * copies while handler modules loaded through Node's own loader see the real ones.
 */
export function mainRealm(): typeof globalThis {
  return vm.runInThisContext('globalThis') as typeof globalThis;
}

/**
 * `import()` through Node's own ESM loader, so `.mjs`, `.cjs` and `.js` handlers load as Lambda
 * loads them. Plain `import()` does that everywhere except inside a sandbox that compiles it away:
 * jest turns it into its own `require`, which cannot load ES modules.
 */
export function importNative(url: string): Promise<ModuleNamespace> {
  importer ??= createImporter();
  return importer(url);
}

function createImporter(): Importer {
  const main = mainRealm();
  if (main === globalThis) return (url) => import(url) as Promise<ModuleNamespace>;
  return commonJsImporter(main) ?? mainContextImporter();
}

/**
 * A function compiled by Node's real CommonJS loader gets the real `import()`. The loader is reached
 * through the main realm's entry module; without one (an ESM entry point) this returns undefined.
 */
function commonJsImporter(main: typeof globalThis): Importer | undefined {
  const entry = (main.process as { mainModule?: { constructor: unknown } }).mainModule;
  if (entry === undefined) return undefined;
  try {
    const Module = entry.constructor as new (id: string) => CommonJsModule;
    const filename = join(main.process.cwd(), '__shiftguard_emulator_import__.cjs');
    const loader = new Module(filename);
    loader.filename = filename;
    loader.paths = [];
    loader._compile('module.exports = (url) => import(url);', filename);
    return loader.exports as Importer;
  } catch {
    return undefined;
  }
}

/**
 * Drops a CommonJS file from Node's own `require.cache`, so the next import evaluates the file again.
 * `node:module`'s `Module._cache` is that cache, also from inside a jest sandbox (whose `require.cache`
 * and `createRequire()` are jest's own registry).
 */
export function forgetCommonJsModule(path: string): void {
  const cache = (nodeModule as { Module?: { _cache?: Record<string, unknown> } }).Module?._cache;
  if (cache !== undefined) delete cache[path];
}

/** Node's documented way to the same loader; it prints an ExperimentalWarning, hence the last resort. */
function mainContextImporter(): Importer {
  return vm.runInThisContext('(url) => import(url)', {
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as Importer;
}
