// Metric check benchmarks, run by bench/run.mjs (`node bench/run.mjs metrics`; see bench/README.md):
//
// 9.  GetMetricData calls per evaluation of a metricGate over 1, 50 and 500 series, through the real
//     CloudWatch client against the emulator, counted at the client: target 1 (pages only if CloudWatch pages).
// 10. The canary judge on 500 series × 60 points: the judgement alone (an answer held in memory) against
//     the same check fetching the answer from the emulator, paired, alternating.
// 11. The emulator's GetMetricData over one hour of per-invocation samples at 50 invocations/s, against
//     the same query over one minute of them, paired, alternating.
//
// Runs against the BUILT packages (`packages/*/dist`).
import { createRequire } from 'node:module';
import { runPlan } from '../packages/core/dist/index.js';
import { canaryJudge, metricGate } from '../packages/metrics/dist/index.js';
import { createManualClock, startEmulator } from '../packages/testing/dist/index.js';
import { breathe, medianCi95, stats, timed } from './lib.mjs';

// The CloudWatch client is a dev dependency of @shiftguard/metrics, not of the workspace root's bench.
const { CloudWatchClient, GetMetricDataCommand } = createRequire(
  new URL('../packages/metrics/package.json', import.meta.url),
)('@aws-sdk/client-cloudwatch');

const START = Date.UTC(2026, 0, 1, 9, 0);
const MINUTE = 60_000;
const JUDGE_METRICS = 250;
const JUDGE_POINTS = 60;
const JUDGE_WARMUP = 3;
const JUDGE_ITERATIONS = 20;
const HOUR_RATE = 50;
const QUERY_WARMUP = 3;
const QUERY_ITERATIONS = 20;

const plan = (clock, minutes) => ({
  target: {
    functionName: 'orders',
    alias: 'live',
    currentVersion: '1',
    targetVersion: '2',
    qualifiedArn: undefined,
  },
  deployment: {
    deploymentId: 'd-BENCHMETR',
    executionId: 'exec-bench',
    applicationName: undefined,
    deploymentGroupName: undefined,
    description: undefined,
    createdAt: START + 60 * MINUTE - minutes * MINUTE,
  },
  lifecycleEvent: 'AfterAllowTraffic',
  clock,
});

