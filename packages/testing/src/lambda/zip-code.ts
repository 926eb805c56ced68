import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve, sep } from 'node:path';
// fflate: a dependency-free, ~30 kB (8 kB for the unzip half) pure-JS zip reader with a synchronous
// API, maintained and widely used; yauzl or adm-zip are larger, stream-first or pull in more.
import { unzipSync } from 'fflate';
import { ServiceError } from '../service-error';
import { type CodeRecord, sha256 } from './handler-loader';

/** Lambda's limit on a deployment package once unzipped. */
const MAX_UNZIPPED_BYTES = 262_144_000;

/**
 * The order Lambda's Node.js runtimes try a handler module's file in (the runtime interface client's
 * `_tryRequire`): `.js`, then `.mjs`, then `.cjs`. An extensionless file is not emulated.
 */
const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/**
 * Deployment packages uploaded over the wire, unpacked under one temporary directory the emulator
 * owns: `<root>/<function>/<n>/`, a fresh `n` for every upload so a version's files never change.
 * Made on the first upload, removed by {@link close}.
 */
export class CodeStore {
  private root: string | undefined;
  private uploads = 0;

  /**
   * Unzips `zip` in memory and writes its files out; the code record resolves `handler` in it. A zip
   * that does not unzip is Lambda's `InvalidParameterValueException`.
   */
  unpack(functionName: string, zip: Uint8Array, handler: string): CodeRecord {
    const files = unzipPackage(zip);
    if (this.root === undefined) this.root = mkdtempSync(join(tmpdir(), 'shiftguard-lambda-'));
    this.uploads += 1;
    const dir = join(this.root, functionName, String(this.uploads));
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of files) {
      const target = resolve(dir, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    return resolveHandler(dir, handler, sha256(Buffer.from(zip)), zip.length);
  }

  /** Checks that `zip` unzips, without writing anything (`DryRun`). */
  check(zip: Uint8Array): void {
    unzipPackage(zip);
  }

  /** Removes a deleted function's files. */
  forget(functionName: string): void {
    if (this.root !== undefined) rmSync(join(this.root, functionName), { recursive: true, force: true });
  }

  close(): void {
    if (this.root !== undefined) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}

/**
 * Resolves a `Handler` (`index.handler`, `src/app.handler`) in an unpacked package as Lambda's Node.js
 * runtime does. What the runtime would fail on at init (a malformed name, no such module) becomes the
 * code's init error, met by every invocation, as in Lambda: creating the function still succeeds.
 */
export function resolveHandler(dir: string, handler: string, zipSha256: string, size: number): CodeRecord {
  const base = { handlerName: handler, sha256: zipSha256, size, packageDir: dir };
  const slash = handler.lastIndexOf('/');
  const moduleRoot = handler.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(handler.slice(slash + 1));
  const missingAt = join(dir, `${handler}.js`);
  if (match === null || handler.includes('..')) {
    return {
      ...base,
      source: { module: missingAt, export: 'handler' },
      modulePath: undefined,
      initError: {
        errorType: 'Runtime.MalformedHandlerName',
        errorMessage: handler.includes('..') ? "'..' is not allowed in handler name" : 'Bad handler',
      },
    };
  }
  const moduleName = match[1] as string;
  const exportName = match[2] as string;
  const stem = join(dir, moduleRoot, moduleName);
  for (const extension of HANDLER_EXTENSIONS) {
    const modulePath = `${stem}${extension}`;
    if (!isFile(modulePath)) continue;
    return {
      ...base,
      source: { module: modulePath, export: exportName },
      modulePath,
      moduleSha256: sha256(readFileSync(modulePath)),
    };
  }
  return {
    ...base,
    source: { module: `${stem}.js`, export: exportName },
    modulePath: undefined,
    initError: {
      errorType: 'Runtime.ImportModuleError',
      errorMessage: `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`,
    },
  };
}

function unzipPackage(zip: Uint8Array): [string, Uint8Array][] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw new ServiceError(
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  }
  const files: [string, Uint8Array][] = [];
  let total = 0;
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    // A name climbing out of the package (`../x`) or rooted elsewhere is refused, never written.
    const normalized = posix.normalize(name.replaceAll('\\', '/'));
    if (posix.isAbsolute(normalized) || normalized.startsWith('../') || normalized === '..') {
      throw new ServiceError(
        'InvalidParameterValueException',
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      );
    }
    total += content.length;
    files.push([normalized.split('/').join(sep), content]);
  }
  if (total > MAX_UNZIPPED_BYTES) {
    throw new ServiceError(
      'InvalidParameterValueException',
      `Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`,
    );
  }
  return files;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
