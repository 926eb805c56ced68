import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BuildError } from '../errors';
import {
  functionOf,
  invoke,
  removeTempDirs,
  stopEmulator,
  tempDir,
  template,
  writeFiles,
} from './build.test-support';
import { type BuildFunctionOptions, buildFunction } from './build-function';

afterAll(async () => {
  await stopEmulator();
  removeTempDirs();
});

const GREET = "export const greet = (name: string): string => 'hello ' + name;\n";
const APP_TS = [
  "import { greet } from './greet';",
  'interface Event { readonly name: string }',
  'export const handler = async (event: Event) => ({',
  '  message: greet(event.name),',
  "  format: typeof module === 'object' ? 'cjs' : 'esm',",
  '});',
  '',
].join('\n');

/** A project with `template.yaml` at its root and an esbuild function in `src/orders`. */
function esbuildProject(buildProperties: readonly string[], files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFiles(dir, {
    'template.yaml': template(
      ['CodeUri: src/orders/', 'Handler: app.handler', 'Runtime: nodejs22.x'],
      ['BuildMethod: esbuild', 'BuildProperties:', ...buildProperties.map((line) => `  ${line}`)],
    ),
    'src/orders/app.ts': APP_TS,
    'src/orders/greet.ts': GREET,
    ...files,
  });
  return dir;
}

function optionsFor(dir: string, extra: Partial<BuildFunctionOptions> = {}): BuildFunctionOptions {
  return {
    projectDir: dir,
    templateDir: dir,
    outDir: path.join(dir, '.out'),
    version: 'to',
    templateFile: 'template.yaml',
    ...extra,
  };
}

async function buildError(promise: Promise<unknown>): Promise<BuildError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BuildError)) throw new Error(`expected a BuildError, got ${String(error)}`);
  return error;
}

