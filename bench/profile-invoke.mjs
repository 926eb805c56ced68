// Where invokeCheck's time goes, compared with the raw SDK loop: not part of `pnpm bench`.
//
//   node bench/profile-invoke.mjs [concurrency=10] [iterations=12] [--out-of-process]
//
// Runs four sides (a bare raw loop, a raw loop sending invokeCheck's request, invokeCheck with and without
// logTail) interleaved, against the emulator in this process or (--out-of-process) a child, with the V8
// sampling profiler (node:inspector) started and stopped around each side, so each side gets its own
// profile under the same conditions. Prints, per invocation, the sampled busy time of each side, the
// differences by category (shiftguard, AWS SDK, node, emulator) and the functions that account for them.
// Profiling slows everything down (roughly 1.5×); read the differences and shares, not absolute figures.
import { setMaxListeners } from 'node:events';
import { Session } from 'node:inspector/promises';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { runPlan } from '../packages/core/dist/index.js';
import { systemClock } from '../packages/kit/dist/index.js';
import { invokeCheck } from '../packages/lambda/dist/index.js';
import {
  EMULATOR_CREDENTIALS,
  EVENT,
  EXPECTED_BODY,
  FUNCTION_NAME,
  pool,
  spawnEmulator,
  startInProcessEmulator,
} from './lambda.mjs';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const concurrency = Number(positional[0] ?? 10);
const iterations = Number(positional[1] ?? 12);
// With --out-of-process the emulator runs as a child process, as Lambda runs apart from a hook: the
// profile is then the client's alone (and free of the emulator's AsyncLocalStorage promise hooks).
const outOfProcess = process.argv.includes('--out-of-process');
const REPEAT = 500;
const WARMUP = 2;
process.removeAllListeners('warning');
process.on('warning', () => {});

const emulator = outOfProcess ? await spawnEmulator() : (await startInProcessEmulator()).emulator;
// The seed file and startInProcessEmulator both make version 1 current and version 2 the target.
const [current, target] = ['1', '2'];
const client = new LambdaClient(
  outOfProcess
    ? { endpoint: emulator.endpoint, region: emulator.region, credentials: EMULATOR_CREDENTIALS }
    : emulator.clientConfig(),
);
const payload = new TextEncoder().encode(JSON.stringify(EVENT));
const clientContext = Buffer.from(
  JSON.stringify({ Custom: { 'user-agent': 'shiftguard/lambda (BeforeAllowTraffic)' } }),
).toString('base64');
const decoder = new TextDecoder();
const planOptions = {
  target: { functionName: FUNCTION_NAME, alias: 'live', currentVersion: current, targetVersion: target },
  deployment: { deploymentId: 'd-PROFILE01', executionId: 'exec-profile' },
  lifecycleEvent: 'BeforeAllowTraffic',
  clock: systemClock,
};
const check = (logTail) =>
  invokeCheck({
    payload: EVENT,
    repeat: REPEAT,
    concurrency,
    logTail,
    awsSdkV3Client: client,
    expect: { statusCode: 200, payload: { body: EXPECTED_BODY } },
  });
