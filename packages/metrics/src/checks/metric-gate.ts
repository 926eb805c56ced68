import { type Check, type CheckContext, warnOnly } from '@shiftguard/core';
import { CLIENT_OPTION_KEYS } from '@shiftguard/kit';
import {
  ANALYSIS_OPTION_KEYS,
  type AnalysisOptions,
  type AnalysisOutcome,
  type Measurement,
  plannedMsOf,
  runAnalysis,
  validateAnalysis,
} from '../analysis/analysis';
import { optionsValidator } from '../options';
import { type CloudWatchClientOptions, lazyCloudWatchClient } from '../query/client';
import { getMetricData, MAX_QUERIES_PER_CALL, type SeriesRequest } from '../query/metric-data';
import { type MetricWindow, validateWindow, windowRange } from '../query/window';
import { concludeAnalysis, type InconclusivePolicy, validateInconclusivePolicy } from './conclude';
import {
  type CompiledCondition,
  type ConditionResult,
  compileCondition,
  type GateCondition,
} from './gate-condition';

/** Options of {@link metricGate}. */
export type MetricGateOptions = CloudWatchClientOptions &
  AnalysisOptions & {
    /** Name in the report. Default `metric-gate`. */
    name?: string;
    /** What each condition holds to bounds. Every condition is fetched in one GetMetricData call. */
    conditions: readonly GateCondition[];
    /** The time the conditions look at. Default `'deployment'`: since the deployment was created. */
    window?: MetricWindow;
    /** What an inconclusive outcome (no data, too little traffic) does to the check. Default `fail`. */
    inconclusive?: InconclusivePolicy;
    /** Argo's dry run: measured and reported, never failing the hook (core's `warnOnly`). */
    dryRun?: boolean;
  };

const OPTION_KEYS = [
  'name',
  'conditions',
  'window',
  'inconclusive',
  'dryRun',
  ...ANALYSIS_OPTION_KEYS,
  ...CLIENT_OPTION_KEYS,
];

/**
 * Holds CloudWatch metrics over a window to bounds: `Errors Sum ≤ 0`, `Duration p99 ≤ 800`, an error
 * rate `Errors / Invocations ≤ 1%`, any namespace and dimensions. Lambda metrics named by string are
 * the deployment's own, through the alias's `ExecutedVersion` (the new version by default). Each
 * measurement is one GetMetricData call for every series; `count`, `intervalMs`, `failureLimit` and
 * the other Argo Rollouts knobs repeat it. No data is inconclusive, and inconclusive fails unless
 * `inconclusive` says otherwise: never a silent pass. Its waits (`initialDelayMs`, the intervals) are
 * declared as its `plannedMs`, read by core's `planBudgetOf`.
 *
 * @example
 * ```ts
 * metricGate({
 *   window: { minutes: 10 },
 *   conditions: [
 *     { metric: 'Errors', stat: 'Sum', max: 0, missing: 'zero' },
 *     { metric: 'Duration', stat: 'p99', max: 800 },
 *     { ratio: { of: 'Errors', over: 'Invocations' }, maxPct: 1, minCount: 50 },
 *   ],
 *   count: 3,
 *   intervalMs: 60_000,
 * });
 * ```
 */
export function metricGate(options: MetricGateOptions): Check {
  const validator = optionsValidator('metricGate');
  const record = validator.object(options, '', OPTION_KEYS);
  const name = validator.string(record.name, 'name') ?? 'metric-gate';
  const list =
    validator.array(record.conditions, 'conditions', { nonEmpty: true }) ??
    validator.fail('conditions', 'is required');
  const conditions: CompiledCondition[] = list.map((condition, index) =>
    compileCondition(condition, `conditions[${index}]`, validator),
  );
  const seriesCount = conditions.reduce((sum, condition) => sum + condition.seriesCount, 0);
  if (seriesCount > MAX_QUERIES_PER_CALL) {
    validator.fail(
      'conditions',
      `need ${seriesCount} series, more than the ${MAX_QUERIES_PER_CALL} one GetMetricData call takes`,
    );
  }
  const window = validateWindow(record.window, 'window', validator);
  const inconclusive = validateInconclusivePolicy(record.inconclusive, validator);
  const analysis = validateAnalysis(record, validator);
  const client = lazyCloudWatchClient(options, validator);
  const dryRun = validator.boolean(record.dryRun, 'dryRun') ?? false;

  const planned = plannedMsOf(analysis);
  const check: Check = {
    name,
    // Its waits, so a template doctor can tell a hook Timeout too short for them.
    ...(planned !== undefined && { plannedMs: planned }),
    async run(ctx: CheckContext) {
      const measure = async (): Promise<Measurement> => {
        const range = windowRange(window, ctx);
        const periodSeconds = (range.endTime - range.startTime) / 1000;
        const requests: SeriesRequest[] = conditions.flatMap((condition, index) =>
          condition.requests(ctx, periodSeconds, `c${index}`),
        );
        const answer = await getMetricData(client(), requests, range, ctx);
        const results: ConditionResult[] = conditions.map((condition, index) =>
          condition.judge(answer.series, `c${index}`, ctx),
        );
        const failed = results.filter((result) => result.outcome === 'fail');
        const unsure = results.filter((result) => result.outcome === 'inconclusive');
        const details = {
          window: {
            start: new Date(range.startTime).toISOString(),
            end: new Date(range.endTime).toISOString(),
          },
          conditions: results,
          calls: answer.calls,
          ...(answer.messages.length > 0 && { messages: answer.messages }),
        };
        if (failed.length > 0) {
          return { phase: 'Failed', message: failed.map((result) => result.why).join('; '), details };
        }
        if (unsure.length > 0) {
          return { phase: 'Inconclusive', message: unsure.map((result) => result.why).join('; '), details };
        }
        return { phase: 'Successful', message: results.map((result) => result.why).join('; '), details };
      };
      const outcome: AnalysisOutcome = await runAnalysis(analysis, measure, ctx);
      return concludeAnalysis(outcome, inconclusive, ctx, name);
    },
  };
  return dryRun ? warnOnly(check) : check;
}
