// Lambda smoke-invoke benchmarks, run by bench/run.mjs after the runner benchmarks (see bench/README.md):
//
// 4. invokeCheck throughput vs a raw `LambdaClient.send(new InvokeCommand(...))` pool making the same
//    calls at the same concurrency (and a bare Invoke pool as a reference), against the emulator in a
//    child process, sharing one LambdaClient (same connection pool).
// 5. The emulator on its own, in a separate process (its memory is its own): 1,000 concurrent invokes per
//    burst, invocations/s and the process's RSS / peak RSS (VmHWM), nothing dropped.
//
// Runs against the BUILT packages (`packages/*/dist`).
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { readFileSync, realpathSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { runPlan } from '../packages/core/dist/index.js';
import { systemClock } from '../packages/kit/dist/index.js';
import { invokeCheck } from '../packages/lambda/dist/index.js';
import { startEmulator } from '../packages/testing/dist/index.js';
import { breathe, medianCi95, p10, stats, timed } from './lib.mjs';

const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const EMULATOR_CLI = fileURLToPath(new URL('../packages/testing/dist/cli.js', import.meta.url));
const SEED_FILE = fixture('emulator-seed.json');

// Many short paired runs rather than a few long ones: on a shared machine one run's time varies by 10 to
// 20 %, and the median of 150 pairs pins the ratio down to a few percent (the 95% CI is printed). A
// wider pool gets a longer run, so each worker still makes several calls.
const INVOKE_RUNS = [
  { concurrency: 10, repeat: 100 },
  { concurrency: 50, repeat: 250 },
];
const INVOKE_WARMUP = 5;
const INVOKE_ITERATIONS = 150;
const INVOKE_TARGET = 0.95;

const BURST_SIZE = 1000;
const BURST_WARMUP = 3;
const BURSTS = 6;

/** The function both benchmarks invoke (bench-echo in the seed file too): 1 = current, 2 = target. */
export const FUNCTION_NAME = 'bench-echo';
export const EVENT = { httpMethod: 'GET', path: '/health', headers: { accept: 'application/json' } };
export const EXPECTED_BODY = '{"ok":true}';
/** The emulator ignores signatures; SDK clients only need something to sign with. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'AKIAEMULATOR', secretAccessKey: 'emulator-secret' };
const decoder = new TextDecoder();

/** Why an InvokeCommand answer is not the echo handler's `{ statusCode: 200, body: '{"ok":true}' }`, or undefined. */
function answerProblem(response, hook) {
  if (response.StatusCode !== 200) return `StatusCode ${response.StatusCode}`;
  if (response.FunctionError) return `FunctionError ${response.FunctionError}`;
  let payload;
  try {
    payload = JSON.parse(decoder.decode(response.Payload));
  } catch {
    return 'payload not JSON';
  }
  if (payload?.statusCode !== 200 || payload?.body !== EXPECTED_BODY) return 'wrong payload';
  // Version 2 echoes the hook marker it was sent (null without one); version 1 has no `hook` field.
  if (hook !== undefined && payload.hook !== hook) return `hook marker ${payload.hook}, expected ${hook}`;
  return undefined;
}

function countProblem(counts, problem) {
  counts[problem] = (counts[problem] ?? 0) + 1;
}

// ---------------------------------------------------------------------------------------------------
// 4. invokeCheck throughput vs a raw SDK pool.

/** `count` tasks, at most `concurrency` at once: the same worker-pool shape invokeCheck uses. */
export async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}

export async function startInProcessEmulator(options = {}) {
  const emulator = await startEmulator(options);
  emulator.lambda.createFunction({ functionName: FUNCTION_NAME, handler: { module: fixture('echo.mjs') } });
  const current = emulator.lambda.publishVersion(FUNCTION_NAME);
  const target = emulator.lambda.publishVersion(FUNCTION_NAME, {
    handler: { module: fixture('echo-next.mjs') },
  });
  const alias = emulator.lambda.createAlias(FUNCTION_NAME, 'live', current);
  return { emulator, current, target, aliasArn: alias.aliasArn };
}

