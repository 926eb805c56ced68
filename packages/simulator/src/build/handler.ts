// `Handler` as the Lambda Node.js runtime reads it, and the module file it names.
// (aws/aws-lambda-nodejs-runtime-interface-client: `utils/handler-path.ts`, `function/module-loader.ts`)
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionSite } from './function-site';

/** `src/app.handler` → `{ moduleRoot: 'src', moduleName: 'app', exportName: 'handler' }`. */
export interface ParsedHandler {
  readonly moduleRoot: string;
  readonly moduleName: string;
  readonly exportName: string;
}

/** The runtime tries the name as written, then these, and loads the first file there. */
export const RUNTIME_EXTENSIONS = ['', '.js', '.mjs', '.cjs'] as const;

/** What the emulator takes as an export name. */
const EXPORT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const HANDLER_PATH = 'Properties.Handler';

export function parseHandler(site: FunctionSite): ParsedHandler {
  const handler = site.fn.handler;
  if (handler === undefined || handler === '') {
    return site.fail('handler', HANDLER_PATH, 'a zip function needs a Handler, e.g. app.handler');
  }
  // The runtime refuses `..` so that a handler cannot reach out of the code directory.
  if (handler.includes('..')) {
    return site.fail(
      'handler',
      HANDLER_PATH,
      `${handler} is not a valid handler name: it must not hold ".."`,
    );
  }
  const slash = handler.lastIndexOf('/');
  const base = handler.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot <= 0) {
    return site.fail(
      'handler',
      HANDLER_PATH,
      `${handler} is not a valid handler name: write <file>.<export>`,
    );
  }
  const exportName = base.slice(dot + 1);
  if (!EXPORT_NAME.test(exportName)) {
    // The runtime walks `app.handlers.main` down the module's properties; the emulator loads one export.
    return site.fail(
      'handler',
      HANDLER_PATH,
      `${handler}: the export "${exportName}" must be one JavaScript name (a nested one cannot run here)`,
    );
  }
  return { moduleRoot: slash < 0 ? '' : handler.slice(0, slash), moduleName: base.slice(0, dot), exportName };
}

/** The files the runtime looks for, in its order. */
export function handlerCandidates(dir: string, handler: ParsedHandler): string[] {
  const stem = join(dir, handler.moduleRoot, handler.moduleName);
  return RUNTIME_EXTENSIONS.map((extension) => `${stem}${extension}`);
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
