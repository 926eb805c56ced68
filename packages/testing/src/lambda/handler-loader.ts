import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPlainObject, Validator } from '@shiftguard/kit';

import type { FunctionErrorBody } from './function-error';
import { forgetCommonJsModule, importNative, type ModuleNamespace } from './realm';
import type { LambdaHandlerSource } from './types';

/** A handler as a plain function, called the way Lambda calls it. */
export type HandlerFunction = (event: unknown, context: unknown, callback: unknown) => unknown;

/** A version's code: where it comes from and what Lambda would show for it. */
export interface CodeRecord {
  readonly source: LambdaHandlerSource;
  /** `good.handler`, or `inline.handler` for an inline function. */
  readonly handlerName: string;
  readonly modulePath: string | undefined;
  readonly sha256: string;
  readonly size: number;
  /** For code uploaded as a zip, whose `sha256` is the package's: the handler file's own hash. */
  readonly moduleSha256?: string;
  /** For code uploaded as a zip: the directory it was unpacked into, where `Handler` is resolved. */
  readonly packageDir?: string;
  /** The init error every invocation meets, e.g. a zip without the handler's module. */
  readonly initError?: FunctionErrorBody;
}

export type LoadedHandler =
  | { readonly ok: true; readonly fn: HandlerFunction }
  | { readonly ok: false; readonly error: FunctionErrorBody };

const MODULE_EXTENSIONS = ['.mjs', '.cjs', '.js'];
const EXPORT_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A module load in progress or done. Modules load once per path, content (CodeSha256) and sandbox (an
 * emulator's function version), as a Lambda sandbox loads its handler once: each version runs the code
 * it was published with, even when a later version rewrote the same file, and two versions (or two
 * emulators) never share module state such as a request counter or an SDK client.
 */
interface ModuleLoad {
  readonly promise: Promise<ModuleNamespace>;
  settled: boolean;
}

const modules = new Map<string, ModuleLoad>();
/** Loads of a path + sha that failed or were abandoned: the next one imports a new URL, so Node evaluates the module afresh. */
const attempts = new Map<string, number>();
/** The content and sandbox each CommonJS path was last loaded for: Node's require cache knows a file by path only. */
const loadedSha = new Map<string, string>();
/** Inline functions with the same source text are still different code: identity goes into their hash. */
const inlineIds = new WeakMap<object, number>();
let nextInlineId = 1;

/**
 * Checks a handler source and fingerprints its code. `resolvePath` resolves relative module paths
 * (seed files); without it a module path must be absolute.
 */
export function checkHandlerSource(
  v: Validator,
  path: string,
  value: unknown,
  resolvePath?: (modulePath: string) => string,
): CodeRecord {
  if (isPlainObject(value) && typeof value.fn === 'function') {
    v.object(value, path, ['fn']);
    const fn = value.fn as (...args: unknown[]) => unknown;
    let id = inlineIds.get(fn);
    if (id === undefined) {
      id = nextInlineId;
      nextInlineId += 1;
      inlineIds.set(fn, id);
    }
    const text = `${fn.toString()}\u0000${id}`;
    return {
      source: { fn: fn as never },
      handlerName: 'inline.handler',
      modulePath: undefined,
      sha256: sha256(text),
      size: Buffer.byteLength(text),
    };
  }
  const handler = v.object(value, path, ['module', 'export']);
  const moduleAt = Validator.join(path, 'module');
  const given =
    v.string(handler.module, moduleAt) ??
    v.fail(path, 'must be { module: "/abs/path/handler.mjs", export?: "handler" } or { fn }');
  const modulePath = resolvePath === undefined ? given : resolvePath(given);
  if (!isAbsolute(modulePath)) v.wrongValue(moduleAt, 'an absolute path', given);
  if (!MODULE_EXTENSIONS.includes(extname(modulePath))) {
    v.wrongValue(moduleAt, `a file ending in ${MODULE_EXTENSIONS.join(', ')}`, given);
  }
  let content: Buffer;
  try {
    if (!statSync(modulePath).isFile()) throw new Error('not a file');
    content = readFileSync(modulePath);
  } catch {
    v.fail(moduleAt, `is not a readable file: ${modulePath}`);
  }
  const exportName =
    v.string(handler.export, Validator.join(path, 'export'), {
      pattern: EXPORT_PATTERN,
      patternHint: 'a JavaScript export name',
    }) ?? 'handler';
  return {
    source: { module: modulePath, export: exportName },
    handlerName: `${basename(modulePath, extname(modulePath))}.${exportName}`,
    modulePath,
    sha256: sha256(content),
    size: content.length,
  };
}

/**
 * The function to call, or the init error Lambda's runtime would answer with when the module is
 * missing, does not parse, throws while loading, or lacks the export.
 */
export async function loadHandler(code: CodeRecord, sandbox: string): Promise<LoadedHandler> {
  const source = code.source;
  if ('fn' in source) return { ok: true, fn: source.fn.bind(undefined) as HandlerFunction };
  if (code.initError !== undefined) return { ok: false, error: code.initError };
  const exportName = source.export ?? 'handler';
  let namespace: ModuleNamespace;
  try {
    namespace = await importModule(source.module, code.moduleSha256 ?? code.sha256, sandbox);
  } catch (error) {
    return { ok: false, error: importError(error) };
  }
  const fromDefault = namespace.default as Record<string, unknown> | undefined;
  const candidate =
    namespace[exportName] ??
    (typeof fromDefault === 'object' || typeof fromDefault === 'function'
      ? fromDefault?.[exportName]
      : undefined);
  if (candidate === undefined) {
    return {
      ok: false,
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${code.handlerName} is undefined or not exported`,
      },
    };
  }
  if (typeof candidate !== 'function') {
    return {
      ok: false,
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${code.handlerName} is not a function` },
    };
  }
  return { ok: true, fn: candidate as HandlerFunction };
}