/** The hook marker invokeCheck puts in `clientContext.Custom['user-agent']` during BeforeAllowTraffic. */
export const HOOK_USER_AGENT = 'shiftguard/lambda (BeforeAllowTraffic)';
/** CPU time of another process in µs, from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function processCpuUs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function benchInvokeAtConcurrency({ concurrency, repeat }, ctx) {
  const prefix = `lambda.invoke.c${concurrency}`;
  const label = `invoke ${repeat}× @${concurrency}`;
  ctx.setBench(`${prefix}.setup`);
  // The emulator runs as a child process, as Lambda runs apart from a hook: this process is the hook's
  // side alone (SDK, HTTP client, shiftguard), and the emulator's AsyncLocalStorage promise hooks, which
  // tax every promise in the process that hosts it, stay out of the figures. A fresh one per concurrency.
  const emulator = await spawnEmulator();
  const onExit = () => emulator.child.kill('SIGKILL');
  process.once('exit', onExit);
  // One client for every side, so connection pooling (keep-alive, sockets) is the same for all of them.
  const client = new LambdaClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: EMULATOR_CREDENTIALS,
  });
  const payload = new TextEncoder().encode(JSON.stringify(EVENT));
  // The seed file publishes echo.mjs as version 1 behind alias `live`, echo-next.mjs as version 2.
  const [current, target] = ['1', '2'];
  const planOptions = {
    target: { functionName: FUNCTION_NAME, alias: 'live', currentVersion: current, targetVersion: target },
    deployment: {
      deploymentId: 'd-BENCHLMB1',
      executionId: 'exec-bench-lambda',
      applicationName: undefined,
      deploymentGroupName: undefined,
      description: undefined,
    },
    lifecycleEvent: 'BeforeAllowTraffic',
    clock: systemClock,
    // invokeCheck logs how many calls a passing run made: a run that made fewer would look faster.
    logger: {
      debug(message, extra) {
        if (message === 'shiftguard invokeCheck passed') checkCalls = extra?.invocations;
      },
      info() {},
      warn() {},
      error() {},
    },
  };
  let checkCalls;
  // Built once, outside the timed region, as a hook module does when it loads. The expected `hook` field
  // is version 2 echoing the client context's user agent: the marker made the round trip.
  const check = invokeCheck({
    name: 'smoke',
    payload: EVENT,
    repeat: repeat,
    concurrency,
    expect: { statusCode: 200, payload: { body: EXPECTED_BODY, hook: HOOK_USER_AGENT } },
    awsSdkV3Client: client,
  });
  // The same SDK calls invokeCheck makes by default, written by hand: the same InvokeCommand input (the
  // client context marking hook traffic, LogType Tail) and an abort signal shared by the run, which a
  // hook needs to cancel calls in flight at its deadline. The bare side sends neither: what the marker,
  // the tail and cancellation cost the SDK is its ratio, apart from shiftguard's own cost.
  const clientContext = Buffer.from(JSON.stringify({ Custom: { 'user-agent': HOOK_USER_AGENT } })).toString(
    'base64',
  );
  const problems = {};
  const rawLoop = (sameCalls) => async () => {
    let answered = 0;
    const options = sameCalls ? { abortSignal: new AbortController().signal } : undefined;
    // Every call in flight listens on the signal, as in invokeCheck: fan-out, not a leak.
    if (options) setMaxListeners(0, options.abortSignal);
    await pool(repeat, concurrency, async () => {
      const response = await client.send(
        new InvokeCommand({
          FunctionName: FUNCTION_NAME,
          Qualifier: target,
          Payload: payload,
          ...(sameCalls && { ClientContext: clientContext, LogType: 'Tail' }),
        }),
        options,
      );
      const problem =
        answerProblem(response, sameCalls ? HOOK_USER_AGENT : null) ??
        (response.ExecutedVersion !== target ? `ran version ${response.ExecutedVersion}` : undefined) ??
        (sameCalls && !response.LogResult ? 'no log tail' : undefined);
      if (problem) countProblem(problems, problem);
      answered += 1;
    });
    if (answered !== repeat) countProblem(problems, `answered ${answered} of ${repeat}`);
  };
  const viaRunPlan = async () => {
    checkCalls = undefined;
    const [result] = await runPlan(check, planOptions);
    if (result.status !== 'pass') countProblem(problems, `invokeCheck ${result.status}: ${result.message}`);
    else if (checkCalls !== repeat)
      countProblem(problems, `invokeCheck made ${checkCalls} calls of ${repeat}`);
  };
  const sides = [
    { key: 'bare', run: rawLoop(false) },
    { key: 'raw', run: rawLoop(true) },
    { key: 'check', run: viaRunPlan },
  ];
  const ms = Object.fromEntries(sides.map((side) => [side.key, []]));
  const cpuUs = Object.fromEntries(sides.map((side) => [side.key, []]));
  const emulatorCpuUs = Object.fromEntries(sides.map((side) => [side.key, 0]));
  const ratios = { check: [], checkVsBare: [], rawVsBare: [] };
  try {
    for (let i = 0; i < INVOKE_WARMUP + INVOKE_ITERATIONS; i++) {
      // Rotate the order each iteration, so every side runs first, second, third equally often.
      const times = {};
      const cpu = {};
      const emulatorCpu = {};
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(i + k) % sides.length];
        ctx.setBench(`${prefix}.${side.key}`);
        const emulatorBefore = processCpuUs(emulator.child.pid);
        const cpuBefore = process.cpuUsage();
        times[side.key] = (await timed(side.run)).ms;
        const used = process.cpuUsage(cpuBefore);
        // This process's CPU per invocation, in µs: the hook's side of every call.
        cpu[side.key] = (used.user + used.system) / repeat;
        emulatorCpu[side.key] = processCpuUs(emulator.child.pid) - emulatorBefore;
        await breathe();
      }
      if (i < INVOKE_WARMUP) continue;
      for (const side of sides) {
        ms[side.key].push(times[side.key]);
        cpuUs[side.key].push(cpu[side.key]);
        emulatorCpuUs[side.key] += emulatorCpu[side.key];
      }
      // Throughput ratio = time ratio inverted: (n / side ms) / (n / base ms) = base ms / side ms.
      ratios.check.push(times.raw / times.check);
      ratios.checkVsBare.push(times.bare / times.check);
      ratios.rawVsBare.push(times.bare / times.raw);
    }
  } finally {
    process.off('exit', onExit);
    client.destroy();
    await emulator.stop();
  }

  const correct = Object.keys(problems).length === 0;
  if (!correct) ctx.problems.push(`${prefix}: ${JSON.stringify(problems)}`);
  const throughput = (key) => ms[key].map((value) => (repeat / value) * 1000);
  const detail = (key) => ({
    invocationsPerRun: repeat,
    concurrency,
    warmup: INVOKE_WARMUP,
    iterations: INVOKE_ITERATIONS,
    runMs: stats(ms[key]),
    cpuUsPerInvocation: stats(cpuUs[key]),
    // /proc ticks are 10 ms, too coarse for one run: the total over all measured runs of the side.
    emulatorCpuUsPerInvocation: emulatorCpuUs[key] / (INVOKE_ITERATIONS * repeat),
    p10InvocationsPerS: p10(throughput(key)),
    method:
      'paired: 3 sides per iteration in rotating order, one shared LambdaClient, emulator in a child process',
  });
  const withRatio = (samples) => ({ ratio: stats(samples), ratioCi95: medianCi95(samples) });
  const ci = (samples) => {
    const { low, high } = medianCi95(samples);
    return `95% CI ${low.toFixed(3)}–${high.toFixed(3)}`;
  };
  ctx.record({
    id: `${prefix}.raw`,
    name: `${label}: raw loop, invokeCheck's SDK calls (baseline)`,
    unit: 'inv/s',
    stats: stats(throughput('raw')),
    ratio: null,
    ratioLabel: null,
    target: null,
    pass: correct ? null : false,
    detail: detail('raw'),
  });
  const ratio = stats(ratios.check).median;
  ctx.record({
    id: `${prefix}.invokeCheck`,
    name: `${label}: invokeCheck (defaults)`,
    unit: 'inv/s',
    stats: stats(throughput('check')),
    ratio,
    ratioLabel: `check/raw (${ci(ratios.check)})`,
    target: { op: '>=', value: INVOKE_TARGET, on: 'ratio', label: `≥ ${INVOKE_TARGET}× raw` },
    pass: correct && ratio >= INVOKE_TARGET,
    detail: {
      ...detail('check'),
      ...withRatio(ratios.check),
      ratioOfMedians: stats(ms.raw).median / stats(ms.check).median,
      vsBare: { ...withRatio(ratios.checkVsBare) },
    },
  });
  ctx.record({
    id: `${prefix}.bare`,
    name: `${label}: raw loop, bare InvokeCommand (reference)`,
    unit: 'inv/s',
    stats: stats(throughput('bare')),
    ratio: stats(ratios.rawVsBare).median,
    ratioLabel: `raw/bare: marker, tail, signal (${ci(ratios.rawVsBare)})`,
    target: null,
    pass: correct ? null : false,
    detail: { ...detail('bare'), rawVsBare: withRatio(ratios.rawVsBare) },
  });
}

export async function benchInvokeThroughput(ctx) {
  for (const run of INVOKE_RUNS) await benchInvokeAtConcurrency(run, ctx);
}

// ---------------------------------------------------------------------------------------------------
// 5. The emulator in its own process, 1,000 concurrent invokes per burst.

/** VmRSS and VmHWM (peak RSS) of a process, in MB, from /proc/<pid>/status (Linux). */
function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Starts `node packages/testing/dist/cli.js --port 0 --seed …` and waits for it to print its endpoint. */
export async function spawnEmulator() {
  const child = spawn(process.execPath, [EMULATOR_CLI, '--port', '0', '--seed', SEED_FILE], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // Keep draining both pipes for the child's whole life (a full pipe would block it), keeping a little.
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout = (stdout + chunk).slice(-8192);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const ready = await new Promise((resolve, reject) => {
    const onError = (error) => fail(`emulator failed to start: ${error.message}`);
    const onExit = (code, signal) => fail(`emulator exited early (code ${code}, signal ${signal})`);
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    const fail = (message) => {
      done();
      child.kill('SIGKILL');
      reject(new Error(`${message}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail('emulator did not print its endpoint within 15 s'), 15_000);
    const poll = setInterval(() => {
      if (!stdout.includes('Stop with Ctrl+C.')) return;
      const endpoint = /listening on (\S+)/.exec(stdout)?.[1];
      const region = /^region (\S+)/m.exec(stdout)?.[1];
      if (!endpoint || !region) return fail('could not parse the endpoint and region');
      done();
      resolve({ endpoint, region });
    }, 10);
    child.once('error', onError);
    child.once('exit', onExit);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { child, ...ready, stop };
}

const socketCount = (byOrigin) => Object.values(byOrigin).reduce((sum, list) => sum + list.length, 0);

/** A NodeHttpHandler from the @smithy/node-http-handler the SDK itself depends on (pnpm does not hoist it). */
function requestHandlerFor(agent) {
  try {
    const sdkEntry = realpathSync(fileURLToPath(import.meta.resolve('@aws-sdk/client-lambda')));
    const { NodeHttpHandler } = createRequire(sdkEntry)('@smithy/node-http-handler');
    return { handler: new NodeHttpHandler({ httpAgent: agent }), form: 'new NodeHttpHandler({ httpAgent })' };
  } catch {
    return { handler: { httpAgent: agent }, form: '{ httpAgent } options' };
  }
}

export async function benchEmulatorProcess(ctx) {
  const prefix = 'emulator.process';
  ctx.setBench(`${prefix}.setup`);
  const emulator = await spawnEmulator();
  const onExit = () => emulator.child.kill('SIGKILL');
  process.once('exit', onExit);
  // maxFreeSockets too: Node keeps only 256 idle sockets by default, so later bursts would reconnect.
  const agent = new http.Agent({ keepAlive: true, maxSockets: BURST_SIZE, maxFreeSockets: BURST_SIZE });
  const { handler, form } = requestHandlerFor(agent);
  const client = new LambdaClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: EMULATOR_CREDENTIALS,
    // No retries: a throttle, a reset or a 5xx must show up as a failed invocation, not be hidden.
    maxAttempts: 1,
    requestHandler: handler,
  });
  const payload = new TextEncoder().encode(JSON.stringify(EVENT));
  const bursts = [];
  let idle;
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    idle = processMemory(emulator.child.pid);
    for (let i = 0; i < BURST_WARMUP + BURSTS; i++) {
      ctx.setBench(`${prefix}.burst`);
      // How many requests really are in flight at once: the agent's sockets in use, sampled.
      let peakInFlight = 0;
      const sampler = setInterval(() => {
        peakInFlight = Math.max(peakInFlight, socketCount(agent.sockets));
      }, 2);
      const { ms, value: settled } = await timed(() =>
        Promise.allSettled(
          Array.from({ length: BURST_SIZE }, () =>
            client.send(
              new InvokeCommand({ FunctionName: FUNCTION_NAME, Qualifier: 'live', Payload: payload }),
            ),
          ),
        ),
      );
      clearInterval(sampler);
      const problems = {};
      for (const outcome of settled) {
        if (outcome.status === 'rejected') {
          const error = outcome.reason;
          countProblem(problems, `${error?.name ?? 'Error'}: ${String(error?.message).slice(0, 80)}`);
        } else {
          const problem =
            answerProblem(outcome.value) ??
            (outcome.value.$metadata?.attempts > 1 ? 'retried' : undefined) ??
            (outcome.value.ExecutedVersion !== '1'
              ? `ran version ${outcome.value.ExecutedVersion}`
              : undefined);
          if (problem) countProblem(problems, problem);
        }
      }
      const failed = Object.values(problems).reduce((sum, count) => sum + count, 0);
      bursts.push({
        burst: i + 1,
        warmup: i < BURST_WARMUP,
        ms,
        invocationsPerS: (BURST_SIZE / ms) * 1000,
        ok: BURST_SIZE - failed,
        failed,
        problems,
        peakInFlight,
        keepAliveSockets: socketCount(agent.freeSockets),
        ...processMemory(emulator.child.pid),
      });
      await breathe();
    }
  } finally {
    ctx.setBench(`${prefix}.teardown`);
    client.destroy();
    agent.destroy();
    await emulator.stop();
    process.off('exit', onExit);
  }

  const measured = bursts.filter((burst) => !burst.warmup);
  const failed = bursts.reduce((sum, burst) => sum + burst.failed, 0);
  if (failed > 0) {
    ctx.problems.push(
      `${prefix}: ${failed} of ${bursts.length * BURST_SIZE} invocations dropped or wrong: ` +
        bursts.map((burst) => `burst ${burst.burst} ${JSON.stringify(burst.problems)}`).join('; '),
    );
  }
  // VmRSS change over each measured burst (from the reading after the burst before it).
  const growth = bursts
    .slice(BURST_WARMUP)
    .map((burst, i) => burst.rssMb - bursts[BURST_WARMUP + i - 1].rssMb);
  const common = { burstSize: BURST_SIZE, warmupBursts: BURST_WARMUP, bursts, idle, requestHandler: form };
  ctx.record({
    id: `${prefix}.throughput`,
    name: `emulator process: ${BURST_SIZE} concurrent invokes per burst`,
    unit: 'inv/s',
    stats: stats(measured.map((burst) => burst.invocationsPerS)),
    ratio: null,
    ratioLabel: null,
    target: { op: '==', value: 0, on: 'failed', label: '0 dropped' },
    pass: failed === 0,
    detail: { ...common, burstMs: stats(measured.map((burst) => burst.ms)), failed },
  });
  ctx.record({
    id: `${prefix}.idleRss`,
    name: 'emulator process: RSS idle, before the first burst',
    unit: 'MB',
    stats: stats([idle.rssMb]),
    ratio: null,
    ratioLabel: null,
    target: null,
    pass: null,
    detail: { idle },
  });
  const peak = Math.max(...bursts.map((burst) => burst.hwmMb));
  ctx.record({
    id: `${prefix}.peakRss`,
    name: 'emulator process: peak RSS (VmHWM) after each burst',
    unit: 'MB',
    stats: stats(measured.map((burst) => burst.hwmMb)),
    ratio: peak / idle.rssMb,
    ratioLabel: 'peak/idle RSS',
    target: null,
    pass: null,
    detail: { peakMb: peak, idleRssMb: idle.rssMb },
  });
  ctx.record({
    id: `${prefix}.rssGrowth`,
    name: 'emulator process: RSS growth per measured burst (VmRSS)',
    unit: 'MB',
    stats: stats(growth),
    ratio: null,
    ratioLabel: null,
    target: null,
    pass: null,
    detail: { growthMb: growth, firstToLastMb: bursts.at(-1).rssMb - bursts[0].rssMb },
  });
}

// ---------------------------------------------------------------------------------------------------
// Detail lines printed under the table.

export function lambdaDetailLines(results) {
  const lines = [];
  const fmt = (value, digits = 0) => value.toFixed(digits);
  for (const { concurrency, repeat } of INVOKE_RUNS) {
    const prefix = `lambda.invoke.c${concurrency}`;
    const get = (suffix) => results.find((result) => result.id === `${prefix}.${suffix}`);
    const check = get('invokeCheck');
    if (!check) continue;
    const parts = [
      ['raw', get('raw')],
      ['invokeCheck', check],
      ['bare', get('bare')],
    ].map(
      ([title, result]) =>
        `${title} ${fmt(result.detail.runMs.median)} ms (p10 ${fmt(result.detail.p10InvocationsPerS)} inv/s, ` +
        `CPU ${fmt(result.detail.cpuUsPerInvocation.median)} µs/inv here, ` +
        `${fmt(result.detail.emulatorCpuUsPerInvocation)} in the emulator)`,
    );
    const vsBare = check.detail.vsBare;
    lines.push(
      `${prefix}: per run of ${repeat}: ${parts.join(', ')}; ` +
        `invokeCheck/raw ratio of medians ${check.detail.ratioOfMedians.toFixed(3)}; ` +
        `invokeCheck/bare ${vsBare.ratio.median.toFixed(3)} ` +
        `(95% CI ${vsBare.ratioCi95.low.toFixed(3)}–${vsBare.ratioCi95.high.toFixed(3)})`,
    );
  }
  const throughput = results.find((result) => result.id === 'emulator.process.throughput');
  if (throughput) {
    const { bursts, idle, requestHandler } = throughput.detail;
    lines.push(
      `emulator.process: idle RSS ${fmt(idle.rssMb, 1)} MB (VmHWM ${fmt(idle.hwmMb, 1)}); requestHandler ${requestHandler}; bursts:`,
    );
    for (const burst of bursts) {
      lines.push(
        `  #${burst.burst}${burst.warmup ? (burst.burst === 1 ? ' (warm-up, new connections)' : ' (warm-up)') : ''}: ${fmt(burst.ms)} ms, ` +
          `${fmt(burst.invocationsPerS)} inv/s, ${burst.ok}/${BURST_SIZE} ok, ` +
          `peak in flight ${burst.peakInFlight}, RSS ${fmt(burst.rssMb, 1)} MB, VmHWM ${fmt(burst.hwmMb, 1)} MB, ` +
          `idle keep-alive sockets after ${burst.keepAliveSockets}`,
      );
    }
  }
  return lines;
}