const viaRunPlan = (built) => async () => {
  const [result] = await runPlan(built, planOptions);
  if (result.status !== 'pass') throw new Error(`${result.status}: ${result.message}`);
};
const raw = (sameRequest) => async () => {
  const signal = sameRequest ? new AbortController().signal : undefined;
  if (signal) setMaxListeners(0, signal);
  await pool(REPEAT, concurrency, async () => {
    const response = await client.send(
      new InvokeCommand({
        FunctionName: FUNCTION_NAME,
        Qualifier: target,
        Payload: payload,
        ...(sameRequest && { ClientContext: clientContext, LogType: 'Tail' }),
      }),
      signal ? { abortSignal: signal } : undefined,
    );
    JSON.parse(decoder.decode(response.Payload));
  });
};
const sides = {
  raw: raw(false),
  rawSame: raw(true),
  invokeCheck: viaRunPlan(check(true)),
  invokeCheckNoTail: viaRunPlan(check(false)),
};
const keys = Object.keys(sides);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 250 });
const totals = Object.fromEntries(keys.map((key) => [key, { self: new Map(), busy: 0, ms: 0 }]));
for (let i = 0; i < WARMUP + iterations; i++) {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[(i + k) % keys.length];
    const measured = i >= WARMUP;
    if (measured) await session.post('Profiler.start');
    const start = performance.now();
    await sides[key]();
    const ms = performance.now() - start;
    if (!measured) continue;
    const { profile } = await session.post('Profiler.stop');
    const side = totals[key];
    side.ms += ms;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const frame = nodes.get(id).callFrame;
      if (frame.functionName === '(idle)' || frame.functionName === '(program)') return;
      const url = frame.url
        .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
        .replace(/^file:\/\/.*?\/(packages|bench)\//, '$1/');
      const name = `${frame.functionName || '(anonymous)'} ${url}:${frame.lineNumber + 1}`;
      const delta = profile.timeDeltas[index] ?? 0;
      side.self.set(name, (side.self.get(name) ?? 0) + delta);
      side.busy += delta;
    });
  }
}
session.disconnect();
client.destroy();
await (outOfProcess ? emulator.stop() : emulator.close());

const invocations = iterations * REPEAT;
const perInvocation = (value) => value / invocations;
const category = (name) =>
  name.includes('packages/lambda/')
    ? 'shiftguard/lambda'
    : name.includes('packages/core/')
      ? 'shiftguard/core'
      : name.includes('packages/testing/')
        ? 'emulator'
        : /@smithy|@aws-sdk|@aws\//.test(name)
          ? 'AWS SDK'
          : name.includes('node:')
            ? 'node'
            : name.startsWith('(garbage collector)')
              ? 'GC'
              : 'native/other';

console.log(
  `${outOfProcess ? 'emulator out of process' : 'emulator in process'}, concurrency ${concurrency}, ${iterations} × ${REPEAT} invocations per side after ${WARMUP} warm-up`,
);
for (const key of keys) {
  const side = totals[key];
  console.log(
    `${key.padEnd(18)} wall ${perInvocation(side.ms * 1000).toFixed(0)} µs/inv, sampled busy ${perInvocation(side.busy).toFixed(0)} µs/inv`,
  );
}
for (const [a, b] of [
  ['raw', 'invokeCheck'],
  ['raw', 'rawSame'],
  ['rawSame', 'invokeCheck'],
  ['invokeCheckNoTail', 'invokeCheck'],
]) {
  const names = new Set([...totals[a].self.keys(), ...totals[b].self.keys()]);
  const diffs = [...names]
    .map((name) => [name, perInvocation((totals[b].self.get(name) ?? 0) - (totals[a].self.get(name) ?? 0))])
    .sort((x, y) => y[1] - x[1]);
  const byCategory = new Map();
  for (const [name, value] of diffs)
    byCategory.set(category(name), (byCategory.get(category(name)) ?? 0) + value);
  console.log(
    `\n${b} − ${a}: ${perInvocation(totals[b].busy - totals[a].busy).toFixed(1)} µs/inv; by category: ` +
      [...byCategory]
        .sort((x, y) => y[1] - x[1])
        .map(([name, value]) => `${name} ${value.toFixed(1)}`)
        .join(', '),
  );
  for (const [name, value] of diffs.slice(0, 12))
    console.log(`  ${value.toFixed(1).padStart(6)} µs  ${name}`);
}
const own = [...totals.invokeCheck.self]
  .filter(([name]) => name.includes('packages/lambda/') || name.includes('packages/core/'))
  .sort((x, y) => y[1] - x[1]);
const ownTotal = own.reduce((sum, [, value]) => sum + value, 0);
console.log(
  `\ninvokeCheck: shiftguard's own frames (self time) ${perInvocation(ownTotal).toFixed(1)} µs/inv, ` +
    `${((ownTotal / totals.invokeCheck.busy) * 100).toFixed(1)}% of its busy time:`,
);
for (const [name, value] of own.slice(0, 10))
  console.log(`  ${perInvocation(value).toFixed(1).padStart(6)} µs  ${name}`);
