import { type Check, type CheckContext, CheckFailure, passWith } from '@shiftguard/core';
import { CLIENT_OPTION_KEYS } from '@shiftguard/kit';
import { MetricQueryError, MetricsCheckError } from '../errors';
import {
  type Classification,
  type JudgeSettings,
  judgeDistribution,
  judgeRate,
  type MetricJudgement,
} from '../judge/classify';
import { defaultJudgeStats } from '../judge/default-stats';
import {
  type CompiledMetric,
  compileJudgedMetric,
  DEFAULT_JUDGED_METRICS,
  type JudgedMetric,
} from '../judge/judged-metric';
import { type ScoreThresholds, scoreJudgements } from '../judge/score';
import { optionsValidator } from '../options';
import { type CloudWatchClientOptions, lazyCloudWatchClient } from '../query/client';
import { resolveMetric } from '../query/metric';
import {
  getMetricData,
  incomplete,
  MAX_QUERIES_PER_CALL,
  type SeriesRequest,
  type SeriesResult,
} from '../query/metric-data';
import { type MetricWindow, validateWindow, windowRange } from '../query/window';
import { concludeInconclusive, type InconclusivePolicy, validateInconclusivePolicy } from './conclude';

/** Options of {@link canaryJudge}. */
export type CanaryJudgeOptions = CloudWatchClientOptions & {
  /** Name in the report. Default `canary-judge`. */
  name?: string;
  /** What to compare. Default: the error rate (critical), the p99 and the mean duration. */
  metrics?: readonly JudgedMetric[];
  /** The time compared. Default `'deployment'`: since the deployment was created, canary phase included. */
  window?: MetricWindow;
  /** Seconds per sample of a distribution metric. Default 60. */
  periodSeconds?: number;
  /** One-sided significance level of every test. Default 0.05. */
  alpha?: number;
  /** The power a comparison must have to pass; below it the metric is inconclusive. Default 0.95. */
  power?: number;
  /** Of the Hodges–Lehmann interval. Default `1 − 2·alpha`, the two-sided match of a one-sided test. */
  confidence?: number;
  /** Kayenta's score thresholds. Default `{ pass: 95, marginal: 75 }`. */
  score?: Partial<ScoreThresholds>;
  /** Weights of the metric groups, in percent; groups without one share what is left. */
  groups?: Readonly<Record<string, number>>;
  /** What an inconclusive judgement does to the check. Default `fail`. */
  inconclusive?: InconclusivePolicy;
};

const OPTION_KEYS = [
  'name',
  'metrics',
  'window',
  'periodSeconds',
  'alpha',
  'power',
  'confidence',
  'score',
  'groups',
  'inconclusive',
  ...CLIENT_OPTION_KEYS,
];

/**
 * Compares the new version (canary) with the old one (baseline) on the same traffic, through the
 * alias's `ExecutedVersion` metrics, and judges it as Kayenta does: per metric a rank test and a
 * Hodges–Lehmann shift with an effect-size threshold, then a weighted score against pass and marginal
 * thresholds. Beyond Kayenta, rates (Errors over Invocations) are judged on their totals as two
 * proportions, and a comparison too thin to have seen a change is **inconclusive**, saying how much
 * more traffic or time would decide it. Every metric's statistics are in the verdict report.
 *
 * @example
 * ```ts
 * canaryJudge(); // error rate, p99 and mean duration of the new version against the old
 * canaryJudge({
 *   metrics: [
 *     { name: 'errors', rate: { of: 'Errors', over: 'Invocations' }, critical: true, detectRatio: 1.5 },
 *     { name: 'p99', metric: 'Duration', stat: 'p99', allowedIncrease: 1.2 },
 *   ],
 *   inconclusive: 'warn',
 * });
 * ```
 */
