// Deployment simulator benchmarks, run by bench/run.mjs (`node bench/run.mjs simulate`; see bench/README.md):
//
// 12. Wall time of a simulated Canary10Percent5Minutes deployment with 5 requests/s of traffic through
//     the alias (about 1,500 requests and both hooks), against the same number of in-process invokes of
//     the same function on a bare emulator, paired, alternating: target < 2 s; the ratio is what the
//     simulation costs over the traffic it drives.
// 13. 100 simulated deployments in sequence: total wall time (target < 60 s) and the heap after a
//     forced GC, the mean of the first ten deployments against the mean of the last ten (target: no
//     growth, ratio ≤ 1.10), and the process's peak RSS.
//
// Runs against the BUILT packages (`packages/*/dist`).
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { simulateDeployment } from '../packages/simulator/dist/index.js';
import { startEmulator } from '../packages/testing/dist/index.js';
import { breathe, medianCi95, stats, timed } from './lib.mjs';

const PROJECT = fileURLToPath(new URL('../test/fixtures/simulate/', import.meta.url));
const TEMPLATE = `${PROJECT}template.yaml`;
const CANARY_RUNS = 7;
const SEQUENCE = 100;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const canary = (seed) =>
  simulateDeployment({
    template: TEMPLATE,
    code: { from: PROJECT, to: PROJECT },
    environment: { to: { RELEASE: '2' } },
    traffic: { rps: 5 },
    seed,
    startAt: Date.UTC(2026, 0, 5, 9, 0),
  });

/** The traffic alone: as many in-process invokes of the same function through its alias, on a bare emulator. */
async function bareTraffic(requests) {
  const emulator = await startEmulator();
  try {
    emulator.lambda.createFunction({ functionName: 'orders', handler: { module: `${PROJECT}src/app.mjs` } });
    emulator.lambda.publishVersion('orders');
    emulator.lambda.createAlias('orders', 'live', '1');
    for (let i = 0; i < requests; i += 1) await emulator.lambda.invoke('orders', {}, { qualifier: 'live' });
  } finally {
    await emulator.close();
  }
}

export async function benchSimulate(ctx) {
  ctx.setBench('simulate.canary');
  await canary(1); // warm: modules, the SDK clients' first load
  const simulated = [];
  const bare = [];
  let sent = 0;
  for (let i = 0; i < CANARY_RUNS; i += 1) {
    const runSimulation = async () => {
      const { ms, value } = await timed(() => canary(i + 2));
      if (value.outcome !== 'succeeded') ctx.problems.push(`simulate.canary: outcome ${value.outcome}`);
      sent = value.traffic.sent;
      simulated.push(ms);
    };
    const runBare = async () => bare.push((await timed(() => bareTraffic(sent || 1500))).ms);
    if (i % 2 === 0) {
      await runSimulation();
      await runBare();
    } else {
      await runBare();
      await runSimulation();
    }
    await breathe();
  }
  const ratios = simulated.map((ms, i) => ms / bare[i]);
  ctx.record({
    id: 'simulate.canary',
    name: `simulated Canary10Percent5Minutes at 5 req/s (${sent} requests, 2 hooks): wall time`,
    unit: 'ms',
    stats: stats(simulated),
    ratio: stats(ratios).median,
    ratioLabel: `simulation / ${sent} bare in-process invokes (CI ${fmt(medianCi95(ratios))})`,
    target: { op: '<', value: 2000, on: 'median', label: '< 2 s' },
    pass: stats(simulated).median < 2000,
    detail: { runs: CANARY_RUNS, bareMs: stats(bare), requests: sent },
  });

  ctx.setBench('simulate.sequence');
  gc();
  const heaps = [];
  const started = performance.now();
  for (let i = 0; i < SEQUENCE; i += 1) {
    const result = await canary(1000 + i);
    if (result.outcome !== 'succeeded')
      ctx.problems.push(`simulate.sequence ${i}: outcome ${result.outcome}`);
    gc();
    heaps.push(process.memoryUsage().heapUsed / 2 ** 20);
  }
  const totalMs = performance.now() - started;
  const mean = (list) => list.reduce((sum, value) => sum + value, 0) / list.length;
  const first = mean(heaps.slice(0, 10));
  const last = mean(heaps.slice(-10));
  ctx.record({
    id: 'simulate.sequence',
    name: `${SEQUENCE} simulated Canary10Percent5Minutes deployments in sequence: total wall time`,
    unit: 'ms',
    stats: stats([totalMs]),
    ratio: null,
    ratioLabel: null,
    target: { op: '<', value: 60_000, on: 'median', label: '< 60 s' },
    pass: totalMs < 60_000,
    detail: { deployments: SEQUENCE, perDeploymentMs: totalMs / SEQUENCE },
  });
  ctx.record({
    id: 'simulate.heap',
    name: `heap after GC, last ten of ${SEQUENCE} deployments / first ten`,
    unit: 'MB',
    stats: stats(heaps.slice(-10)),
    ratio: last / first,
    ratioLabel: `last ten ${last.toFixed(1)} MB / first ten ${first.toFixed(1)} MB`,
    target: { op: '<=', value: 1.1, on: 'ratio', label: 'no growth (≤ 1.10)' },
    pass: last / first <= 1.1,
    detail: { heapsMb: heaps.map((mb) => Number(mb.toFixed(2))) },
  });
  ctx.record({
    id: 'simulate.rss',
    name: 'peak RSS of the benchmark process after the simulations',
    unit: 'MB',
    stats: stats([process.resourceUsage().maxRSS / 1024]),
    ratio: null,
    ratioLabel: null,
    target: null,
    pass: null,
    detail: {},
  });
}

function fmt({ low, high }) {
  return `${low.toFixed(2)}–${high.toFixed(2)}`;
}
