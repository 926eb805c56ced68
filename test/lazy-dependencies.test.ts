/**
 * Cold start: nothing heavy loads when a hook module is imported. `yaml` loads only when an AppSpec
 * is not JSON, `ajv` only when a schema expectation is built. Checked in a fresh Node process on the
 * built CommonJS entries, as an unbundled function would load them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const packages = path.resolve(__dirname, '..', 'packages');
const entry = (name: string) => path.join(packages, name, 'dist', 'index.cjs');

function loadedAfter(script: string, { esm = false } = {}): { loaded: string[]; output: string } {
  for (const name of ['kit', 'core', 'lambda']) {
    if (!existsSync(entry(name))) throw new Error(`${entry(name)} is missing: run pnpm build first`);
  }
  const args = esm ? ['--input-type=module', '-e', script] : ['-e', script];
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  const [output = '', list = '[]'] = child.stdout.trim().split('\n');
  return { loaded: JSON.parse(list) as string[], output };
}

const packageOf = (file: string) =>
  /node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)/
    .exec(file)?.[1]
    ?.replace('\\', '/');
const packagesIn = (files: string[]) => new Set(files.map(packageOf).filter(Boolean));

describe('what a hook loads', () => {
  it('loads neither yaml nor ajv to build a hook, and reads a JSON AppSpec without yaml', () => {
    const { loaded, output } = loadedAfter(`
      const core = require(${JSON.stringify(entry('core'))});
      const lambda = require(${JSON.stringify(entry('lambda'))});
      const handler = core.createHook({ checks: [lambda.invokeCheck({ expect: { statusCode: 200 } })], metrics: false });
      const spec = core.parseAppSpec(JSON.stringify({ Resources: [{ fn: { Type: 'AWS::Lambda::Function', Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '1', TargetVersion: '2' } } }] }));
      console.log(typeof handler + ' ' + spec.targetVersion);
      console.log(JSON.stringify(Object.keys(require.cache)));
    `);
    expect(output).toBe('function 2');
    const names = packagesIn(loaded);
    expect(names.has('@aws-sdk/client-lambda')).toBe(true);
    expect(names.has('@shiftguard/kit') || loaded.some((file) => file.includes(`kit${path.sep}dist`))).toBe(
      true,
    );
    expect(names.has('yaml')).toBe(false);
    expect(names.has('ajv')).toBe(false);
    expect(names.has('ajv-formats')).toBe(false);
  });

  it('loads yaml for a YAML AppSpec, and ajv for a schema expectation', () => {
    const { loaded, output } = loadedAfter(`
      const core = require(${JSON.stringify(entry('core'))});
      const lambda = require(${JSON.stringify(entry('lambda'))});
      const spec = core.parseAppSpec('Resources:\\n  - fn:\\n      Properties: { Name: orders, Alias: live, TargetVersion: 0x1A }\\n');
      lambda.invokeCheck({ expect: { payloadSchema: { type: 'object' } } });
      console.log(spec.targetVersion);
      console.log(JSON.stringify(Object.keys(require.cache)));
    `);
    expect(output).toBe('0x1A');
    const names = packagesIn(loaded);
    expect(names.has('yaml')).toBe(true);
    expect(names.has('ajv')).toBe(true);
  });

  it('tells a bundle without yaml or ajv how to bring them in, and the opt-in entries work', () => {
    const { output } = loadedAfter(`
      const Module = require('node:module');
      const resolve = Module._resolveFilename;
      // As in a bundle that left them out: neither package can be found.
      Module._resolveFilename = function (request, ...rest) {
        if (request === 'yaml' || request === 'ajv') throw Object.assign(new Error('Cannot find module ' + request), { code: 'MODULE_NOT_FOUND' });
        return resolve.call(this, request, ...rest);
      };
      const core = require(${JSON.stringify(entry('core'))});
      const lambda = require(${JSON.stringify(entry('lambda'))});
      const yamlSpec = 'Resources:\\n  - fn:\\n      Properties: { Name: orders, Alias: live, TargetVersion: 2 }\\n';
      const messages = [];
      try { core.parseAppSpec(yamlSpec); } catch (error) { messages.push(error.code + ': ' + error.message); }
      try { lambda.invokeCheck({ expect: { payloadSchema: { type: 'object' } } }); } catch (error) { messages.push(error.code + ': ' + error.message); }
      Module._resolveFilename = resolve;
      require(${JSON.stringify(path.join(packages, 'core', 'dist', 'yaml.cjs'))});
      const { jsonSchema } = require(${JSON.stringify(path.join(packages, 'kit', 'dist', 'json-schema.cjs'))});
      lambda.invokeCheck({ expect: { payloadSchema: jsonSchema({ type: 'object' }) } });
      messages.push('after opt-in: ' + core.parseAppSpec(yamlSpec).targetVersion);
      console.log(JSON.stringify(messages));
      console.log('[]');
    `);
    expect(JSON.parse(output)).toEqual([
      expect.stringMatching(/^SG_DEPLOYMENT_RESOLUTION: .*YAML.*import '@shiftguard\/core\/yaml'/),
      expect.stringMatching(
        /^SG_LAMBDA_INVALID_OPTIONS: invokeCheck: expect\.payloadSchema needs the ajv package.*@shiftguard\/kit\/json-schema/,
      ),
      'after opt-in: 2',
    ]);
  });

  it('loads them on demand from the ESM builds too', () => {
    const esmEntry = (name: string) =>
      JSON.stringify(pathToFileURL(path.join(packages, name, 'dist', 'index.js')).href);
    const { loaded, output } = loadedAfter(
      `
      import { createRequire } from 'node:module';
      const core = await import(${esmEntry('core')});
      const lambda = await import(${esmEntry('lambda')});
      const cached = () => Object.keys(createRequire(import.meta.url).cache);
      const before = cached().filter((file) => /[\\/](yaml|ajv)[\\/]/.test(file)).length;
      const spec = core.parseAppSpec('Resources:\\n  - fn:\\n      Properties: { Name: orders, Alias: live, TargetVersion: 0x1A }\\n');
      lambda.invokeCheck({ expect: { payloadSchema: { type: 'object' } } });
      console.log(before + ' ' + spec.targetVersion);
      console.log(JSON.stringify(cached()));
    `,
      { esm: true },
    );
    expect(output).toBe('0 0x1A');
    const names = packagesIn(loaded);
    expect(names.has('yaml')).toBe(true);
    expect(names.has('ajv')).toBe(true);
  });
});