export function canaryJudge(options: CanaryJudgeOptions = {}): Check {
  const validator = optionsValidator('canaryJudge');
  const record = validator.object(options, '', OPTION_KEYS);
  const name = validator.string(record.name, 'name') ?? 'canary-judge';
  const given = validator.array(record.metrics, 'metrics', { nonEmpty: true });
  const metrics: CompiledMetric[] = (given ?? DEFAULT_JUDGED_METRICS).map((metric, index) =>
    compileJudgedMetric(metric, `metrics[${index}]`, validator),
  );
  const names = new Set<string>();
  for (const metric of metrics) {
    if (names.has(metric.name)) validator.fail('metrics', `two metrics are named "${metric.name}"`);
    names.add(metric.name);
  }
  const seriesCount = metrics.reduce((sum, metric) => sum + (metric.kind === 'rate' ? 4 : 2), 0);
  if (seriesCount > MAX_QUERIES_PER_CALL) {
    validator.fail(
      'metrics',
      `need ${seriesCount} series, more than the ${MAX_QUERIES_PER_CALL} one GetMetricData call takes`,
    );
  }
  const window = validateWindow(record.window, 'window', validator);
  const periodSeconds =
    validator.integer(record.periodSeconds, 'periodSeconds', { min: 60, max: 86_400 }) ?? 60;
  if (periodSeconds % 60 !== 0)
    validator.fail('periodSeconds', `must be a multiple of 60, got ${periodSeconds}`);
  const alpha = validator.number(record.alpha, 'alpha', { positive: true }) ?? 0.05;
  if (alpha >= 0.5) validator.fail('alpha', `must be under 0.5, got ${alpha}`);
  const power = validator.number(record.power, 'power', { positive: true }) ?? 0.95;
  if (power >= 1) validator.fail('power', `must be under 1, got ${power}`);
  const confidence = validator.number(record.confidence, 'confidence', { positive: true }) ?? 1 - 2 * alpha;
  if (confidence >= 1) validator.fail('confidence', `must be under 1, got ${confidence}`);
  const score = validator.object(record.score ?? {}, 'score', ['pass', 'marginal']);
  const thresholds: ScoreThresholds = {
    pass: validator.number(score.pass, 'score.pass', { min: 0 }) ?? 95,
    marginal: validator.number(score.marginal, 'score.marginal', { min: 0 }) ?? 75,
  };
  if (thresholds.pass > 100 || thresholds.marginal > thresholds.pass) {
    validator.fail('score', `needs 0 ≤ marginal ≤ pass ≤ 100, got ${JSON.stringify(thresholds)}`);
  }
  const weights = validator.object(
    record.groups ?? {},
    'groups',
    [...new Set(metrics.map((metric) => metric.group))],
    {
      noun: 'group',
    },
  ) as Record<string, number>;
  for (const [group, weight] of Object.entries(weights))
    validator.number(weight, `groups.${group}`, { min: 0 });
  const weightSum = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const allWeighted = new Set(metrics.map((metric) => metric.group)).size === Object.keys(weights).length;
  if (weightSum > 100 || (allWeighted && Object.keys(weights).length > 0 && weightSum !== 100)) {
    validator.fail(
      'groups',
      `weights must add up to 100 (at most 100 when some groups have none), got ${weightSum}`,
    );
  }
  const inconclusive = validateInconclusivePolicy(record.inconclusive, validator);
  const client = lazyCloudWatchClient(options, validator);
  const stats = defaultJudgeStats;

  return {
    name,
    async run(ctx: CheckContext) {
      if (ctx.target.currentVersion === undefined) {
        throw new MetricQueryError(
          'nothing to compare with: the deployment has no current version (a first deployment)',
        );
      }
      const range = windowRange(window, ctx);
      const windowSeconds = (range.endTime - range.startTime) / 1000;
      const requests: SeriesRequest[] = metrics.flatMap((metric, index) =>
        seriesOf(metric, `m${index}`, ctx, periodSeconds, windowSeconds),
      );
      const answer = await getMetricData(client(), requests, range, ctx);
      const settings: JudgeSettings = {
        alpha,
        power,
        confidence,
        periodSeconds,
        windowMinutes: windowSeconds / 60,
      };
      const judgements: MetricJudgement[] = metrics.map((metric, index) => {
        const id = `m${index}`;
        const suffixes = metric.kind === 'rate' ? ['bn', 'bd', 'cn', 'cd'] : ['b', 'c'];
        const partial = incomplete(suffixes.map((suffix) => answer.series.get(`${id}${suffix}`)));
        if (partial) return unjudged(metric, partial);
        try {
          return judgeOne(metric, id);
        } catch (error) {
          // One metric the statistics cannot take (odd data) leaves the others judged, and says why.
          if (!(error instanceof MetricsCheckError)) throw error;
          return unjudged(metric, error.message);
        }
      });
      function judgeOne(metric: CompiledMetric, id: string): MetricJudgement {
        if (metric.kind === 'distribution') {
          return judgeDistribution(
            metric,
            valuesOf(answer.series.get(`${id}b`)),
            valuesOf(answer.series.get(`${id}c`)),
            settings,
            stats,
          );
        }
        const totals = (side: 'b' | 'c') => ({
          events: sumOf(answer.series.get(`${id}${side}n`)),
          trials: sumOf(answer.series.get(`${id}${side}d`)),
        });
        return judgeRate(metric, totals('b'), totals('c'), settings, stats);
      }
      const scored = scoreJudgements(judgements, thresholds, weights);
      const details = {
        outcome: scored.outcome,
        score: scored.score,
        thresholds,
        groups: scored.groups,
        baselineVersion: ctx.target.currentVersion,
        canaryVersion: ctx.target.targetVersion,
        window: {
          start: new Date(range.startTime).toISOString(),
          end: new Date(range.endTime).toISOString(),
        },
        alpha,
        power,
        metrics: judgements,
        classifications: tally(judgements),
        calls: answer.calls,
        ...(answer.messages.length > 0 && { messages: answer.messages }),
      };
      const versions = `version ${ctx.target.targetVersion} against ${ctx.target.currentVersion}`;
      if (scored.outcome === 'Pass') return passWith({ message: `${versions}: ${scored.reason}`, details });
      if (scored.outcome === 'Fail') throw new CheckFailure(`${versions}: ${scored.reason}`, { details });
      return concludeInconclusive(
        inconclusive,
        { reason: scored.reason, details, prefix: `${versions}: ` },
        ctx,
        name,
      );
    },
  };
}