/** A client that counts its GetMetricData calls. */
function countingClient(config) {
  const client = new CloudWatchClient({ ...config, maxAttempts: 1 });
  const counter = { calls: 0 };
  client.middlewareStack.add(
    (next) => (args) => {
      counter.calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { client, counter };
}

const version = (v) => ({ FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: v });

/** Per-invocation samples of `minutes` before the clock's now, at `rate` a second, 10% on version 2. */
function seedInvocations(emulator, clock, minutes, rate) {
  const end = clock.now();
  for (let second = minutes * 60; second > 0; second--) {
    const timestamp = end - second * 1000;
    const canary = Math.max(1, Math.round(rate / 10));
    for (const [v, count] of [
      ['1', rate - canary],
      ['2', canary],
    ]) {
      const durations = Array.from({ length: count }, (_, i) => 150 + ((second * 31 + i * 17) % 200));
      const errors = Array.from({ length: count }, (_, i) => ((second + i) % 50 === 0 ? 1 : 0));
      emulator.cloudWatch.putMetricData({
        namespace: 'AWS/Lambda',
        metricData: [
          {
            metricName: 'Invocations',
            dimensions: version(v),
            timestamp,
            values: [1],
            counts: [count],
            unit: 'Count',
          },
          { metricName: 'Errors', dimensions: version(v), timestamp, values: errors, unit: 'Count' },
          {
            metricName: 'Duration',
            dimensions: version(v),
            timestamp,
            values: durations,
            unit: 'Milliseconds',
          },
        ],
      });
    }
  }
}

export async function benchMetrics(ctx) {
  await benchCallsPerEvaluation(ctx);
  await breathe();
  await benchJudgeTime(ctx);
  await breathe();
  await benchHourOfSamples(ctx);
}

async function benchCallsPerEvaluation(ctx) {
  ctx.setBench('metrics.calls');
  const clock = createManualClock({ startAt: START + 60 * MINUTE });
  const emulator = await startEmulator({ clock });
  try {
    seedInvocations(emulator, clock, 10, 5);
    for (const series of [1, 50, 500]) {
      const { client, counter } = countingClient(emulator.clientConfig());
      const conditions = Array.from({ length: series }, (_, i) => ({
        metric: i % 2 === 0 ? 'Duration' : 'Invocations',
        stat: i % 2 === 0 ? `p${50 + (i % 49)}` : 'Sum',
        max: 1e9,
        series: i % 3 === 0 ? 'current' : 'target',
        name: `condition ${i}`,
      }));
      const [result] = await runPlan(
        metricGate({ awsSdkV3Client: client, conditions, window: { minutes: 10 } }),
        plan(clock, 10),
      );
      const correct = result?.status === 'pass';
      if (!correct) ctx.problems.push(`metrics.calls.${series}: ${result?.status}: ${result?.message}`);
      ctx.record({
        id: `metrics.calls.${series}`,
        name: `metricGate over ${series} series: GetMetricData calls per evaluation`,
        unit: 'calls',
        stats: stats([counter.calls]),
        ratio: null,
        ratioLabel: null,
        target: { op: '<=', value: 1, on: 'median', label: '1 (no pages)' },
        pass: correct && counter.calls === 1,
        detail: {
          series,
          calls: counter.calls,
          method: 'the real CloudWatchClient against the emulator, calls counted by a client middleware',
        },
      });
    }
  } finally {
    await emulator.close();
  }
}

async function benchJudgeTime(ctx) {
  ctx.setBench('metrics.judge');
  const clock = createManualClock({ startAt: START + 60 * MINUTE });
  const emulator = await startEmulator({ clock });
  try {
    seedInvocations(emulator, clock, JUDGE_POINTS, 2);
    const metrics = Array.from({ length: JUDGE_METRICS }, (_, i) => ({
      name: `duration p${50 + (i % 50)} #${i}`,
      metric: 'Duration',
      stat: `p${50 + (i % 50)}`,
      detect: 2,
    }));
    const options = { metrics, window: { minutes: JUDGE_POINTS }, inconclusive: 'pass' };
    const live = canaryJudge({ ...options, clientConfig: { ...emulator.clientConfig(), maxAttempts: 1 } });
    // The emulator's answer, captured once, is what the in-memory side judges.
    let captured;
    const capture = new CloudWatchClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    const recorder = { send: async (command) => (captured = await capture.send(command)) };
    await runPlan(canaryJudge({ ...options, awsSdkV3Client: recorder }), plan(clock, JUDGE_POINTS));
    const points = captured?.MetricDataResults?.[0]?.Values?.length ?? 0;
    if (points < JUDGE_POINTS - 1) ctx.problems.push(`metrics.judge: only ${points} points per series`);
    const memory = canaryJudge({ ...options, awsSdkV3Client: { send: async () => captured } });
    const ms = { memory: [], live: [] };
    const ratios = [];
    for (let i = 0; i < JUDGE_WARMUP + JUDGE_ITERATIONS; i++) {
      const order = i % 2 === 0 ? ['memory', 'live'] : ['live', 'memory'];
      const times = {};
      for (const side of order) {
        const check = side === 'memory' ? memory : live;
        times[side] = (await timed(() => runPlan(check, plan(clock, JUDGE_POINTS)))).ms;
        await breathe();
      }
      if (i < JUDGE_WARMUP) continue;
      ms.memory.push(times.memory);
      ms.live.push(times.live);
      ratios.push(times.memory / times.live);
    }
    const [result] = await runPlan(memory, plan(clock, JUDGE_POINTS));
    const judged = result?.details?.metrics?.length ?? 0;
    if (judged !== JUDGE_METRICS) ctx.problems.push(`metrics.judge: ${judged} metrics judged`);
    ctx.record({
      id: 'metrics.judge.fetch',
      name: `canaryJudge ${JUDGE_METRICS * 2} series × ${JUDGE_POINTS} points: fetched from the emulator and judged`,
      unit: 'ms',
      stats: stats(ms.live),
      ratio: null,
      ratioLabel: null,
      target: null,
      pass: null,
      detail: { iterations: JUDGE_ITERATIONS, warmup: JUDGE_WARMUP, points },
    });
    ctx.record({
      id: 'metrics.judge.memory',
      name: `canaryJudge ${JUDGE_METRICS * 2} series × ${JUDGE_POINTS} points: judged from memory`,
      unit: 'ms',
      stats: stats(ms.memory),
      ratio: stats(ratios).median,
      ratioLabel: `judging/(fetch+judging) (${ci(ratios)})`,
      target: null,
      pass: null,
      detail: {
        iterations: JUDGE_ITERATIONS,
        warmup: JUDGE_WARMUP,
        ratio: stats(ratios),
        method: 'paired, alternating',
      },
    });
  } finally {
    await emulator.close();
  }
}

async function benchHourOfSamples(ctx) {
  ctx.setBench('metrics.hour');
  const clock = createManualClock({ startAt: START + 60 * MINUTE });
  const hour = await startEmulator({ clock });
  const minute = await startEmulator({ clock });
  try {
    const seedStarted = performance.now();
    seedInvocations(hour, clock, 60, HOUR_RATE);
    const seedMs = performance.now() - seedStarted;
    seedInvocations(minute, clock, 1, HOUR_RATE);
    const queries = ['1', '2'].flatMap((v) => [
      {
        Id: `inv${v}`,
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: dims(v) },
          Period: 3600,
          Stat: 'Sum',
        },
      },
      {
        Id: `err${v}`,
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: dims(v) },
          Period: 3600,
          Stat: 'Sum',
        },
      },
      {
        Id: `p99${v}`,
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: dims(v) },
          Period: 60,
          Stat: 'p99',
        },
      },
      {
        Id: `avg${v}`,
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: dims(v) },
          Period: 60,
          Stat: 'Average',
        },
      },
    ]);
    const input = {
      MetricDataQueries: queries,
      StartTime: new Date(START),
      EndTime: new Date(START + 60 * MINUTE),
    };
    const clients = {
      hour: new CloudWatchClient({ ...hour.clientConfig(), maxAttempts: 1 }),
      minute: new CloudWatchClient({ ...minute.clientConfig(), maxAttempts: 1 }),
    };
    const totals = {};
    const ms = { hour: [], minute: [] };
    const ratios = [];
    for (let i = 0; i < QUERY_WARMUP + QUERY_ITERATIONS; i++) {
      const order = i % 2 === 0 ? ['hour', 'minute'] : ['minute', 'hour'];
      const times = {};
      for (const side of order) {
        const run = await timed(() => clients[side].send(new GetMetricDataCommand(input)));
        times[side] = run.ms;
        totals[side] = run.value?.MetricDataResults?.find((r) => r.Id === 'inv1')?.Values?.[0];
        await breathe();
      }
      if (i < QUERY_WARMUP) continue;
      ms.hour.push(times.hour);
      ms.minute.push(times.minute);
      ratios.push(times.hour / times.minute);
    }
    const expected = 60 * 60 * (HOUR_RATE - HOUR_RATE / 10);
    if (totals.hour !== expected)
      ctx.problems.push(`metrics.hour: Invocations ${totals.hour}, expected ${expected}`);
    ctx.record({
      id: 'metrics.hour.minute',
      name: 'emulator GetMetricData, 8 series over 1 minute of samples (baseline)',
      unit: 'ms',
      stats: stats(ms.minute),
      ratio: null,
      ratioLabel: null,
      target: null,
      pass: null,
      detail: { iterations: QUERY_ITERATIONS },
    });
    ctx.record({
      id: 'metrics.hour.hour',
      name: `emulator GetMetricData, 8 series over 1 hour at ${HOUR_RATE} invocations/s`,
      unit: 'ms',
      stats: stats(ms.hour),
      ratio: stats(ratios).median,
      ratioLabel: `hour/minute (${ci(ratios)})`,
      target: null,
      pass: null,
      detail: {
        iterations: QUERY_ITERATIONS,
        samples: 60 * 60 * HOUR_RATE * 3,
        seedMs: Math.round(seedMs),
        ratio: stats(ratios),
      },
    });
  } finally {
    await hour.close();
    await minute.close();
  }
}

function dims(v) {
  return Object.entries(version(v)).map(([Name, Value]) => ({ Name, Value }));
}

function ci(samples) {
  const { low, high } = medianCi95(samples);
  return `95% CI ${low.toFixed(3)}–${high.toFixed(3)}`;
}
