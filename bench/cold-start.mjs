// 6. Cold start of a bundled hook, run by bench/run.mjs (`node bench/run.mjs cold-start`; see bench/README.md).
//
// Two hooks, as a user ships them: the shiftguard hook (`createHook({ checks: [invokeCheck()] })`) and the
// bare-SDK hook written by hand (one CodeDeployClient, one LambdaClient, one Invoke, one report), plus an
// empty bundle (node's floor). Each is bundled with esbuild the way SAM's esbuild build method does it, then:
//
// - the bundle sizes and the delta shiftguard − bare (target ≤ 120 KB);
// - process cold init: fresh `node` processes that require() one bundle and exit, the three bundles in
//   every order in turn, many times; the time of require() as the child measures it is the cold-init
//   figure (target: shiftguard ≤ 1.05× bare, median of the per-iteration ratios with a 95% CI), the
//   child's wall time from spawn to exit is reported beside it;
// - the biggest contributors to the shiftguard bundle (esbuild's metafile), by package, against the bare
//   bundle, so the next reader sees what to trim.
//
// Bundles the BUILT packages (`packages/*/dist`), resolved through their package.json `exports`.
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { medianCi95, stats } from './lib.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../.bench-out/cold-start/', import.meta.url));
const DIST_DIR = join(OUT_DIR, 'dist');
const CHILD = fileURLToPath(new URL('./fixtures/cold-start-child.cjs', import.meta.url));

const WARMUP = 6;
// A multiple of 6: every order of the three bundles comes up equally often.
const ITERATIONS = 90;
const INIT_TARGET = 1.05;
const DELTA_TARGET_KB = 120;
/** Sizes in KB of 1,000 bytes. */
const KB = 1000;
const CHILD_TIMEOUT_MS = 30_000;

// The settings of SAM's esbuild build method (aws-lambda-builders, nodejs_npm_esbuild): it always passes
// --bundle --platform=node and, unless BuildProperties say otherwise, --format=cjs and --minify (its
// default target, es2020, is replaced here by node22, the runtime a new hook gets). Nothing external:
// the nodejs22.x runtime does ship an AWS SDK v3, but a bundled SDK is what SAM's esbuild method gives
// unless `External` lists it, and it keeps the version the hook was tested with.
const ESBUILD_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: REPO_ROOT,
  // Without this, esbuild applies the repository's tsconfig.json `paths`, which point @shiftguard/* at
  // packages/*/src: the bundle would hold the sources, not what ships. A user's project has no such paths.
  tsconfigRaw: {},
};

const HOOKS = [
  {
    key: 'empty',
    label: 'empty bundle',
    source: `// Does nothing: node's startup and require() floor.
export const handler = async () => {};
`,
  },
  {
    key: 'bare',
    label: 'bare-SDK hook',
    source: `// The PreTraffic hook users write by hand with the AWS SDK.
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const codedeploy = new CodeDeployClient({});
const lambda = new LambdaClient({});

export const handler = async (event) => {
  const { DeploymentId: deploymentId, LifecycleEventHookExecutionId: lifecycleEventHookExecutionId } = event;
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: process.env.TARGET_FUNCTION_NAME,
      Qualifier: process.env.TARGET_FUNCTION_VERSION,
      Payload: JSON.stringify({}),
    }),
  );
  const status = response.FunctionError ? 'Failed' : 'Succeeded';
  await codedeploy.send(
    new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId, status }),
  );
};
`,
  },
  {
    key: 'shiftguard',
    label: 'shiftguard hook',
    source: `// The same hook with shiftguard.
import { createHook } from '@shiftguard/core';
import { invokeCheck } from '@shiftguard/lambda';

export const handler = createHook({ checks: [invokeCheck()] });
`,
  },
];

