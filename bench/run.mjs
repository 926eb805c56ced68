// shiftguard benchmarks: runner overhead, time-to-verdict vs the critical path, fail-fast latency, and
// (bench/lambda.mjs) invokeCheck throughput vs the raw SDK and the emulator under 1,000 concurrent invokes,
// and (bench/cold-start.mjs) the size and cold init of a bundled hook against the bare-SDK hook.
// Runs against the BUILT packages (`pnpm bench` builds first). See bench/README.md for how to read it.
//
// Method: hand-written loops timed with performance.now(); every figure is a median (and p90) over many
// runs, and every shiftguard measurement is paired with a baseline measured in the same loop iteration,
// in alternating order, so load on this shared machine hits both sides alike. Benchmarks report, they
// do not gate: the exit code is 0 whether or not a target is met.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  CheckFailure,
  DeadlineExceededError,
  defineCheck,
  parallel,
  runPlan,
  sequence,
} from '../packages/core/dist/index.js';
import { systemClock } from '../packages/kit/dist/index.js';
import { benchColdStart, coldStartDetailLines } from './cold-start.mjs';
import { benchHttpLoad, httpLoadDetailLines } from './http-load.mjs';
import { benchEmulatorProcess, benchInvokeThroughput, lambdaDetailLines } from './lambda.mjs';
import { breathe, stats, timed } from './lib.mjs';
import { benchMetrics } from './metrics.mjs';
import { benchSimulate } from './simulate.mjs';

const OUT_DIR = new URL('../.bench-out/', import.meta.url);
const OUT_FILE = new URL('latest.json', OUT_DIR);

const OVERHEAD_CHECKS = 1000;
const OVERHEAD_WARMUP = 30;
const OVERHEAD_ITERATIONS = 200;
const VERDICT_RUNS_SMALL = 20;
const VERDICT_RUNS_LARGE = 15;
const FAIL_FAST_RUNS = 25;

// `node bench/run.mjs invoke emulator` runs only those groups (all of them without arguments).
const GROUPS = [
  'overhead',
  'verdict',
  'failfast',
  'invoke',
  'emulator',
  'cold-start',
  'http-load',
  'metrics',
  'simulate',
];
const only = process.argv.slice(2);
for (const group of only) {
  if (!GROUPS.includes(group)) {
    console.error(`unknown benchmark group "${group}"; known: ${GROUPS.join(', ')}`);
    process.exit(2);
  }
}
const selected = (group) => only.length === 0 || only.includes(group);

// ---------------------------------------------------------------------------------------------------
// Process warnings (e.g. MaxListenersExceededWarning) are collected and summarised at the end instead of
// being printed one by one in the middle of the table. They are findings, not noise: see the summary.
const warnings = new Map();
let currentBench = 'setup';
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  const key = `${warning.name}: ${warning.message}`;
  const entry = warnings.get(key) ?? { name: warning.name, message: warning.message, count: 0, benches: {} };
  entry.count++;
  entry.benches[currentBench] = (entry.benches[currentBench] ?? 0) + 1;
  warnings.set(key, entry);
});

// ---------------------------------------------------------------------------------------------------
// Statistics and helpers.

/** Runs `a` and `b` back to back, alternating which goes first, so drift and load hit both alike. */
async function paired(iteration, a, b) {
  if (iteration % 2 === 0) {
    const ra = await timed(a);
    const rb = await timed(b);
    return [ra, rb];
  }
  const rb = await timed(b);
  const ra = await timed(a);
  return [ra, rb];
}

