// A function's code made ready for the emulator's Lambda, as `sam build` would make it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isPlainObject, type Validator } from '@shiftguard/kit';
import type { BuildOptions } from 'esbuild';
import type { BuildMessage } from '../errors';
import { optionsValidator } from '../options';
import type { SamFunction } from '../template/model';
import { BUILD_PROPERTIES_PATH, type EsbuildProperties, readBuildProperties } from './build-properties';
import { bundle, esbuildModule, formatMessage, snapshotSources } from './bundle';
import { dependenciesOf, linkExternals } from './externals';
import { codeFiles, configFiles, fingerprint, fingerprintOf, hashFile, sha256Hex } from './fingerprint';
import { FunctionSite } from './function-site';
import {
  HANDLER_PATH,
  handlerCandidates,
  isDirectory,
  isFile,
  type ParsedHandler,
  parseHandler,
  RUNTIME_EXTENSIONS,
} from './handler';
import { workspacePackages } from './workspace';

export interface BuildFunctionOptions {
  /** The root of this version's files (a `CodeSource`'s `projectDir`): code outside it is not this version's. */
  readonly projectDir: string;
  /** The directory of this version's template: `CodeUri` resolves from it. */
  readonly templateDir: string;
  /**
   * Where built code goes: `<outDir>/<LogicalId>/<version>/<hash>/`, so the old and the new code of a
   * function never share a file. Builds are reused from here while their inputs are unchanged.
   */
  readonly outDir: string;
  /** Which version this is, e.g. `from` or `to`: letters, digits, `.`, `_` and `-`. */
  readonly version: string;
  /** The template as messages name it. Default `templateDir`. */
  readonly templateFile?: string;
  /** The version as messages name it, e.g. a `CodeSource`'s `label`. */
  readonly label?: string;
  /**
   * For a git snapshot (a `CodeSource`'s `workingTree`): the working tree its `node_modules` link to.
   * An import that lands in the working tree's own sources through them (a workspace package) is read
   * from the snapshot instead.
   */
  readonly workingTree?: string;
}

/** What the emulator loads: `createFunction({ handler: built.handler })` takes it as it is. */
export interface HandlerModule {
  readonly module: string;
  readonly export: string;
}

export interface BuiltFunction {
  readonly handler: HandlerModule;
  /**
   * `esbuild`: bundled under `outDir`; `inline`: `InlineCode` written there as `index.js`; `as-is`: the
   * `CodeUri` directory run in place (no build method, or the npm builder: `BuildMethod: nodejs22.x`).
   */
  readonly method: 'esbuild' | 'inline' | 'as-is';
  /** The directory the code runs from, what Lambda would have as `/var/task`. */
  readonly codeDir: string;
  /**
   * Base64 SHA-256 over the code: every file built, or for `as-is` every file of `CodeUri` but
   * `node_modules`. Equal for equal code, so two versions can be told apart (or not) by it.
   */
  readonly sha256: string;
  /** The files written, absolute (none for `as-is`). */
  readonly files: readonly string[];
  /** Whether an earlier build with the same inputs was reused. */
  readonly cached: boolean;
  readonly durationMs: number;
  /** esbuild's warnings, and where this code would behave otherwise under `sam build` and Lambda. */
  readonly warnings: readonly BuildMessage[];
  /** External packages the bundle imports that cannot be found from `CodeUri`. */
  readonly missingExternals: readonly string[];
  /** `Sourcemap` is on: SAM then adds `--enable-source-maps` to the function's `NODE_OPTIONS`. */
  readonly enableSourceMaps: boolean;
}

interface Settings {
  readonly projectDir: string;
  readonly templateDir: string;
  readonly outDir: string;
  readonly version: string;
  readonly templateFile: string;
  readonly label: string | undefined;
  readonly workingTree: string | undefined;
}

/** Bumped when what a build writes changes, so older cached builds are not reused. */
const BUILD_FORMAT = 1;
const OPTION_KEYS = [
  'projectDir',
  'templateDir',
  'outDir',
  'version',
  'templateFile',
  'label',
  'workingTree',
];
const NODE_RUNTIME = /^nodejs\d+\.x$/;
/** SAM's esbuild builder's own defaults (aws-lambda-builders `EsbuildCommandBuilder.build_default_values`). */
const SAM_DEFAULT_TARGET = 'es2020';