/** Strings that only the shiftguard bundle holds (createHook's break-glass variable, invokeCheck's name). */
const SHIFTGUARD_MARKERS = ['SHIFTGUARD_BREAK_GLASS', 'invokeCheck'];
/** The workspace packages the shiftguard hook imports, linked into the hook's project as pnpm links them. */
const LINKED = { '@shiftguard/core': 'packages/core', '@shiftguard/lambda': 'packages/lambda' };

/** The environment Lambda gives a function, as far as module loading can see it; nothing else inherited. */
const CHILD_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: 'cold-start-hook',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  TARGET_FUNCTION_NAME: 'orders',
  TARGET_FUNCTION_VERSION: '2',
};

// ---------------------------------------------------------------------------------------------------
// The hooks' project: sources, links, bundles.

/** Links `node_modules/<name>` to the package folder, replacing an old link (never following one). */
function link(name, target) {
  const path = join(OUT_DIR, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  try {
    if (lstatSync(path).isSymbolicLink()) unlinkSync(path);
  } catch {
    // not there yet
  }
  symlinkSync(relative(dirname(path), join(REPO_ROOT, target)), path, 'dir');
}

/** The file a bare `import '<name>'` must load: the package's exports["."].import (or .default). */
function exportedEntry(packageDir) {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, packageDir, 'package.json'), 'utf8'));
  const dot = manifest.exports?.['.'];
  const entry = typeof dot === 'string' ? dot : (dot?.import?.default ?? dot?.import ?? dot?.default);
  return join(packageDir, entry);
}