/** A sleep that honours an AbortSignal, like a well-behaved check (or fetch) does. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const baseOptions = {
  target: {
    functionName: 'bench-fn',
    alias: 'live',
    currentVersion: '1',
    targetVersion: '2',
    qualifiedArn: undefined,
  },
  deployment: {
    deploymentId: 'd-BENCH0001',
    executionId: 'exec-bench',
    applicationName: undefined,
    deploymentGroupName: undefined,
    description: undefined,
  },
  lifecycleEvent: 'BeforeAllowTraffic',
  clock: systemClock,
};

const results = [];
const problems = [];

function record(result) {
  results.push(result);
  return result;
}

function expectStatuses(bench, checkResults, expected) {
  for (const [name, status] of Object.entries(expected)) {
    const found = checkResults.find((result) => result.name === name);
    if (found?.status !== status) {
      problems.push(`${bench}: expected "${name}" to be ${status}, got ${found?.status ?? 'no result'}`);
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// 1. Runner overhead: 1,000 no-op checks through runPlan vs the same run() functions called directly.

async function benchOverhead() {
  currentBench = 'overhead';
  const ctx = { ...baseOptions, signal: new AbortController().signal, dryRun: false, state: new Map() };
  const syncChecks = Array.from({ length: OVERHEAD_CHECKS }, (_, i) => defineCheck(`sync-${i}`, () => {}));
  const asyncChecks = Array.from({ length: OVERHEAD_CHECKS }, (_, i) =>
    defineCheck(`async-${i}`, async () => {}),
  );
  // Plans are built once, outside the timed region, as a hook module does at load time.
  const cases = [
    {
      id: 'overhead.sequence-sync',
      name: `overhead: sequence of ${OVERHEAD_CHECKS} sync no-ops`,
      plan: sequence(syncChecks),
      baseline: async () => {
        for (const check of syncChecks) await check.run(ctx);
      },
    },
    {
      id: 'overhead.parallel-async',
      name: `overhead: parallel of ${OVERHEAD_CHECKS} async no-ops`,
      plan: parallel(asyncChecks),
      baseline: () => Promise.all(asyncChecks.map((check) => check.run(ctx))),
    },
  ];

  for (const c of cases) {
    const planMs = [];
    const baselineMs = [];
    const overheadUs = [];
    const ratios = [];
    let allPassed = true;
    for (let i = 0; i < OVERHEAD_WARMUP + OVERHEAD_ITERATIONS; i++) {
      const [plan, baseline] = await paired(
        i,
        () => runPlan(c.plan, baseOptions),
        () => c.baseline(),
      );
      if (plan.value.length !== OVERHEAD_CHECKS || plan.value.some((result) => result.status !== 'pass')) {
        allPassed = false;
      }
      if (i >= OVERHEAD_WARMUP) {
        planMs.push(plan.ms);
        baselineMs.push(baseline.ms);
        overheadUs.push(((plan.ms - baseline.ms) / OVERHEAD_CHECKS) * 1000);
        ratios.push(plan.ms / baseline.ms);
      }
      await breathe();
    }
    if (!allPassed) problems.push(`${c.id}: runPlan did not return ${OVERHEAD_CHECKS} passing results`);
    const perCheck = stats(overheadUs);
    record({
      id: c.id,
      name: `${c.name}: per-check overhead`,
      unit: 'µs',
      stats: perCheck,
      ratio: stats(ratios).median,
      ratioLabel: 'plan/baseline',
      target: null,
      pass: allPassed ? null : false,
      detail: {
        method: 'paired hand loop, performance.now(), alternating order',
        warmup: OVERHEAD_WARMUP,
        iterations: OVERHEAD_ITERATIONS,
        checks: OVERHEAD_CHECKS,
        planMs: stats(planMs),
        baselineMs: stats(baselineMs),
        ratio: stats(ratios),
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// 2. Time-to-verdict vs the critical path. A plan is described once as a tree ({ seq }, { par }, or a
// number of milliseconds to sleep) and turned into both a shiftguard plan and raw await/Promise.all code.

function criticalPath(node) {
  if (typeof node === 'number') return node;
  if (node.seq) return node.seq.reduce((sum, child) => sum + criticalPath(child), 0);
  return Math.max(...node.par.map(criticalPath));
}

function toPlan(node, path = 'n') {
  if (typeof node === 'number') return defineCheck(`${path}-sleep${node}`, (ctx) => sleep(node, ctx.signal));
  const children = (node.seq ?? node.par).map((child, i) => toPlan(child, `${path}.${i}`));
  return node.seq ? sequence(children) : parallel(children, { failFast: true });
}

function toRaw(node) {
  if (typeof node === 'number') return (signal) => sleep(node, signal);
  const children = (node.seq ?? node.par).map(toRaw);
  if (node.seq) {
    return async (signal) => {
      for (const child of children) await child(signal);
    };
  }
  return async (signal) => {
    await Promise.all(children.map((child) => child(signal)));
  };
}

async function benchVerdict(id, label, tree, runs) {
  currentBench = id;
  const critical = criticalPath(tree);
  const plan = toPlan(tree);
  const raw = toRaw(tree);
  const planMs = [];
  const rawMs = [];
  const ratiosToRaw = [];
  let allPassed = true;
  for (let i = -2; i < runs; i++) {
    const [fromPlan, fromRaw] = await paired(
      i + 2,
      () => runPlan(plan, baseOptions),
      () => raw(new AbortController().signal),
    );
    if (fromPlan.value.some((result) => result.status !== 'pass')) allPassed = false;
    if (i >= 0) {
      planMs.push(fromPlan.ms);
      rawMs.push(fromRaw.ms);
      ratiosToRaw.push(fromPlan.ms / fromRaw.ms);
    }
    await breathe();
  }
  if (!allPassed) problems.push(`${id}: runPlan reported a non-passing sleep`);
  const planStats = stats(planMs);
  const rawStats = stats(rawMs);
  const target = 1.02;
  const ratio = planStats.median / critical;
  record({
    id: `${id}.runPlan`,
    name: `${label}: runPlan (critical path ${critical} ms)`,
    unit: 'ms',
    stats: planStats,
    ratio,
    ratioLabel: 'runPlan/critical',
    target: { op: '<=', value: target, on: 'ratio', label: `≤ ${target}× crit` },
    pass: allPassed && ratio <= target,
    detail: { criticalPathMs: critical, runs, p90Ratio: planStats.p90 / critical, tree },
  });
  record({
    id: `${id}.raw`,
    name: `${label}: raw await/Promise.all (reference)`,
    unit: 'ms',
    stats: rawStats,
    ratio: rawStats.median / critical,
    ratioLabel: 'raw/critical',
    target: null,
    pass: null,
    detail: { criticalPathMs: critical, runs, p90Ratio: rawStats.p90 / critical },
  });
  record({
    id: `${id}.vsRaw`,
    name: `${label}: runPlan − raw, paired`,
    unit: 'ms',
    stats: stats(planMs.map((ms, i) => ms - rawMs[i])),
    ratio: stats(ratiosToRaw).median,
    ratioLabel: 'runPlan/raw (median of pairs)',
    target: null,
    pass: null,
    detail: { ratio: stats(ratiosToRaw) },
  });
}

// ---------------------------------------------------------------------------------------------------
// 3. Fail-fast latency: time from the failing check's throw to runPlan's resolution.

const FAILING = 'failing-check';

function failAfter(ms, name = FAILING) {
  return defineCheck(name, async (ctx) => {
    await sleep(ms, ctx.signal);
    ctx.state.set('thrownAt', performance.now());
    throw new CheckFailure(`failed on purpose after ${ms} ms`, { details: { afterMs: ms } });
  });
}

const honouring = (name, ms) => defineCheck(name, (ctx) => sleep(ms, ctx.signal));
// These ignore ctx.signal entirely, like a check calling an API without passing the signal.
const ignoring = (name, ms) => defineCheck(name, () => new Promise((resolve) => setTimeout(resolve, ms)));
const hanging = (name) => defineCheck(name, () => new Promise(() => {}));

async function benchLatency({ id, name, plan, expected, trigger, extra }) {
  currentBench = id;
  const latencies = [];
  const totals = [];
  let correct = true;
  for (let i = -2; i < FAIL_FAST_RUNS; i++) {
    const state = new Map();
    const options = { ...baseOptions, state };
    const armed = trigger?.(state, options);
    const start = performance.now();
    const checkResults = await runPlan(plan, options);
    const verdictAt = performance.now();
    armed?.cancel();
    const triggeredAt = state.get('thrownAt');
    if (!expectStatuses(id, checkResults, expected) || triggeredAt === undefined) correct = false;
    if (i >= 0 && triggeredAt !== undefined) {
      latencies.push(verdictAt - triggeredAt);
      totals.push(verdictAt - start);
    }
    await breathe();
  }
  const latency = stats(latencies);
  const target = 10;
  record({
    id,
    name: `${name}${extra ? ' (extra)' : ''}`,
    unit: 'ms',
    stats: latency,
    ratio: null,
    ratioLabel: null,
    target: { op: '<=', value: target, on: 'median', label: `≤ ${target} ms` },
    pass: correct && latency.median <= target,
    detail: { runs: FAIL_FAST_RUNS, totalRunPlanMs: stats(totals), statusesAsExpected: correct },
  });
}

async function benchFailFast() {
  const expectedCancelled = { [FAILING]: 'fail', 'sibling-a': 'skipped', 'sibling-b': 'skipped' };
  await benchLatency({
    id: 'failfast.honouring',
    name: 'fail-fast: siblings honour ctx.signal',
    plan: parallel([honouring('sibling-a', 1000), honouring('sibling-b', 1000), failAfter(50)]),
    expected: expectedCancelled,
  });
  await benchLatency({
    id: 'failfast.nested',
    name: 'fail-fast: failure 2 levels deep',
    plan: parallel([
      sequence([honouring('sibling-a', 1000), honouring('after-a', 1000)]),
      parallel([ignoring('sibling-b', 1000), sequence([honouring('warm-up-10', 10), failAfter(40)])]),
    ]),
    expected: { ...expectedCancelled, 'after-a': 'skipped', 'warm-up-10': 'pass' },
    extra: true,
  });
  // The deadline path: an outer signal aborts mid-run (as the hook's deadline does) while checks ignore it.
  await benchLatency({
    id: 'deadline.ignoring',
    name: 'deadline abort: siblings ignore signal',
    plan: parallel([ignoring('sibling-a', 1000), hanging('sibling-b')]),
    expected: { 'sibling-a': 'timed-out', 'sibling-b': 'timed-out' },
    trigger: (state, options) => {
      const controller = new AbortController();
      options.signal = controller.signal;
      const timer = setTimeout(() => {
        state.set('thrownAt', performance.now());
        controller.abort(new DeadlineExceededError('bench deadline'));
      }, 50);
      return { cancel: () => clearTimeout(timer) };
    },
    extra: true,
  });
  // Last, because the ignoring siblings leave 1 s timers behind them.
  await benchLatency({
    id: 'failfast.ignoring',
    name: 'fail-fast: siblings ignore signal (1 s)',
    plan: parallel([ignoring('sibling-a', 1000), ignoring('sibling-b', 1000), failAfter(50)]),
    expected: expectedCancelled,
  });
  await benchLatency({
    id: 'failfast.hanging',
    name: 'fail-fast: siblings never resolve',
    plan: parallel([hanging('sibling-a'), hanging('sibling-b'), failAfter(50)]),
    expected: expectedCancelled,
  });
}

// ---------------------------------------------------------------------------------------------------
// Report.

function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 10 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

function printTable() {
  const rows = results.map((result) => [
    result.name,
    formatValue(result.stats.median, result.unit),
    formatValue(result.stats.p90, result.unit),
    result.ratio === null ? '—' : `${result.ratio.toFixed(3)}× ${result.ratioLabel}`,
    result.target?.label ?? '—',
    result.pass === null ? 'info' : result.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['benchmark', 'median', 'p90', 'ratio', 'target', 'result'];
  const widths = header.map((title, col) => Math.max(title.length, ...rows.map((row) => row[col].length)));
  const line = (cells) =>
    cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

function printDetails() {
  console.log('');
  for (const result of results.filter((r) => r.id.startsWith('overhead.'))) {
    const { planMs, baselineMs } = result.detail;
    console.log(
      `${result.id}: runPlan median ${planMs.median.toFixed(3)} ms (p90 ${planMs.p90.toFixed(3)}), ` +
        `baseline median ${baselineMs.median.toFixed(3)} ms (p90 ${baselineMs.p90.toFixed(3)}), ` +
        `${result.detail.iterations} paired iterations after ${result.detail.warmup} warm-up`,
    );
  }
  for (const result of results.filter((r) => r.id.endsWith('.runPlan'))) {
    console.log(
      `${result.id}: p90 ratio to critical path ${result.detail.p90Ratio.toFixed(3)}× over ${result.detail.runs} runs`,
    );
  }
  for (const result of results.filter((r) => r.detail?.totalRunPlanMs)) {
    const total = result.detail.totalRunPlanMs;
    console.log(
      `${result.id}: whole runPlan median ${total.median.toFixed(1)} ms (p90 ${total.p90.toFixed(1)}), statuses as expected: ${result.detail.statusesAsExpected}`,
    );
  }
  for (const line of lambdaDetailLines(results)) console.log(line);
  for (const line of coldStartDetailLines(results)) console.log(line);
  for (const line of httpLoadDetailLines(results)) console.log(line);
}

async function main() {
  const startedAt = performance.now();
  console.log(
    `shiftguard bench — node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log('method: paired hand loops timed with performance.now(); medians and p90 (nearest rank)\n');

  if (selected('overhead')) await benchOverhead();
  if (selected('verdict')) {
    await benchVerdict(
      'verdict.small',
      'verdict, 5 sleeps',
      { seq: [50, { par: [100, { seq: [30, 40] }, 80] }, 20] },
      VERDICT_RUNS_SMALL,
    );
    await benchVerdict(
      'verdict.large',
      'verdict, 14 sleeps',
      {
        seq: [
          60,
          { par: [{ seq: [100, 150] }, 200, { seq: [50, { par: [120, 180] }, 40] }, 230] },
          { par: [80, { seq: [60, 70] }, 140] },
          30,
        ],
      },
      VERDICT_RUNS_LARGE,
    );
  }
  if (selected('failfast')) await benchFailFast();
  // Last: the in-process emulator installs its log capture (console, stdout) while it runs.
  const lambdaContext = {
    record,
    problems,
    setBench: (name) => {
      currentBench = name;
    },
  };
  for (const [group, bench] of [
    ['invoke', benchInvokeThroughput],
    ['emulator', benchEmulatorProcess],
    ['cold-start', benchColdStart],
    ['http-load', benchHttpLoad],
    ['metrics', benchMetrics],
    ['simulate', benchSimulate],
  ]) {
    if (!selected(group)) continue;
    try {
      await bench(lambdaContext);
    } catch (error) {
      problems.push(`${group}: benchmark aborted: ${error?.stack ?? error}`);
    }
  }
  currentBench = 'teardown';
  await breathe();

  printTable();
  printDetails();

  const missed = results.filter((result) => result.target && !result.pass);
  const warningList = [...warnings.values()];
  console.log('');
  if (warningList.length > 0) {
    console.log('Process warnings raised while benchmarking (collected, not printed as they came):');
    for (const warning of warningList) {
      const where = Object.entries(warning.benches)
        .map(([bench, count]) => `${bench} ×${count}`)
        .join(', ');
      console.log(`  ${warning.count}× ${warning.name}: ${warning.message}\n     during: ${where}`);
    }
  }
  for (const problem of problems) console.log(`CORRECTNESS: ${problem}`);
  if (missed.length === 0) console.log('All targets met.');
  else console.log(`MISSED TARGETS (${missed.length}): ${missed.map((result) => result.id).join(', ')}`);

  const elapsedS = (performance.now() - startedAt) / 1000;
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    OUT_FILE,
    `${JSON.stringify(
      {
        meta: {
          date: new Date().toISOString(),
          node: process.version,
          v8: process.versions.v8,
          platform: `${os.platform()} ${os.arch()}`,
          cpus: os.cpus().length,
          loadavg: os.loadavg(),
          elapsedS,
          method: 'hand loops with performance.now(); paired with baselines, alternating order',
        },
        results,
        missedTargets: missed.map((result) => result.id),
        correctnessProblems: problems,
        warnings: warningList,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nRaw results: .bench-out/latest.json (bench took ${elapsedS.toFixed(1)} s)`);
}

await main();
process.exitCode = 0;