describe('buildFunction with BuildMethod: esbuild', () => {
  it('bundles a TypeScript handler as SAM does, named after its entry point, and the emulator runs it', async () => {
    const dir = esbuildProject(['EntryPoints:', '  - app.ts']);
    const built = await buildFunction(functionOf(dir), optionsFor(dir));

    expect(built).toMatchObject({ method: 'esbuild', cached: false, warnings: [], missingExternals: [] });
    expect(built.handler).toEqual({ module: path.join(built.codeDir, 'app.js'), export: 'handler' });
    expect(path.relative(dir, built.codeDir)).toMatch(/^\.out\/Fn\/to\/[0-9a-f]{16}$/);
    expect(built.files).toEqual([path.join(built.codeDir, 'app.js')]);
    // SAM's defaults: CommonJS, minified.
    expect(readFileSync(built.handler.module, 'utf8').split('\n').length).toBeLessThanOrEqual(2);
    await expect(invoke(built.handler, { name: 'ada' })).resolves.toEqual({
      message: 'hello ada',
      format: 'cjs',
    });
  });

  it('writes ESM with Format: esm, and .mjs with OutExtension, which the emulator loads as ESM', async () => {
    const dir = esbuildProject([
      'EntryPoints: [app.ts]',
      'Format: esm',
      'Target: node22',
      'Minify: false',
      'Sourcemap: true',
      'OutExtension:',
      '  - .js=.mjs',
    ]);
    const built = await buildFunction(functionOf(dir), optionsFor(dir));

    expect(path.basename(built.handler.module)).toBe('app.mjs');
    expect(built.files.map((file) => path.basename(file))).toEqual(['app.mjs.map', 'app.mjs']);
    expect(built.enableSourceMaps).toBe(true);
    expect(readFileSync(built.handler.module, 'utf8')).toContain('export {');
    await expect(invoke(built.handler, { name: 'grace' })).resolves.toEqual({
      message: 'hello grace',
      format: 'esm',
    });
  });

  it('bundles a package unless External names it, and links what is external so it still loads', async () => {
    const sdk = {
      'node_modules/@aws-sdk/client-fake/package.json':
        '{ "name": "@aws-sdk/client-fake", "main": "index.js" }',
      'node_modules/@aws-sdk/client-fake/index.js': "exports.region = () => 'from-the-package';\n",
      'src/orders/app.ts': [
        "import { region } from '@aws-sdk/client-fake';",
        'export const handler = async () => ({ region: region() });',
        '',
      ].join('\n'),
    };
    const bundledDir = esbuildProject(['EntryPoints: [app.ts]'], sdk);
    const bundled = await buildFunction(functionOf(bundledDir), optionsFor(bundledDir));
    expect(readFileSync(bundled.handler.module, 'utf8')).toContain('from-the-package');

    const externalDir = esbuildProject(['EntryPoints: [app.ts]', 'External:', "  - '@aws-sdk/*'"], sdk);
    const external = await buildFunction(functionOf(externalDir), optionsFor(externalDir));
    const code = readFileSync(external.handler.module, 'utf8');
    expect(code).not.toContain('from-the-package');
    expect(code).toContain('require("@aws-sdk/client-fake")');
    expect(external.missingExternals).toEqual([]);
    await expect(invoke(external.handler)).resolves.toEqual({ region: 'from-the-package' });
  });

  it('names external packages that are not installed: Lambda provides @aws-sdk/*, this machine may not', async () => {
    const dir = esbuildProject(['EntryPoints: [app.ts]', "External: ['@aws-sdk/*']"], {
      'src/orders/app.ts':
        "import { S3 } from '@aws-sdk/client-nowhere';\nexport const handler = () => S3;\n",
    });
    const built = await buildFunction(functionOf(dir), optionsFor(dir));
    expect(built.missingExternals).toEqual(['@aws-sdk/client-nowhere']);
    expect(built.warnings).toEqual([
      expect.objectContaining({ text: expect.stringContaining('@aws-sdk/client-nowhere'), line: 14 }),
    ]);
  });

  it('reuses a build while its inputs are unchanged, and rebuilds into a new directory when one changes', async () => {
    const dir = esbuildProject(['EntryPoints: [app.ts]']);
    const fn = functionOf(dir);
    const first = await buildFunction(fn, optionsFor(dir));
    const second = await buildFunction(fn, optionsFor(dir));
    expect(second).toMatchObject({ cached: true, handler: first.handler, sha256: first.sha256 });

    writeFileSync(path.join(dir, 'src/orders/greet.ts'), GREET.replace('hello', 'welcome'));
    const third = await buildFunction(fn, optionsFor(dir));
    expect(third.cached).toBe(false);
    expect(third.sha256).not.toBe(first.sha256);
    expect(third.handler.module).not.toBe(first.handler.module);
    // The old version's file stays as it was: a version keeps the code it was published with.
    expect(existsSync(first.handler.module)).toBe(true);
    await expect(invoke(third.handler, { name: 'x' })).resolves.toMatchObject({ message: 'welcome x' });

    // A tsconfig.json is read too, though it is not code.
    writeFiles(dir, { 'tsconfig.json': '{ "compilerOptions": { "strict": true } }' });
    await buildFunction(fn, optionsFor(dir));
    writeFiles(dir, { 'tsconfig.json': '{ "compilerOptions": { "strict": false } }' });
    await expect(buildFunction(fn, optionsFor(dir))).resolves.toMatchObject({ cached: false });
  });

  it('keeps the versions of one function apart, and builds a version once when asked twice at once', async () => {
    const dir = esbuildProject(['EntryPoints: [app.ts]']);
    const fn = functionOf(dir);
    const [to, again] = await Promise.all([
      buildFunction(fn, optionsFor(dir)),
      buildFunction(fn, optionsFor(dir)),
    ]);
    const from = await buildFunction(fn, optionsFor(dir, { version: 'from' }));
    expect(again).toMatchObject({ handler: to.handler, cached: false });
    expect(from.sha256).toBe(to.sha256);
    expect(path.dirname(path.dirname(from.handler.module))).toBe(path.join(dir, '.out/Fn/from'));
  });

  it('bundles the handler’s file when EntryPoints is not given, and runs it from the output’s root', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'template.yaml': template(
        ['Handler: src/handlers/app.handler', 'Runtime: nodejs22.x'],
        ['BuildMethod: esbuild'],
      ),
      'src/handlers/app.ts': "export const handler = async () => 'from the default entry point';\n",
    });
    const built = await buildFunction(functionOf(dir), optionsFor(dir));
    expect(path.relative(built.codeDir, built.handler.module)).toBe('app.js');
    await expect(invoke(built.handler)).resolves.toBe('from the default entry point');
  });

  it('refuses an unknown BuildProperties key, naming it, its line, and the key meant', async () => {
    const dir = esbuildProject(['EntryPoints: [app.ts]', 'SourceMap: true']);
    const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
    expect(error).toMatchObject({
      code: 'SG_SIM_BUILD',
      problem: 'build-property',
      logicalId: 'Fn',
      file: 'template.yaml',
      line: 14,
      column: 9,
      path: 'Resources.Fn.Metadata.BuildProperties.SourceMap',
    });
    expect(error.message).toMatch(
      /^template\.yaml:14:9: Resources\.Fn\.Metadata\.BuildProperties\.SourceMap: SourceMap is not a BuildProperties key of SAM's esbuild builder; did you mean Sourcemap\?/,
    );
  });

  it.each([
    ['a list where SAM writes --target=', 'Target: [node22]', /Target must be a string: SAM passes a list/],
    ['a string where SAM writes --banner:', 'Banner: js=//x', /Banner must be a list: SAM passes a string/],
    ['a format esbuild lacks', 'Format: umd', /Format must be one of cjs, esm, iife, got umd/],
    ['a loader esbuild lacks', 'Loader: [.png=picture]', /Loader picture is not an esbuild loader/],
  ])('refuses %s, at its line', async (_name, line, message) => {
    const dir = esbuildProject(['EntryPoints: [app.ts]', line]);
    const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
    expect(error).toMatchObject({ problem: 'build-property', line: 14 });
    expect(error.message).toMatch(message);
  });

  it('reports esbuild’s errors with their file, line and column, and prints nothing', async () => {
    const dir = esbuildProject(['EntryPoints: [app.ts]'], {
      'src/orders/greet.ts': 'export const greet = (name: string) =>;\n',
    });
    const writes = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];
    try {
      const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
      expect(error).toMatchObject({ problem: 'bundle', line: 11, path: 'Resources.Fn.Metadata.BuildMethod' });
      expect(error.messages).toEqual([
        expect.objectContaining({ file: 'src/orders/greet.ts', line: 1, column: 39, text: 'Unexpected ";"' }),
      ]);
      expect(error.message).toContain('\n  src/orders/greet.ts:1:39: Unexpected ";"');
      for (const write of writes) expect(write).not.toHaveBeenCalled();
    } finally {
      for (const write of writes) write.mockRestore();
    }
  });

  it('names the entry point files it looked for', async () => {
    const dir = esbuildProject(['EntryPoints:', '  - index']);
    const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
    expect(error).toMatchObject({ problem: 'entry-point', line: 14, column: 13 });
    expect(error.tried).toEqual([
      path.join(dir, 'src/orders/index.ts'),
      path.join(dir, 'src/orders/index.js'),
    ]);
  });

  it('refuses a handler whose file esbuild did not write', async () => {
    const dir = esbuildProject(['EntryPoints: [greet.ts]']);
    const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
    expect(error).toMatchObject({ problem: 'handler', line: 8, column: 7 });
    expect(error.message).toContain('app.handler: esbuild wrote no file for it: looked for app, app.js');
  });

  it('warns where sam build would differ: a file outside CodeUri, a property SAM ignores', async () => {
    const dir = esbuildProject(['EntryPoints: [app.ts]', 'Platform: browser'], {
      'src/orders/greet.ts': "export { greet } from '../shared/greet';\n",
      'src/shared/greet.ts': GREET,
    });
    const built = await buildFunction(functionOf(dir), optionsFor(dir));
    expect(built.warnings.map((warning) => warning.text)).toEqual([
      expect.stringMatching(/^Resources\.Fn\.Metadata\.BuildProperties\.Platform: SAM ignores Platform/),
      expect.stringMatching(/outside CodeUri \(src\/shared\/greet\.ts\); sam build copies only CodeUri/),
    ]);
    await expect(invoke(built.handler, { name: 'ok' })).resolves.toMatchObject({ message: 'hello ok' });
  });
});