/** Builds of one function and version under way: a second call waits for the first. */
const building = new Map<string, Promise<Built>>();

/**
 * Makes a function's code ready for the emulator's Lambda, as `sam build` then Lambda's Node.js runtime
 * would:
 *
 * - `Metadata.BuildMethod: esbuild`: bundled with esbuild, `BuildProperties` read as SAM's esbuild
 *   builder reads them (defaults `Target: es2020`, `Format: cjs`, `Minify: true`; everything bundled
 *   unless `External` says otherwise), the output named after its entry point (`src/app.handler` →
 *   `app.js`). A build is reused while the files it read are unchanged.
 * - no build method, or the npm builder (`BuildMethod: nodejs22.x`): the `CodeUri` directory as it is,
 *   `Handler` resolved as the runtime resolves it (`src/app` → `src/app.js`, `.mjs`, `.cjs`).
 * - `InlineCode` / `ZipFile`: written as `index.js`.
 *
 * @throws {BuildError} naming the template's file, line and property: no such `CodeUri` or handler file
 *   (with the files tried), code that cannot run in-process (S3, image), a non-Node runtime, an
 *   unsupported build method, a bad `BuildProperties` key or value, esbuild's own errors (with their
 *   file, line and column).
 * @throws {InvalidSimulatorOptionsError} for bad options.
 *
 * @example
 * ```ts
 * const model = readSamTemplate('template.yaml');
 * const orders = model.functions.find((fn) => fn.logicalId === 'OrdersFunction')!;
 * const built = await buildFunction(orders, { projectDir: '.', templateDir: '.', outDir: tmp, version: 'to' });
 * emulator.lambda.createFunction({ functionName: orders.functionName, handler: built.handler });
 * ```
 */
export async function buildFunction(fn: SamFunction, options: BuildFunctionOptions): Promise<BuiltFunction> {
  const started = performance.now();
  const v = optionsValidator('buildFunction');
  if (!isPlainObject(fn) || typeof fn.logicalId !== 'string' || !isPlainObject(fn.locations)) {
    v.wrongType('fn', 'a function of a SamModel', fn);
  }
  const settings = readOptions(v, options);
  const key = join(settings.outDir, fn.logicalId, settings.version);
  let running = building.get(key);
  if (running === undefined) {
    running = build(fn, settings).finally(() => building.delete(key));
    building.set(key, running);
  }
  return { ...(await running), durationMs: performance.now() - started };
}

type Built = Omit<BuiltFunction, 'durationMs'>;

async function build(fn: SamFunction, settings: Settings): Promise<Built> {
  const site = new FunctionSite(fn, settings.templateFile, settings.label);
  const code = fn.code ?? { kind: 'path' as const, path: '.' };
  const lambda = fn.resourceType === 'AWS::Lambda::Function';
  if (code.kind === 's3') {
    return site.fail(
      'code-kind',
      lambda ? 'Properties.Code' : 'Properties.CodeUri',
      `the code is an S3 object (s3://${code.bucket}/${code.key}); only local code can run here`,
    );
  }
  if (code.kind === 'image') {
    return site.fail(
      'code-kind',
      lambda ? 'Properties.Code.ImageUri' : 'Properties.ImageUri',
      `a container image (${code.imageUri}) cannot run in-process; only zip functions on Node.js can`,
    );
  }
  checkRuntime(site);
  if (code.kind === 'inline') {
    return inline(site, code.code, settings);
  }
  const method = fn.build?.method;
  if (method !== undefined && method !== 'esbuild' && !NODE_RUNTIME.test(method)) {
    return site.fail(
      'build-method',
      'Metadata.BuildMethod',
      `BuildMethod ${method} cannot run here: only esbuild, and the Node.js npm builder (BuildMethod: nodejs22.x), can`,
    );
  }
  const properties = method === 'esbuild' ? readBuildProperties(site, fn.build!.properties) : undefined;
  const codeUriPath =
    fn.code === undefined ? 'Properties' : lambda ? 'Properties.Code' : 'Properties.CodeUri';
  const codeDir = codeDirectory(site, code.path, codeUriPath, settings);
  const warnings: BuildMessage[] = [];
  if (!isInside(settings.projectDir, codeDir)) {
    warnings.push(
      site.note(
        codeUriPath,
        `${codeDir} is outside the project (${settings.projectDir}): every version reads it as it is on disk now`,
      ),
    );
  }
  const handler = parseHandler(site);
  if (properties === undefined) return asIs(site, handler, codeDir, settings.outDir, warnings);
  return bundled(site, handler, properties, codeDir, codeUriPath, settings, warnings);
}