async function buildHooks(problems) {
  mkdirSync(DIST_DIR, { recursive: true });
  // The repository is "type": "module"; Lambda loads a bundle with no package.json as CommonJS.
  writeFileSync(join(DIST_DIR, 'package.json'), '{ "type": "commonjs" }\n');
  for (const [name, dir] of Object.entries(LINKED)) link(name, dir);
  const built = {};
  for (const hook of HOOKS) {
    const entry = join(OUT_DIR, `${hook.key}-hook.mjs`);
    const outfile = join(DIST_DIR, `${hook.key}.js`);
    writeFileSync(entry, hook.source);
    const result = await esbuild.build({ ...ESBUILD_OPTIONS, entryPoints: [entry], outfile });
    // For https://esbuild.github.io/analyze/ or `esbuild --analyze`-style digging.
    writeFileSync(join(DIST_DIR, `${hook.key}.meta.json`), JSON.stringify(result.metafile));
    const output = result.metafile.outputs[relative(REPO_ROOT, outfile)];
    if (!output) throw new Error(`esbuild's metafile has no output for ${hook.key}`);
    built[hook.key] = {
      outfile,
      bytes: output.bytes,
      inputs: output.inputs,
      text: readFileSync(outfile, 'utf8'),
    };
  }

  // A broken build must not produce a nice ratio: the shiftguard bundle holds shiftguard, from dist.
  const shiftguard = built.shiftguard;
  for (const marker of SHIFTGUARD_MARKERS) {
    if (!shiftguard.text.includes(marker)) problems.push(`shiftguard bundle lacks "${marker}"`);
    if (built.bare.text.includes(marker)) problems.push(`bare bundle contains "${marker}"`);
  }
  for (const dir of Object.values(LINKED)) {
    const entry = exportedEntry(dir);
    if (!shiftguard.inputs[entry]) problems.push(`shiftguard bundle does not include ${entry} (exports)`);
  }
  const sources = Object.keys(shiftguard.inputs).filter((input) => /^packages\/[^/]+\/src\//.test(input));
  if (sources.length > 0)
    problems.push(`shiftguard bundle includes sources: ${sources.slice(0, 3).join(', ')}`);
  // Both hooks must bundle the same AWS SDK files, or the delta would measure a second SDK copy.
  const sdkOf = (hook) =>
    new Set(Object.keys(hook.inputs).filter((input) => /node_modules\/(@aws-sdk|@smithy)\//.test(input)));
  const shiftguardSdk = sdkOf(shiftguard);
  const missing = [...sdkOf(built.bare)].filter((input) => !shiftguardSdk.has(input));
  if (missing.length > 0) {
    problems.push(`the hooks bundle different AWS SDK copies, e.g. the bare hook's ${missing[0]}`);
  }
  for (const hook of Object.values(built)) hook.text = undefined;
  return built;
}

// ---------------------------------------------------------------------------------------------------
// Bundle contributors, from esbuild's metafile.

const packageCache = new Map();

/** The package an input belongs to, `name@version`, from the nearest package.json with a name. */
function packageOf(input) {
  if (input.startsWith('.bench-out/')) return 'hook source';
  let dir = dirname(join(REPO_ROOT, input));
  while (dir.startsWith(REPO_ROOT) && dir !== REPO_ROOT) {
    if (!packageCache.has(dir)) {
      let label = null;
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (manifest.name) label = `${manifest.name}@${manifest.version}`;
      } catch {
        // no package.json here
      }
      packageCache.set(dir, label);
    }
    const label = packageCache.get(dir);
    if (label) return label;
    dir = dirname(dir);
  }
  return 'other';
}

function byPackage(inputs) {
  const groups = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(input);
    const group = groups.get(name) ?? { name, bytes: 0, files: 0 };
    group.bytes += bytesInOutput;
    group.files++;
    groups.set(name, group);
  }
  return groups;
}

/** node_modules/.pnpm/<id>/node_modules/<package>/… is shown from <package> on. */
function shortPath(input) {
  const at = input.lastIndexOf('node_modules/');
  return at === -1 ? input : input.slice(at + 'node_modules/'.length);
}

function contributors(built) {
  const shiftguard = byPackage(built.shiftguard.inputs);
  const bare = byPackage(built.bare.inputs);
  const rows = [...shiftguard.values()].map((group) => ({
    ...group,
    bareBytes: bare.get(group.name)?.bytes ?? 0,
    extraBytes: group.bytes - (bare.get(group.name)?.bytes ?? 0),
  }));
  const top = (list, key) => [...list].sort((a, b) => b[key] - a[key]).slice(0, 10);
  const files = Object.entries(built.shiftguard.inputs)
    .map(([input, { bytesInOutput }]) => ({
      input: shortPath(input),
      package: packageOf(input),
      bytes: bytesInOutput,
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 10);
  return { byBytes: top(rows, 'bytes'), byExtra: top(rows, 'extraBytes'), files };
}

// ---------------------------------------------------------------------------------------------------
// Process cold init.

/** Spawns `node cold-start-child.cjs <bundle>`; resolves with the child's figures and its wall time. */
function runChild(bundle) {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let wallMs;
    const start = performance.now();
    const child = spawn(process.execPath, [CHILD, bundle], {
      cwd: DIST_DIR,
      env: CHILD_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', () => {
      wallMs = performance.now() - start;
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(
          new Error(`child for ${bundle} exited with ${code ?? signal}: ${stderr.trim().slice(0, 500)}`),
        );
        return;
      }
      try {
        resolve({ ...JSON.parse(stdout), wallMs });
      } catch {
        reject(new Error(`child for ${bundle} printed no figures: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

const PERMUTATIONS = [
  [0, 1, 2],
  [2, 1, 0],
  [1, 2, 0],
  [0, 2, 1],
  [2, 0, 1],
  [1, 0, 2],
];

export async function benchColdStart(ctx) {
  const prefix = 'coldstart';
  ctx.setBench(`${prefix}.build`);
  const problems = [];
  const built = await buildHooks(problems);
  const keys = HOOKS.map((hook) => hook.key);

  ctx.setBench(`${prefix}.init`);
  const samples = Object.fromEntries(keys.map((key) => [key, { requireMs: [], wallMs: [], bootMs: [] }]));
  const ratios = { require: [], wall: [], requireVsEmpty: [] };
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const figures = {};
    for (const index of PERMUTATIONS[i % PERMUTATIONS.length]) {
      figures[keys[index]] = await runChild(built[keys[index]].outfile);
    }
    if (i < WARMUP) continue;
    for (const key of keys) {
      for (const name of ['requireMs', 'wallMs', 'bootMs']) samples[key][name].push(figures[key][name]);
    }
    ratios.require.push(figures.shiftguard.requireMs / figures.bare.requireMs);
    ratios.wall.push(figures.shiftguard.wallMs / figures.bare.wallMs);
    // The same ratio with the empty bundle's require() (file read, compile of nothing) taken off both.
    ratios.requireVsEmpty.push(
      (figures.shiftguard.requireMs - figures.empty.requireMs) /
        (figures.bare.requireMs - figures.empty.requireMs),
    );
  }

  const correct = problems.length === 0;
  for (const problem of problems) ctx.problems.push(`${prefix}: ${problem}`);
  const withCi = (list) => ({ ...stats(list), ci95: medianCi95(list) });
  const ciLabel = (list) => {
    const { low, high } = medianCi95(list);
    return `95% CI ${low.toFixed(3)}–${high.toFixed(3)}`;
  };
  const method = {
    esbuild: { ...ESBUILD_OPTIONS, absWorkingDir: undefined, version: esbuild.version },
    warmup: WARMUP,
    iterations: ITERATIONS,
    order: 'the three bundles in each of the 6 orders in turn',
    node: process.version,
  };
  const size = (key) => built[key].bytes / KB;
  const info = correct ? null : false;

  for (const key of ['bare', 'shiftguard']) {
    ctx.record({
      id: `${prefix}.size.${key}`,
      name: `cold start: bundle size, ${HOOKS.find((hook) => hook.key === key).label}`,
      unit: 'KB',
      stats: stats([size(key)]),
      ratio: key === 'shiftguard' ? built.shiftguard.bytes / built.bare.bytes : null,
      ratioLabel: key === 'shiftguard' ? 'shiftguard/bare' : null,
      target: null,
      pass: info,
      detail: { bytes: built[key].bytes, method },
    });
  }
  const deltaKb = size('shiftguard') - size('bare');
  const top = contributors(built);
  ctx.record({
    id: `${prefix}.size.delta`,
    name: 'cold start: bundle delta, shiftguard − bare',
    unit: 'KB',
    stats: stats([deltaKb]),
    ratio: null,
    ratioLabel: null,
    target: { op: '<=', value: DELTA_TARGET_KB, on: 'median', label: `≤ ${DELTA_TARGET_KB} KB` },
    pass: correct && deltaKb <= DELTA_TARGET_KB,
    detail: { bytes: built.shiftguard.bytes - built.bare.bytes, contributors: top },
  });

  for (const key of keys) {
    const label = HOOKS.find((hook) => hook.key === key).label;
    const isTarget = key === 'shiftguard';
    ctx.record({
      id: `${prefix}.require.${key}`,
      name: `cold start: require(), ${label}${isTarget ? ' (TARGET ROW)' : key === 'empty' ? ' (floor)' : ''}`,
      unit: 'ms',
      stats: stats(samples[key].requireMs),
      ratio: isTarget ? stats(ratios.require).median : null,
      ratioLabel: isTarget ? `shiftguard/bare (${ciLabel(ratios.require)})` : null,
      target: isTarget
        ? { op: '<=', value: INIT_TARGET, on: 'ratio', label: `≤ ${INIT_TARGET}× bare` }
        : null,
      pass: isTarget ? correct && stats(ratios.require).median <= INIT_TARGET : info,
      detail: {
        requireMs: stats(samples[key].requireMs),
        bootMs: stats(samples[key].bootMs),
        ...(isTarget
          ? {
              ratio: withCi(ratios.require),
              ratioOfMedians:
                stats(samples.shiftguard.requireMs).median / stats(samples.bare.requireMs).median,
              ratioOverEmpty: withCi(ratios.requireVsEmpty),
            }
          : {}),
        method,
      },
    });
  }
  for (const key of keys) {
    const label = HOOKS.find((hook) => hook.key === key).label;
    const isShiftguard = key === 'shiftguard';
    ctx.record({
      id: `${prefix}.wall.${key}`,
      name: `cold start: process spawn → exit, ${label}${key === 'empty' ? ' (node floor)' : ''}`,
      unit: 'ms',
      stats: stats(samples[key].wallMs),
      ratio: isShiftguard ? stats(ratios.wall).median : null,
      ratioLabel: isShiftguard ? `shiftguard/bare (${ciLabel(ratios.wall)})` : null,
      target: null,
      pass: info,
      detail: { wallMs: stats(samples[key].wallMs), ...(isShiftguard ? { ratio: withCi(ratios.wall) } : {}) },
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Detail lines printed under the table.

export function coldStartDetailLines(results) {
  const get = (id) => results.find((result) => result.id === `coldstart.${id}`);
  const target = get('require.shiftguard');
  const delta = get('size.delta');
  if (!target || !delta) return [];
  const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
  const ms = (value) => `${value.toFixed(2)} ms`;
  const { ratio, ratioOfMedians, ratioOverEmpty, method } = target.detail;
  const lines = [
    `coldstart: esbuild ${method.esbuild.version} (bundle, minify, platform node, format cjs, target node22, ` +
      `SDK bundled); bare ${get('size.bare').detail.bytes} B, shiftguard ${get('size.shiftguard').detail.bytes} B, ` +
      `delta ${delta.detail.bytes} B`,
    `coldstart: ${method.iterations} iterations after ${method.warmup} warm-up, ${method.order}, node ${method.node}; ` +
      `the target row is "require(), shiftguard hook": median of per-iteration require() ratios ` +
      `${ratio.median.toFixed(3)} (95% CI ${ratio.ci95.low.toFixed(3)}–${ratio.ci95.high.toFixed(3)}), ` +
      `ratio of medians ${ratioOfMedians.toFixed(3)}; with the empty bundle's require() taken off both ` +
      `${ratioOverEmpty.median.toFixed(3)} (95% CI ${ratioOverEmpty.ci95.low.toFixed(3)}–${ratioOverEmpty.ci95.high.toFixed(3)})`,
  ];
  const boot = ['empty', 'bare', 'shiftguard']
    .map((key) => `${key} ${ms(get(`require.${key}`).detail.bootMs.median)}`)
    .join(', ');
  lines.push(`coldstart: node boot before require() (performance.now() in the child), medians: ${boot}`);
  const { byBytes, byExtra, files } = delta.detail.contributors;
  const total = get('size.shiftguard').detail.bytes;
  const row = (group, i) =>
    `  ${String(i + 1).padStart(2)}. ${group.name.padEnd(44)} ${kb(group.bytes).padStart(9)} ` +
    `(${((group.bytes / total) * 100).toFixed(1).padStart(4)}%, ${String(group.files).padStart(3)} files), ` +
    `bare hook ${kb(group.bareBytes).padStart(9)}, extra ${kb(group.extraBytes).padStart(9)}`;
  lines.push('coldstart: shiftguard bundle, top 10 packages by bytes in output (esbuild metafile):');
  lines.push(...byBytes.map(row));
  lines.push('coldstart: shiftguard bundle, top 10 packages by bytes over the bare hook (what to trim):');
  lines.push(...byExtra.map(row));
  lines.push('coldstart: shiftguard bundle, top 10 input files by bytes in output:');
  lines.push(
    ...files.map((file, i) => `  ${String(i + 1).padStart(2)}. ${kb(file.bytes).padStart(9)}  ${file.input}`),
  );
  return lines;
}