describe('buildFunction without a build method', () => {
  function asIsProject(handler: string, files: Record<string, string>, extra: string[] = []): string {
    const dir = tempDir();
    writeFiles(dir, {
      'template.yaml': template(['CodeUri: fn/', `Handler: ${handler}`, 'Runtime: nodejs22.x', ...extra]),
      ...files,
    });
    return dir;
  }

  it.each([
    ['.mjs', { 'fn/src/app.mjs': "export const handler = async () => 'mjs';\n" }, 'mjs'],
    ['.js (CommonJS)', { 'fn/src/app.js': "exports.handler = async () => 'cjs';\n" }, 'cjs'],
    [
      '.js with "type": "module"',
      {
        'fn/package.json': '{ "type": "module" }',
        'fn/src/app.js': "export const handler = async () => 'esm';\n",
      },
      'esm',
    ],
    ['.cjs', { 'fn/src/app.cjs': "module.exports.handler = async () => 'cjs file';\n" }, 'cjs file'],
    [
      '.js before .mjs, as the runtime looks',
      {
        'fn/src/app.js': "exports.handler = async () => 'js first';\n",
        'fn/src/app.mjs': "export const handler = async () => 'mjs second';\n",
      },
      'js first',
    ],
  ])('runs CodeUri as it is: src/app.handler finds %s', async (_name, files, expected) => {
    const dir = asIsProject('src/app.handler', files);
    const built = await buildFunction(functionOf(dir), optionsFor(dir));
    expect(built).toMatchObject({ method: 'as-is', codeDir: path.join(dir, 'fn'), files: [] });
    await expect(invoke(built.handler)).resolves.toBe(expected);
  });

  it('names the template line and the files tried for a handler that is not there', async () => {
    const dir = asIsProject('src/app.handler', { 'fn/src/app.ts': 'export const handler = 1;\n' });
    const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
    const stem = path.join(dir, 'fn/src/app');
    expect(error).toMatchObject({
      problem: 'handler',
      file: 'template.yaml',
      line: 8,
      column: 7,
      path: 'Resources.Fn.Properties.Handler',
      tried: [stem, `${stem}.js`, `${stem}.mjs`, `${stem}.cjs`],
    });
    expect(error.message).toBe(
      `template.yaml:8:7: Resources.Fn.Properties.Handler: src/app.handler: no file for it in CodeUri ${path.join(dir, 'fn')}: ` +
        `tried ${stem}, ${stem}.js, ${stem}.mjs, ${stem}.cjs; ${stem}.ts is TypeScript, which runs only once built: add Metadata.BuildMethod: esbuild`,
    );
  });

  it('says which version a message is about', async () => {
    const dir = asIsProject('app.handler', { 'fn/other.js': '' });
    const error = await buildError(
      buildFunction(functionOf(dir), optionsFor(dir, { label: 'HEAD~1 (3f2a1bc)' })),
    );
    expect(error.message).toMatch(
      /^template\.yaml:8:7: Resources\.Fn\.Properties\.Handler \(HEAD~1 \(3f2a1bc\)\): /,
    );
  });

  it('fingerprints the code without its node_modules, so equal code has an equal sha256', async () => {
    const files = { 'fn/app.js': 'exports.handler = async () => 1;\n' };
    const one = asIsProject('app.handler', files);
    const two = asIsProject('app.handler', { ...files, 'fn/node_modules/x/index.js': 'installed' });
    const [a, b] = await Promise.all([
      buildFunction(functionOf(one), optionsFor(one)),
      buildFunction(functionOf(two), optionsFor(two)),
    ]);
    expect(a.sha256).toBe(b.sha256);
    writeFiles(two, { 'fn/app.js': 'exports.handler = async () => 2;\n' });
    await expect(buildFunction(functionOf(two), optionsFor(two))).resolves.not.toMatchObject({
      sha256: a.sha256,
    });
  });

  it('writes inline code to index.js', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'template.yaml': template([
        'InlineCode: |',
        "  exports.handler = async () => 'inline';",
        'Handler: index.handler',
        'Runtime: nodejs22.x',
      ]),
    });
    const built = await buildFunction(functionOf(dir), optionsFor(dir));
    expect(built).toMatchObject({ method: 'inline', files: [path.join(built.codeDir, 'index.js')] });
    await expect(invoke(built.handler)).resolves.toBe('inline');
  });

  it.each([
    [
      'an S3 CodeUri',
      ['CodeUri: s3://bucket/code.zip', 'Handler: app.handler', 'Runtime: nodejs22.x'],
      [],
      'code-kind',
      7,
    ],
    ['a container image', ['PackageType: Image', 'ImageUri: repo/fn:1'], [], 'code-kind', 8],
    ['a Python runtime', ['CodeUri: fn/', 'Handler: app.handler', 'Runtime: python3.12'], [], 'runtime', 9],
    [
      'a makefile build',
      ['CodeUri: fn/', 'Handler: app.handler', 'Runtime: nodejs22.x'],
      ['BuildMethod: makefile'],
      'build-method',
      11,
    ],
    [
      'a CodeUri that does not exist',
      ['CodeUri: nowhere/', 'Handler: app.handler', 'Runtime: nodejs22.x'],
      [],
      'code-uri',
      7,
    ],
    [
      'a nested handler export',
      ['CodeUri: fn/', 'Handler: app.handlers.main', 'Runtime: nodejs22.x'],
      [],
      'handler',
      8,
    ],
  ])('refuses %s, at its line', async (_name, properties, metadata, problem, line) => {
    const dir = tempDir();
    writeFiles(dir, { 'template.yaml': template(properties, metadata), 'fn/app.js': '' });
    const error = await buildError(buildFunction(functionOf(dir), optionsFor(dir)));
    expect(error).toMatchObject({ problem, line });
  });

  it('refuses options it does not know', async () => {
    const dir = asIsProject('app.handler', { 'fn/app.js': '' });
    await expect(
      buildFunction(functionOf(dir), { ...optionsFor(dir), outdir: 'x' } as BuildFunctionOptions),
    ).rejects.toMatchObject({ code: 'SG_SIM_INVALID_OPTIONS', message: expect.stringContaining('"outdir"') });
  });
});