function checkRuntime(site: FunctionSite): void {
  const runtime = site.fn.runtime;
  if (runtime === undefined) {
    site.fail('runtime', 'Properties.Runtime', 'a zip function needs a Runtime, e.g. nodejs22.x');
  }
  if (!NODE_RUNTIME.test(runtime)) {
    site.fail(
      'runtime',
      'Properties.Runtime',
      `Runtime ${runtime} cannot run here: only Node.js (nodejs22.x, …) can`,
    );
  }
}

function codeDirectory(site: FunctionSite, written: string, path: string, settings: Settings): string {
  const dir = resolve(settings.templateDir, written);
  if (isDirectory(dir)) return dir;
  if (isFile(dir)) {
    return site.fail(
      'code-uri',
      path,
      `${written} is a file (${dir}); only a directory CodeUri can run here`,
    );
  }
  const outside = isInside(settings.projectDir, dir) ? '' : `, outside ${settings.projectDir}`;
  return site.fail('code-uri', path, `${written}: no directory ${dir}${outside}`);
}

function asIs(
  site: FunctionSite,
  handler: ParsedHandler,
  codeDir: string,
  outDir: string,
  warnings: BuildMessage[],
): Built {
  const tried = handlerCandidates(codeDir, handler);
  const found = tried.find(isFile);
  if (found === undefined) {
    const stem = tried[0]!;
    const typescript = ['.ts', '.mts', '.cts', '.tsx'].map((extension) => stem + extension).find(isFile);
    const hint =
      typescript === undefined
        ? ''
        : `; ${typescript} is TypeScript, which runs only once built: add Metadata.BuildMethod: esbuild`;
    return site.fail(
      'handler',
      HANDLER_PATH,
      `${site.fn.handler}: no file for it in CodeUri ${codeDir}: tried ${tried.join(', ')}${hint}`,
      { tried },
    );
  }
  if (extname(found) === '') refuseExtensionless(site, found);
  const typeNote = packageTypeAbove(found, codeDir);
  if (typeNote !== undefined) warnings.push(site.note(HANDLER_PATH, typeNote));
  return {
    handler: { module: found, export: handler.exportName },
    method: 'as-is',
    codeDir,
    // Built code of other functions is not this one's, should the output directory be inside CodeUri.
    sha256: fingerprint(codeDir, codeFiles(codeDir, outDir)),
    files: [],
    cached: false,
    warnings,
    missingExternals: [],
    enableSourceMaps: false,
  };
}

function refuseExtensionless(site: FunctionSite, file: string): never {
  return site.fail(
    'handler',
    HANDLER_PATH,
    `${file} has no extension: Lambda loads it, but the emulator loads only .js, .mjs and .cjs files`,
    { tried: [file] },
  );
}

/**
 * Node reads a `.js` file's module type from the nearest `package.json`; Lambda gets only `CodeUri`, so
 * one above it (a monorepo's root with `"type": "module"`) applies here and not there.
 */