/**
 * Forgets a load that has not finished (its invocation timed out): the next invocation loads the
 * module afresh, as Lambda re-runs a timed-out init, instead of waiting on the same load forever.
 */
export function abandonLoad(code: CodeRecord, sandbox: string): void {
  if (code.modulePath === undefined) return;
  const key = moduleKey(code.modulePath, code.moduleSha256 ?? code.sha256, sandbox);
  const load = modules.get(key);
  if (load === undefined || load.settled) return;
  modules.delete(key);
  attempts.set(key, (attempts.get(key) ?? 0) + 1);
}

/**
 * Forgets the module loads of a closed emulator's sandboxes (`prefix` is its `sandboxPrefix`): it never
 * invokes again, and a load's promise holds the async context of the invocation that started it (its
 * log capture, and through it that invocation's whole emulator), which would otherwise stay reachable
 * from this module-wide map for the life of the process.
 */
export function forgetSandboxes(prefix: string): void {
  const marker = `\u0000${prefix}/`;
  for (const key of [...modules.keys()]) if (key.includes(marker)) modules.delete(key);
  for (const key of [...attempts.keys()]) if (key.includes(marker)) attempts.delete(key);
}

function importModule(path: string, sha: string, sandbox: string): Promise<ModuleNamespace> {
  const key = moduleKey(path, sha, sandbox);
  const cached = modules.get(key);
  if (cached !== undefined) return cached.promise;
  const attempt = attempts.get(key) ?? 0;
  const promise = startImport(path, sha, sandbox, attempt);
  const load: ModuleLoad = { promise, settled: false };
  modules.set(key, load);
  promise.then(
    () => {
      load.settled = true;
    },
    () => {
      load.settled = true;
      if (modules.get(key) !== load) return;
      // Node caches a failed module by URL: the next try must use another one to evaluate it again.
      modules.delete(key);
      attempts.set(key, attempt + 1);
    },
  );
  return promise;
}

/**
 * Imports `file://…?sha=<hash>`: a new URL for new content, so Node's ESM loader evaluates the new code
 * instead of answering from its cache. The file must still hold what the version was published with;
 * the emulator reads module code from disk when a version first runs.
 */
async function startImport(
  path: string,
  sha: string,
  sandbox: string,
  attempt: number,
): Promise<ModuleNamespace> {
  const onDisk = hashFile(path);
  // A missing file is left to import(), which fails with the error Lambda's runtime reports.
  if (onDisk !== undefined && onDisk !== sha) throw new CodeChangedError(path, sha, onDisk);
  // CommonJS files load through `require.cache`, keyed by path: without this a new version of the
  // file would get the exports of the old one.
  const loadedAs = `${sha}\u0000${sandbox}`;
  if (loadedSha.get(path) !== loadedAs || attempt > 0) forgetCommonJsModule(path);
  loadedSha.set(path, loadedAs);
  const url = new URL(pathToFileURL(path).href);
  url.searchParams.set('sha', Buffer.from(sha, 'base64').toString('base64url'));
  url.searchParams.set('sandbox', sandbox);
  if (attempt > 0) url.searchParams.set('attempt', String(attempt));
  return importNative(url.href);
}

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

function moduleKey(path: string, sha: string, sandbox: string): string {
  return `${path}\u0000${sha}\u0000${sandbox}`;
}

/** A version's module file was rewritten before the version first ran: its published code is gone. */
class CodeChangedError extends Error {
  constructor(path: string, published: string, onDisk: string) {
    super(
      `${path} changed on disk after this version was published (CodeSha256 ${published}, the file now ${onDisk}). ` +
        'The emulator reads a module when a version first runs: keep one file per version, or invoke a version before rewriting its file.',
    );
    this.name = 'CodeChangedError';
  }
}

/** Mirrors the runtime's init errors: a missing module and a syntax error get their own types. */
function importError(error: unknown): FunctionErrorBody {
  const failure = error as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  const message = typeof failure?.message === 'string' ? failure.message : String(error);
  const name = typeof failure?.name === 'string' ? failure.name : 'Error';
  const trace = typeof failure?.stack === 'string' ? failure.stack.split('\n') : [];
  if (
    failure?.code === 'ERR_MODULE_NOT_FOUND' ||
    failure?.code === 'MODULE_NOT_FOUND' ||
    error instanceof CodeChangedError
  ) {
    return { errorType: 'Runtime.ImportModuleError', errorMessage: `Error: ${message}`, trace };
  }
  if (name === 'SyntaxError') {
    return { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: `SyntaxError: ${message}`, trace };
  }
  return { errorType: name, errorMessage: message, trace };
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('base64');
}
