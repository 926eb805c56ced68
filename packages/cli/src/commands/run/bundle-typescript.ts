import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import type { BuildFailure, Message } from 'esbuild';
import { ChecksModuleLoadError } from '../../errors';

/** What names the bundle's file, so a stray one (a killed run) says where it came from. */
export const BUNDLE_PREFIX = '.shiftguard-run-';

/**
 * Bundles a TypeScript checks module into an ES module Node can import, and returns the bundle's
 * path; the caller deletes it once imported.
 *
 * The bundle is written beside the module, in its own directory, rather than in a temporary one:
 * the user's own files are bundled, but every package import stays external (`packages: 'external'`)
 * and is resolved by Node at run time, from the bundle's location; beside the module, a bare import
 * finds the same `node_modules` the module would (ES modules have no `NODE_PATH` to point elsewhere),
 * and a path the module makes from `import.meta.url` points where it did.
 *
 * @throws ChecksModuleLoadError when esbuild cannot build it, with the first error's place.
 */
export async function bundleTypeScript(path: string, shownAs: string): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = dirname(path);
  const outfile = join(dir, `${BUNDLE_PREFIX}${randomBytes(6).toString('hex')}.mjs`);
  try {
    await esbuild.build({
      entryPoints: [path],
      outfile,
      absWorkingDir: dir,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: true,
      logLevel: 'silent',
      // An ES module has no require, __filename or __dirname; TypeScript written for CommonJS (a .cts
      // file, a require() of a package) uses them. `define` renames only the free variables, so a
      // module that declares its own keeps it.
      define: { __filename: '__shiftguardFilename', __dirname: '__shiftguardDirname' },
      banner: {
        js: [
          "import { createRequire as __shiftguardCreateRequire } from 'node:module';",
          'const require = __shiftguardCreateRequire(import.meta.url);',
          `const __shiftguardFilename = ${JSON.stringify(path)};`,
          `const __shiftguardDirname = ${JSON.stringify(dir)};`,
        ].join('\n'),
      },
    });
  } catch (error) {
    const errors = (error as Partial<BuildFailure>).errors;
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new ChecksModuleLoadError(`${located(errors[0]!, dir, shownAs, basename(path))}${more}`, {
      cause: error,
    });
  }
  return outfile;
}

/**
 * `checks.ts:3:7: does not build: text`, as compilers put it (an editor jumps there), the file as
 * the user named it when it is the module itself.
 */
function located(message: Message, dir: string, shownAs: string, own: string): string {
  const location = message.location;
  if (!location) return `${shownAs} does not build: ${message.text}`;
  const file = location.file === own ? shownAs : relative(process.cwd(), join(dir, location.file));
  return `${file}:${location.line}:${location.column + 1}: does not build: ${message.text}`;
}