function seriesOf(
  metric: CompiledMetric,
  id: string,
  ctx: CheckContext,
  periodSeconds: number,
  windowSeconds: number,
): SeriesRequest[] {
  if (metric.kind === 'distribution') {
    return [
      { id: `${id}b`, metric: resolveMetric(metric.baseline, ctx), stat: metric.stat, periodSeconds },
      { id: `${id}c`, metric: resolveMetric(metric.canary, ctx), stat: metric.stat, periodSeconds },
    ];
  }
  // Totals: the whole window as one period.
  const sum = (suffix: string, spec: Parameters<typeof resolveMetric>[0]): SeriesRequest => ({
    id: `${id}${suffix}`,
    metric: resolveMetric(spec, ctx),
    stat: 'Sum',
    periodSeconds: windowSeconds,
  });
  return [
    sum('bn', metric.baseline.of),
    sum('bd', metric.baseline.over),
    sum('cn', metric.canary.of),
    sum('cd', metric.canary.over),
  ];
}

function unjudged(metric: CompiledMetric, problem: string): MetricJudgement {
  return {
    name: metric.name,
    kind: metric.kind,
    group: metric.group,
    critical: metric.critical,
    classification: 'Inconclusive',
    why: `could not be judged: ${problem}`,
    baseline: {},
    canary: {},
  };
}

function valuesOf(series: SeriesResult | undefined): number[] {
  return series?.values ?? [];
}

function sumOf(series: SeriesResult | undefined): number {
  return (series?.values ?? []).reduce((sum, value) => (Number.isFinite(value) ? sum + value : sum), 0);
}

function tally(judgements: readonly MetricJudgement[]): Partial<Record<Classification, number>> {
  const counts: Partial<Record<Classification, number>> = {};
  for (const judgement of judgements)
    counts[judgement.classification] = (counts[judgement.classification] ?? 0) + 1;
  return counts;
}
