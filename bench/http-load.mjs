// HTTP benchmarks, run by bench/run.mjs (`node bench/run.mjs http-load`; see bench/README.md):
//
// 7. loadProbe against autocannon on the same keep-alive server (a child process), same connections and
//    duration, one child process per run so each side's peak RSS is its own, sides rotating. A bare
//    undici loop (the probe's engine, one Client per connection) runs beside them as a reference, so
//    the table shows what the probe adds to undici and what undici costs against autocannon.
// 8. httpCheck per request against a bare `undici.request` loop on the same server, same sequential count.
//
// Runs against the BUILT packages (`packages/*/dist`).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { httpCheck } from '../packages/http/dist/index.js';
import { systemClock } from '../packages/kit/dist/index.js';
import { breathe, medianCi95, stats, timed } from './lib.mjs';

// undici is @shiftguard/http's dependency, not the workspace root's: resolve it from there.
const { Agent, request } = createRequire(new URL('../packages/http/package.json', import.meta.url))('undici');
const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const LOAD_CONNECTIONS = 10;
const LOAD_DURATION_MS = 2_000;
// One warm-up round (both sides) is dropped; each round is a child process per side.
const LOAD_WARMUP = 1;
const LOAD_ROUNDS = 6;
const LOAD_TARGET = 1.0;
const CHILDREN = {
  probe: 'load-probe-child.mjs',
  autocannon: 'autocannon-child.mjs',
  undici: 'undici-child.mjs',
};
// Every side goes first, second and third equally often.
const ROTATIONS = [
  ['probe', 'autocannon', 'undici'],
  ['autocannon', 'undici', 'probe'],
  ['undici', 'probe', 'autocannon'],
];

const CHECK_REQUESTS = 200;
const CHECK_WARMUP = 5;
const CHECK_ITERATIONS = 40;
const CHECK_TARGET = 0.95;

/** Starts a node script and waits for its first stdout line matching `ready`; returns the child and the match. */
function spawnScript(script, args, ready) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const done = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${script} exited with ${code}: ${stderr}`));
    });
  });
  if (!ready) return { child, done };
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${stderr}`)), 15_000);
    const poll = setInterval(() => {
      const match = ready.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      clearInterval(poll);
      resolve(match);
    }, 10);
    done.catch((error) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(error);
    });
  });
  return { child, done, started };
}

async function startServer() {
  const server = spawnScript(fixture('http-server.mjs'), [], /listening (\d+)/);
  const [, port] = await server.started;
  const onExit = () => server.child.kill('SIGKILL');
  process.once('exit', onExit);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      process.off('exit', onExit);
      server.child.kill('SIGTERM');
      await server.done.catch(() => {});
    },
  };
}

async function runSide(script, url) {
  const { done } = spawnScript(fixture(script), [url, String(LOAD_CONNECTIONS), String(LOAD_DURATION_MS)]);
  return JSON.parse((await done).trim().split('\n').at(-1));
}

const ci = (samples) => {
  const { low, high } = medianCi95(samples);
  return `95% CI ${low.toFixed(3)}–${high.toFixed(3)}`;
};

export async function benchHttpLoad(ctx) {
  ctx.setBench('http.load.setup');
  const server = await startServer();
  const sides = { probe: [], autocannon: [], undici: [] };
  const ratios = [];
  const engineRatios = [];
  const problems = [];
  try {
    for (let i = 0; i < LOAD_WARMUP + LOAD_ROUNDS; i++) {
      const order = ROTATIONS[i % ROTATIONS.length];
      const round = {};
      for (const side of order) {
        ctx.setBench(`http.load.${side}`);
        round[side] = await runSide(CHILDREN[side], server.url);
        if (round[side].status !== 'pass') problems.push(`${side}: ${JSON.stringify(round[side])}`);
        await breathe();
      }
      if (i < LOAD_WARMUP) continue;
      for (const side of order) sides[side].push(round[side]);
      ratios.push(round.probe.rps / round.autocannon.rps);
      engineRatios.push(round.probe.rps / round.undici.rps);
    }
  } finally {
    await server.stop();
  }
  if (problems.length > 0) ctx.problems.push(`http.load: ${problems.slice(0, 3).join('; ')}`);
  const column = (side, key) => sides[side].map((run) => run[key]);
  const detail = (side) => ({
    connections: LOAD_CONNECTIONS,
    durationMs: LOAD_DURATION_MS,
    rounds: LOAD_ROUNDS,
    warmup: LOAD_WARMUP,
    requests: stats(column(side, 'requests')),
    p50Ms: stats(column(side, 'p50')),
    p99Ms: stats(column(side, 'p99')),
    peakRssMb: stats(column(side, 'peakRssMb')),
    method: 'one child process per side and round, sides alternating; the server in its own child process',
  });
  const correct = problems.length === 0;
  ctx.record({
    id: 'http.load.autocannon',
    name: `load ${LOAD_CONNECTIONS} conn × ${LOAD_DURATION_MS / 1000} s: autocannon (baseline)`,
    unit: 'req/s',
    stats: stats(column('autocannon', 'rps')),
    ratio: null,
    ratioLabel: null,
    target: null,
    pass: correct ? null : false,
    detail: detail('autocannon'),
  });
  ctx.record({
    id: 'http.load.undici',
    name: `load ${LOAD_CONNECTIONS} conn × ${LOAD_DURATION_MS / 1000} s: bare undici Client loop (reference)`,
    unit: 'req/s',
    stats: stats(column('undici', 'rps')),
    ratio: stats(column('undici', 'rps')).median / stats(column('autocannon', 'rps')).median,
    ratioLabel: 'undici/autocannon (medians)',
    target: null,
    pass: correct ? null : false,
    detail: {
      ...detail('undici'),
      probeOverUndici: stats(engineRatios),
      probeOverUndiciCi95: medianCi95(engineRatios),
    },
  });
  const ratio = stats(ratios).median;
  ctx.record({
    id: 'http.load.loadProbe',
    name: `load ${LOAD_CONNECTIONS} conn × ${LOAD_DURATION_MS / 1000} s: loadProbe via runPlan`,
    unit: 'req/s',
    stats: stats(column('probe', 'rps')),
    ratio,
    ratioLabel: `probe/autocannon (${ci(ratios)}); probe/undici ${stats(engineRatios).median.toFixed(3)}`,
    target: { op: '>=', value: LOAD_TARGET, on: 'ratio', label: `≥ ${LOAD_TARGET}× autocannon` },
    pass: correct && ratio >= LOAD_TARGET,
    detail: { ...detail('probe'), ratio: stats(ratios), ratioCi95: medianCi95(ratios) },
  });

  await benchHttpCheckOverhead(ctx);
}

