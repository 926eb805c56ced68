// One esbuild run, silent: what it wrote, what it read, and what it said.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BuildFailure, BuildOptions, Message, Metafile, Plugin } from 'esbuild';
import type { BuildMessage } from '../errors';
import { importFilter } from './workspace';

export interface BundleResult {
  /** The files written, relative to `outdir`, `/`-separated. */
  readonly outputs: readonly string[];
  /** The source files esbuild read, absolute. */
  readonly inputs: readonly string[];
  /** Bare imports left to be resolved at run time (external), builtins aside. */
  readonly externalImports: readonly string[];
  readonly warnings: readonly BuildMessage[];
}

export type BundleOutcome =
  | { readonly ok: true; readonly result: BundleResult }
  | { readonly ok: false; readonly errors: readonly BuildMessage[] };

/** The esbuild package, loaded on first build: reading a template does not pay for it. */
type Esbuild = typeof import('esbuild');
let loaded: Promise<Esbuild> | undefined;

export function esbuildModule(): Promise<Esbuild> {
  loaded ??= import('esbuild');
  return loaded;
}

/**
 * Runs esbuild with `options` (which must set `absWorkingDir` and `outdir`), with the log silenced and a
 * metafile asked for; what it prints goes into the outcome instead, each message with its place.
 * `projectDir` is what message paths are made relative to.
 */
export async function bundle(options: BuildOptions, projectDir: string): Promise<BundleOutcome> {
  const esbuild = await esbuildModule();
  const workingDir = options.absWorkingDir!;
  const outdir = options.outdir!;
  let metafile: Metafile;
  let warnings: Message[];
  try {
    const result = await esbuild.build({ ...options, write: true, metafile: true, logLevel: 'silent' });
    metafile = result.metafile;
    warnings = result.warnings;
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    if (!Array.isArray(failure.errors)) throw error;
    return {
      ok: false,
      errors: failure.errors.map((message) => toBuildMessage(message, workingDir, projectDir)),
    };
  }
  // Metafile paths are relative to the working directory, `/`-separated.
  const outputs = Object.keys(metafile.outputs).map((path) =>
    relative(outdir, resolve(workingDir, path)).split(sep).join('/'),
  );
  const inputs = Object.keys(metafile.inputs)
    .map((path) => resolve(workingDir, path))
    .filter((path) => existsSync(path));
  const externalImports = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && isBare(imported.path)) externalImports.add(imported.path);
    }
  }
  return {
    ok: true,
    result: {
      outputs,
      inputs,
      externalImports: [...externalImports],
      warnings: warnings.map((message) => toBuildMessage(message, workingDir, projectDir)),
    },
  };
}

function isBare(specifier: string): boolean {
  return !/^(\.|\/|[A-Za-z]:[\\/]|node:)/.test(specifier) && !BUILTINS.has(specifier.split('/')[0]!);
}

const BUILTINS = new Set(builtinModules);

/** esbuild's message with its place: the file relative to the project when inside it, the column 1-based. */
export function toBuildMessage(message: Message, workingDir: string, projectDir: string): BuildMessage {
  const location = message.location;
  const text = message.pluginName === '' ? message.text : `[${message.pluginName}] ${message.text}`;
  if (!location) return { text };
  const absolute = resolve(workingDir, location.file);
  const inside = relative(projectDir, absolute);
  const file = inside.startsWith('..') || isAbsolute(inside) ? absolute : inside.split(sep).join('/');
  return { text, file, line: location.line, column: location.column + 1, lineText: location.lineText };
}

/** `src/app.ts:3:14: text`, or the text alone. */
export function formatMessage(message: BuildMessage): string {
  if (message.file === undefined) return message.text;
  const at = message.line === undefined ? message.file : `${message.file}:${message.line}:${message.column}`;
  return `${at}: ${message.text}`;
}

const RESOLVING = Symbol('resolving from the working tree');

/**
 * For a snapshot whose `node_modules` link to the working tree: an import of a workspace package (linked
 * into `node_modules` by npm, pnpm or yarn, so resolving into the working tree's own sources) is read
 * from the snapshot instead, so the old version builds with the old version of that package too.
 */
export function snapshotSources(
  workingTree: string,
  projectDir: string,
  packages: readonly string[],
): Plugin {
  return {
    name: 'snapshot-sources',
    setup(build) {
      // Only the workspace packages: a round trip to this plugin for every import would triple the time
      // of a bundle that imports the AWS SDK.
      build.onResolve({ filter: importFilter(packages) }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          with: args.with,
          pluginData: RESOLVING,
        });
        if (found.errors.length > 0 || found.external || found.namespace !== 'file') return undefined;
        const inTree = relative(workingTree, found.path);
        if (inTree.startsWith('..') || isAbsolute(inTree) || inTree.split(sep).includes('node_modules')) {
          return { path: found.path, sideEffects: found.sideEffects };
        }
        const inSnapshot = join(projectDir, inTree);
        return { path: existsSync(inSnapshot) ? inSnapshot : found.path, sideEffects: found.sideEffects };
      });
    },
  };
}