function packageTypeAbove(module: string, codeDir: string): string | undefined {
  if (extname(module) !== '.js') return undefined;
  for (let dir = dirname(module); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (isFile(manifest)) {
      if (isInside(codeDir, dir)) return undefined;
      const type = readType(manifest);
      if (type === undefined) return undefined;
      return `${relative(codeDir, module)} is loaded by the "type": "${type}" of ${manifest}, above CodeUri; Lambda gets only CodeUri, where .js files are CommonJS`;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readType(manifest: string): string | undefined {
  try {
    const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

/** Lambda writes inline code to `index.js` (CloudFormation's `Code.ZipFile`). */
function inline(site: FunctionSite, source: string, settings: Settings): Built {
  const handler = parseHandler(site);
  if (handler.moduleRoot !== '' || handler.moduleName !== 'index') {
    return site.fail(
      'handler',
      HANDLER_PATH,
      `${site.fn.handler}: inline code is written to index.js, so the handler must be index.<export>`,
    );
  }
  const sha256 = fingerprintOf({ 'index.js': source });
  const dir = join(settings.outDir, site.fn.logicalId, settings.version, `inline-${hexOf(sha256)}`);
  if (!existsSync(dir)) {
    const scratch = scratchDir(settings, site.fn);
    writeFileSync(join(scratch, 'index.js'), source);
    writeFileSync(join(scratch, 'package.json'), PACKAGE_BOUNDARY);
    settle(scratch, dir);
  }
  return {
    handler: { module: join(dir, 'index.js'), export: handler.exportName },
    method: 'inline',
    codeDir: dir,
    sha256,
    files: [join(dir, 'index.js')],
    cached: false,
    warnings: [],
    missingExternals: [],
    enableSourceMaps: false,
  };
}

/**
 * Written beside built code so that Node stops looking for a `package.json` there: an output directory
 * inside a project with `"type": "module"` would otherwise turn a CommonJS `app.js` into ESM. With no
 * `type`, `.js` means what it means in Lambda's `/var/task`, which has no `package.json`.
 */
const PACKAGE_BOUNDARY = '{}\n';

interface Manifest {
  readonly key: string;
  /** Every file the build read, with its hash. */
  readonly inputs: readonly (readonly [string, string])[];
  readonly built: Built;
}

async function bundled(
  site: FunctionSite,
  handler: ParsedHandler,
  properties: EsbuildProperties,
  codeDir: string,
  codeUriPath: string,
  settings: Settings,
  warnings: BuildMessage[],
): Promise<Built> {
  const esbuild = await esbuildModule();
  const entryPoints = resolveEntryPoints(site, codeDir, properties.entryPoints);
  const present = properties.present;
  const snapshot =
    settings.workingTree !== undefined && settings.workingTree !== settings.projectDir
      ? settings.workingTree
      : undefined;
  const options: BuildOptions = {
    ...properties.options,
    entryPoints,
    bundle: true,
    platform: 'node',
    absWorkingDir: codeDir,
    target: present.has('Target') ? properties.options.target : SAM_DEFAULT_TARGET,
    format: present.has('Format') ? properties.options.format : 'cjs',
    minify: present.has('Minify') ? properties.options.minify : true,
    ...(properties.externalDependencies && { external: dependenciesOf(codeDir) }),
  };
  const key = sha256Hex(
    JSON.stringify({ BUILD_FORMAT, esbuild: esbuild.version, options, snapshot, handler: site.fn.handler }),
  );
  const versionDir = join(settings.outDir, site.fn.logicalId, settings.version);
  const manifestPath = join(versionDir, 'build.json');
  const reused = reuse(manifestPath, key);
  if (reused !== undefined) return { ...reused, cached: true };

  const scratch = scratchDir(settings, site.fn);
  try {
    const packages = snapshot === undefined ? [] : workspacePackages(settings.projectDir, snapshot);
    const plugins = packages.length === 0 ? [] : [snapshotSources(snapshot!, settings.projectDir, packages)];
    const outcome = await bundle({ ...options, outdir: scratch, plugins }, settings.projectDir);
    if (!outcome.ok) {
      const messages = outcome.errors;
      return site.fail(
        'bundle',
        // An error with no place in the code is about the options: point at BuildProperties.
        messages.every((message) => message.file === undefined)
          ? BUILD_PROPERTIES_PATH
          : 'Metadata.BuildMethod',
        `esbuild failed:\n${messages.map((message) => `  ${formatMessage(message)}`).join('\n')}`,
        { messages },
      );
    }
    const { outputs, inputs, externalImports } = outcome.result;
    const module = builtModule(site, handler, outputs);
    const externals = linkExternals(externalImports, codeDir, scratch);
    writeFileSync(join(scratch, 'package.json'), PACKAGE_BOUNDARY);
    const sha256 = fingerprint(scratch, outputs);
    // The directory is named by the code and what it links to: a path never holds two contents.
    const dir = join(versionDir, hexOf(sha256Hex(`${sha256}${JSON.stringify(externals.linked)}`)));
    settle(scratch, dir);
    const notes = [
      ...outcome.result.warnings,
      ...properties.ignored.map(({ key: name, why }) =>
        site.note(`${BUILD_PROPERTIES_PATH}.${name}`, `SAM ignores ${name}: ${why}`),
      ),
      ...outsideCodeUri(site, inputs, codeDir, settings.projectDir, codeUriPath),
      ...(externals.missing.length === 0
        ? []
        : [
            site.note(
              present.has('External') ? `${BUILD_PROPERTIES_PATH}.External` : BUILD_PROPERTIES_PATH,
              `left external but not installed above CodeUri: ${externals.missing.join(', ')}; importing them will fail here`,
            ),
          ]),
    ];
    const built: Built = {
      handler: { module: join(dir, module), export: handler.exportName },
      method: 'esbuild',
      codeDir: dir,
      sha256,
      files: outputs.map((output) => join(dir, output)),
      cached: false,
      warnings: [...warnings, ...notes],
      missingExternals: externals.missing,
      enableSourceMaps: sourceMapsOn(properties.options.sourcemap),
    };
    const read = [...inputs, ...configFiles(inputs, settings.projectDir)];
    const manifest: Manifest = {
      key,
      inputs: read.map((path) => [path, hashFile(path) ?? ''] as const),
      built,
    };
    writeAtomically(manifestPath, JSON.stringify(manifest));
    return built;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The entry points' files: each as written, or without an extension `.ts` then `.js`, as SAM looks. */
function resolveEntryPoints(site: FunctionSite, codeDir: string, written: string[] | undefined): string[] {
  // SAM's default entry point is the handler up to its first dot (`src/app.handler` → `src/app`).
  const entries = written ?? [site.fn.handler!.split('.')[0]!];
  return entries.map((entry, index) => {
    const path = written === undefined ? HANDLER_PATH : `${BUILD_PROPERTIES_PATH}.EntryPoints[${index}]`;
    const base = resolve(codeDir, entry);
    const tried = extname(entry) === '' ? [`${base}.ts`, `${base}.js`] : [base];
    const found = tried.find(isFile);
    if (found !== undefined) return found;
    const why = written === undefined ? ' (without EntryPoints SAM bundles the handler’s file)' : '';
    return site.fail(
      'entry-point',
      path,
      `entry point ${entry}: no such file: tried ${tried.join(', ')}${why}`,
      {
        tried,
      },
    );
  });
}

/**
 * The bundle file the handler names. SAM rewrites `Handler` to its file name when the bundle is not at
 * the path written (aws-sam-cli `lib/build/bundler.py`, `_update_function_handler`): `src/app.handler`
 * runs `app.js` from the output's root. Then the runtime's own lookup.
 */
function builtModule(site: FunctionSite, handler: ParsedHandler, outputs: readonly string[]): string {
  const written =
    handler.moduleRoot === '' ? handler.moduleName : `${handler.moduleRoot}/${handler.moduleName}`;
  const stem = outputs.includes(`${written}.js`) ? written : handler.moduleName;
  const tried = RUNTIME_EXTENSIONS.map((extension) => `${stem}${extension}`);
  const found = tried.find((path) => outputs.includes(path));
  if (found === undefined) {
    return site.fail(
      'handler',
      HANDLER_PATH,
      `${site.fn.handler}: esbuild wrote no file for it: looked for ${tried.join(', ')} among ${outputs.join(', ')}`,
      { tried },
    );
  }
  if (extname(found) === '') refuseExtensionless(site, found);
  return found;
}

/**
 * `sam build` copies `CodeUri` alone to a scratch directory before bundling (unless
 * `--build-in-source`): an import reaching out of it works here and fails there. A file of another
 * package (its nearest `package.json` is not the function's) is a dependency, which npm installs
 * there, whether it came through `node_modules` or a workspace link.
 */
function outsideCodeUri(
  site: FunctionSite,
  inputs: readonly string[],
  codeDir: string,
  projectDir: string,
  codeUriPath: string,
): BuildMessage[] {
  const own = nearestManifest(codeDir);
  const outside = inputs.filter(
    (input) =>
      !isInside(codeDir, input) &&
      !input.split(sep).includes('node_modules') &&
      nearestManifest(dirname(input)) === own,
  );
  if (outside.length === 0) return [];
  const first = relative(projectDir, outside[0]!);
  return [
    site.note(
      codeUriPath,
      `the bundle reads ${outside.length} file(s) outside CodeUri (${first}${outside.length > 1 ? ', …' : ''}); ` +
        'sam build copies only CodeUri before bundling, unless --build-in-source',
    ),
  ];
}

/** A build from before whose inputs all still hash the same, or undefined. */
function reuse(manifestPath: string, key: string): Built | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.key !== key || !existsSync(manifest.built.handler.module)) return undefined;
  for (const [path, hash] of manifest.inputs) if ((hashFile(path) ?? '') !== hash) return undefined;
  return manifest.built;
}

function scratchDir(settings: Settings, fn: SamFunction): string {
  const parent = join(settings.outDir, fn.logicalId, settings.version);
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, '.build-'));
}

/** Moves a finished build into place; one already there holds the same content and wins. */
function settle(scratch: string, dir: string): void {
  try {
    if (!existsSync(dir)) renameSync(scratch, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function writeAtomically(path: string, content: string): void {
  const scratch = `${path}.${process.pid}.tmp`;
  writeFileSync(scratch, content);
  renameSync(scratch, path);
}

/** Sixteen hex digits of a hash (base64 or hex), for a directory name. */
function hexOf(hash: string): string {
  const hex = /^[0-9a-f]+$/.test(hash) ? hash : Buffer.from(hash, 'base64').toString('hex');
  return hex.slice(0, 16);
}

function sourceMapsOn(sourcemap: BuildOptions['sourcemap']): boolean {
  return sourcemap !== undefined && sourcemap !== false;
}

function isInside(dir: string, path: string): boolean {
  const inside = relative(dir, path);
  return inside === '' || !(inside.startsWith('..') || isAbsolute(inside));
}

function readOptions(v: Validator, input: unknown): Settings {
  const options = v.object(input, '', OPTION_KEYS);
  const dir = (key: string): string => {
    const given = v.string(options[key], key) ?? v.fail(key, 'is required');
    const path = resolve(given);
    if (!isDirectory(path)) v.fail(key, `must be a directory, got ${given}`);
    return path;
  };
  const outDir = resolve(v.string(options.outDir, 'outDir') ?? v.fail('outDir', 'is required'));
  const templateDir = dir('templateDir');
  const workingTree = options.workingTree === undefined ? undefined : dir('workingTree');
  return {
    projectDir: dir('projectDir'),
    templateDir,
    outDir,
    version:
      v.string(options.version, 'version', {
        pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        patternHint: 'a name of letters, digits, ".", "_" and "-" (it names a directory)',
      }) ?? v.fail('version', 'is required'),
    templateFile: v.string(options.templateFile, 'templateFile') ?? templateDir,
    label: v.string(options.label, 'label'),
    workingTree,
  };
}

const manifests = new Map<string, string | undefined>();

/** The directory of the nearest `package.json` at or above `dir`. */
function nearestManifest(dir: string): string | undefined {
  if (manifests.has(dir)) return manifests.get(dir);
  const parent = dirname(dir);
  const found = existsSync(join(dir, 'package.json'))
    ? dir
    : parent === dir
      ? undefined
      : nearestManifest(parent);
  manifests.set(dir, found);
  return found;
}