async function benchHttpCheckOverhead(ctx) {
  ctx.setBench('http.check.setup');
  const server = await startServer();
  // One Agent for both sides, so connection reuse is the same.
  const dispatcher = new Agent();
  const check = httpCheck({ url: server.url, dispatcher });
  const checkContext = {
    target: { functionName: 'bench', alias: 'live', currentVersion: '1', targetVersion: '2' },
    deployment: { deploymentId: 'd-BENCHHTTP', executionId: 'exec-bench-http' },
    lifecycleEvent: 'AfterAllowTraffic',
    signal: new AbortController().signal,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    state: new Map(),
    dryRun: false,
    remainingTimeMs: () => Number.POSITIVE_INFINITY,
    clock: systemClock,
  };
  const problems = {};
  const viaCheck = async () => {
    for (let i = 0; i < CHECK_REQUESTS; i++) await check.run(checkContext);
  };
  const bare = async () => {
    for (let i = 0; i < CHECK_REQUESTS; i++) {
      const response = await request(server.url, { dispatcher });
      const text = await response.body.text();
      if (response.statusCode !== 200 || text !== '{"ok":true}') problems.bare = (problems.bare ?? 0) + 1;
    }
  };
  const ms = { check: [], bare: [] };
  const ratios = [];
  try {
    for (let i = 0; i < CHECK_WARMUP + CHECK_ITERATIONS; i++) {
      const order = i % 2 === 0 ? ['check', 'bare'] : ['bare', 'check'];
      const times = {};
      for (const side of order) {
        ctx.setBench(`http.check.${side}`);
        try {
          times[side] = (await timed(side === 'check' ? viaCheck : bare)).ms;
        } catch (error) {
          problems[side] = String(error?.message ?? error);
          times[side] = Number.NaN;
        }
        await breathe();
      }
      if (i < CHECK_WARMUP) continue;
      ms.check.push(times.check);
      ms.bare.push(times.bare);
      // Throughput ratio = time ratio inverted.
      ratios.push(times.bare / times.check);
    }
  } finally {
    await dispatcher.close();
    await server.stop();
  }
  const correct = Object.keys(problems).length === 0;
  if (!correct) ctx.problems.push(`http.check: ${JSON.stringify(problems)}`);
  const perRequestUs = (key) => ms[key].map((value) => (value / CHECK_REQUESTS) * 1000);
  const detail = (key) => ({
    requestsPerRun: CHECK_REQUESTS,
    warmup: CHECK_WARMUP,
    iterations: CHECK_ITERATIONS,
    runMs: stats(ms[key]),
    method: 'paired, alternating order, sequential requests over one shared undici Agent',
  });
  ctx.record({
    id: 'http.check.bare',
    name: `httpCheck ${CHECK_REQUESTS}× sequential: bare undici.request (baseline)`,
    unit: 'µs/req',
    stats: stats(perRequestUs('bare')),
    ratio: null,
    ratioLabel: null,
    target: null,
    pass: correct ? null : false,
    detail: detail('bare'),
  });
  const ratio = stats(ratios).median;
  ctx.record({
    id: 'http.check.httpCheck',
    name: `httpCheck ${CHECK_REQUESTS}× sequential: httpCheck.run`,
    unit: 'µs/req',
    stats: stats(perRequestUs('check')),
    ratio,
    ratioLabel: `throughput check/bare (${ci(ratios)})`,
    target: { op: '>=', value: CHECK_TARGET, on: 'ratio', label: `≥ ${CHECK_TARGET}× bare` },
    pass: correct && ratio >= CHECK_TARGET,
    detail: { ...detail('check'), ratio: stats(ratios), ratioCi95: medianCi95(ratios) },
  });
}

/** The latency percentiles and peak RSS of the two load generators, side by side. */
export function httpLoadDetailLines(results) {
  const probe = results.find((result) => result.id === 'http.load.loadProbe');
  const cannon = results.find((result) => result.id === 'http.load.autocannon');
  if (!probe || !cannon) return [];
  const side = (title, result) =>
    `${title} p50 ${result.detail.p50Ms.median.toFixed(2)} ms, p99 ${result.detail.p99Ms.median.toFixed(2)} ms, ` +
    `peak RSS ${result.detail.peakRssMb.median.toFixed(1)} MB, ${result.detail.requests.median} requests per run`;
  const engine = results.find((result) => result.id === 'http.load.undici');
  return [
    `http.load (medians over ${probe.detail.rounds} rounds): ${side('loadProbe', probe)}; ${side('autocannon', cannon)}` +
      (engine ? `; ${side('bare undici', engine)}` : ''),
  ];
}
