/**
 * `@shiftguard/events` runs inside the user's production function (`isHookInvocation`), so requiring
 * it must cost a cold start nothing but its own code: no AWS SDK client, no ajv, no Powertools.
 *
 * A scratch CommonJS project gets `node_modules/@shiftguard/events` as a link to the package, the way a
 * workspace or `npm link` installs it, and a child `node` requires the package unbundled, calls
 * `isHookInvocation` and a builder, and prints every module it loaded (`require.cache`).
 *
 * Needs a prior `pnpm build` (the root `pnpm test` runs it before jest).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const packageRoot = path.join(repoRoot, 'packages', 'events');

/** What a function must not pay for at cold start; each pattern matches a package's own path segment. */
const FORBIDDEN: Record<string, RegExp> = {
  'AWS SDK': /[\\/]@aws-sdk[\\/+]/,
  Smithy: /[\\/]@smithy[\\/+]/,
  Powertools: /[\\/]@aws-lambda-powertools[\\/+]/,
  ajv: /[\\/]ajv(-formats)?[\\/@]/,
};

const PROBE = `'use strict';
const events = require('@shiftguard/events');
const context = { clientContext: { Custom: { 'user-agent': 'shiftguard/lambda (BeforeAllowTraffic)' } } };
const hook = events.isHookInvocation({}, context);
const event = events.apiGatewayProxyEvent({ method: 'GET', path: '/orders/42' });
process.stdout.write(JSON.stringify({
  entry: require.resolve('@shiftguard/events'),
  hook,
  path: event.path,
  loaded: Object.keys(require.cache),
}));
`;

interface ProbeResult {
  entry: string;
  hook: boolean;
  path: string;
  loaded: string[];
}

/** The file the manifest's `require` condition points at; fails clearly when it has not been built. */
function builtCjsEntry(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    exports: { '.': { require: { default: string } } };
  };
  const entry = path.join(packageRoot, manifest.exports['.'].require.default);
  if (!existsSync(entry)) {
    throw new Error(
      `${path.relative(repoRoot, entry)} is missing; run \`pnpm build\` at the repository root first ` +
        '(the root `pnpm test` builds before jest)',
    );
  }
  return realpathSync(entry);
}

/** Preloads (`NODE_OPTIONS=--require ...`) and `NODE_PATH` would add to what the probe loads. */
function childEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, NODE_PATH: _path, ...env } = process.env;
  return env;
}

describe('@shiftguard/events, required unbundled as CommonJS', () => {
  let scratch: string | undefined;

  afterAll(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('loads its own CJS entry and no AWS SDK client, Smithy, ajv or Powertools module', () => {
    const entry = builtCjsEntry();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-cold-load-'));
    writeFileSync(path.join(scratch, 'package.json'), '{ "private": true, "type": "commonjs" }\n');
    mkdirSync(path.join(scratch, 'node_modules', '@shiftguard'), { recursive: true });
    symlinkSync(packageRoot, path.join(scratch, 'node_modules', '@shiftguard', 'events'), 'junction');
    writeFileSync(path.join(scratch, 'probe.cjs'), PROBE);

    const child = spawnSync(process.execPath, ['probe.cjs'], {
      cwd: scratch,
      env: childEnv(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (child.error || child.status !== 0) {
      throw new Error(
        `the probe failed (status ${child.status}): ${child.error?.message ?? ''}\n${child.stderr}`,
      );
    }
    const result = JSON.parse(child.stdout) as ProbeResult;

    expect(result.hook).toBe(true);
    expect(result.path).toBe('/orders/42');
    // Resolved through the manifest's `exports`, as a user's require would: the built CJS file.
    expect(realpathSync(result.entry)).toBe(entry);
    expect(result.loaded).toContain(entry);
    const forbidden = result.loaded.filter((file) =>
      Object.values(FORBIDDEN).some((pattern) => pattern.test(file)),
    );
    expect(forbidden).toEqual([]);
  });

  it('has patterns that catch the real install paths of what they guard against', () => {
    // Resolved from the packages that do depend on them, so an install layout the patterns no longer
    // match fails here instead of letting the test above pass vacuously.
    const real = (name: string, from: string): string =>
      realpathSync(require.resolve(name, { paths: [from] }));
    const lambda = path.join(repoRoot, 'packages', 'lambda');
    const sdk = real('@aws-sdk/client-lambda', lambda);
    expect(sdk).toMatch(FORBIDDEN['AWS SDK']!);
    expect(real('@smithy/node-http-handler', path.dirname(sdk))).toMatch(FORBIDDEN.Smithy!);
    const kit = path.join(repoRoot, 'packages', 'kit');
    expect(real('ajv', kit)).toMatch(FORBIDDEN.ajv!);
    expect(real('ajv-formats', kit)).toMatch(FORBIDDEN.ajv!);
    const core = path.join(repoRoot, 'packages', 'core');
    expect(real('@aws-lambda-powertools/logger', core)).toMatch(FORBIDDEN.Powertools!);
  });
});
