import { createHash } from 'node:crypto';
import { parseStatistic } from '../metrics/statistics';
import type { MetricStore } from '../metrics/store';
import { STANDARD_UNITS } from '../metrics/units';
import type { InputReader } from './input';
import { evaluate, MathEvaluationError, type MathValue, type TimeSeries } from './math/evaluate';
import { callsMetrics, type Expression, MathSyntaxError, parseExpression, referencedIds } from './math/parse';
import { alignedStart, type MetricStatSpec, metricStatSeries } from './metric-stat';
import { invalidNextToken, validationError } from './wire-errors';

/** A checked MetricDataQuery, as GetMetricData and metric math alarms take them. */
export interface MetricQuery {
  readonly id: string;
  readonly label: string | undefined;
  readonly returnData: boolean;
  /** Seconds; for an expression, the period of its result. */
  readonly period: number | undefined;
  readonly metricStat: MetricStatSpec | undefined;
  readonly expression: { readonly source: string; readonly tree: Expression } | undefined;
}

const ID = /^[a-z][a-zA-Z0-9_]*$/;
const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 20, 30];

/**
 * Reads MetricDataQueries (or an alarm's Metrics) the way GetMetricData checks them. Problems that
 * CloudWatch reports together (a statistic, a period, an id per query) are collected and answered
 * in one ValidationError, a line each, as CloudWatch does.
 */
export function readMetricQueries(queries: readonly InputReader[]): MetricQuery[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const checked = queries.map((query): MetricQuery => {
    const id = query.required('Id', (name) => query.string(name, { max: 255 }));
    if (!ID.test(id)) {
      problems.push(
        `The value ${id} for parameter ${query.path}.Id is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.`,
      );
    }
    if (ids.has(id)) problems.push(`The value ${id} for parameter ${query.path}.Id is not unique.`);
    ids.add(id);
    const stat = query.struct('MetricStat');
    const source = query.string('Expression', { max: 2048 });
    if (stat === undefined && source === undefined) {
      problems.push(`The parameter ${query.path}.MetricStat is required.`);
    }
    if (stat !== undefined && source !== undefined) {
      problems.push(
        `The parameters ${query.path}.MetricStat and ${query.path}.Expression are mutually exclusive and you have specified both.`,
      );
    }
    const period = query.integer('Period', { min: 1 });
    let metricStat: MetricStatSpec | undefined;
    if (stat !== undefined) {
      const metric = stat.required('Metric', stat.struct);
      const statPeriod = stat.required('Period', (name) => stat.integer(name, { min: 1 }));
      if (statPeriod % 60 !== 0 && !HIGH_RESOLUTION_PERIODS.includes(statPeriod)) {
        problems.push(
          `The parameter ${stat.path}.Period must be a multiple of 60, or one of 1, 5, 10, 20 or 30 for high-resolution metrics.`,
        );
      }
      const statName = stat.required('Stat', stat.string);
      const parsed = parseStatistic(statName);
      if (parsed === undefined)
        problems.push(`The value for parameter ${stat.path}.Stat is not a valid statistic.`);
      metricStat = {
        namespace: metric.required('Namespace', (name) => metric.string(name, { max: 255 })),
        metricName: metric.required('MetricName', (name) => metric.string(name, { max: 255 })),
        dimensions: metric.dimensions(),
        period: statPeriod,
        stat: parsed ?? { kind: 'Sum', name: 'Sum' },
        unit: stat.oneOf('Unit', STANDARD_UNITS),
      };
    }
    let expression: MetricQuery['expression'];
    if (source !== undefined) {
      try {
        expression = { source, tree: parseExpression(source) };
      } catch (error) {
        if (!(error instanceof MathSyntaxError)) throw error;
        problems.push(`Error in expression ${id}: ${error.message}`);
      }
    }
    return {
      id,
      label: query.string('Label', { min: 0 }),
      returnData: query.boolean('ReturnData') ?? true,
      period: period ?? metricStat?.period,
      metricStat,
      expression,
    };
  });
  if (problems.length > 0) throw validationError(problems.join('\n'));
  return checked;
}

/** One query's answer: a metric's series, or an expression's (an array of series gives several). */
export interface QueryAnswer {
  readonly query: MetricQuery;
  readonly series: readonly TimeSeries[];
  readonly messages: readonly { readonly Code: string; readonly Value: string }[];
}

/**
 * Answers every query over [startTime, endTime): metrics from the store, expressions from the
 * answers they name (in dependency order; a cycle or an unknown id is a ValidationError naming the
 * expression). `now` decides how the start is rounded.
 */
export function answerQueries(
  store: MetricStore,
  queries: readonly MetricQuery[],
  startTime: number,
  endTime: number,
  now: number,
): QueryAnswer[] {
  const labels = defaultLabels(queries);
  const byId = new Map(queries.map((query) => [query.id, query]));
  const answers = new Map<string, QueryAnswer>();
  const evaluating = new Set<string>();

  const answer = (query: MetricQuery): QueryAnswer => {
    const known = answers.get(query.id);
    if (known !== undefined) return known;
    let result: QueryAnswer;
    if (query.metricStat !== undefined) {
      const spec = query.metricStat;
      const start = alignedStart(startTime, spec.period, now);
      const { points, units } = metricStatSeries(store, spec, start, endTime);
      const messages =
        units.length > 0
          ? [{ Code: 'MultipleUnits', Value: `Multiple units returned: '[${units.join(', ')}]'` }]
          : [];
      result = { query, series: [{ label: labels.get(query.id) as string, points }], messages };
    } else {
      result = { query, series: evaluateExpression(query), messages: [] };
    }
    answers.set(query.id, result);
    return result;
  };

  const evaluateExpression = (query: MetricQuery): TimeSeries[] => {
    const { source, tree } = query.expression as NonNullable<MetricQuery['expression']>;
    if (evaluating.has(query.id)) {
      throw validationError(`Error in expression ${query.id}: it depends on itself (${source})`);
    }
    evaluating.add(query.id);
    const period = query.period ?? firstPeriod(tree) ?? 60;
    const start = alignedStart(startTime, period, now);
    const grid: number[] = [];
    for (let at = start; at < endTime; at += period * 1000) grid.push(at);
    let value: MathValue;
    try {
      value = evaluate(tree, {
        grid,
        resolve(id) {
          const target = byId.get(id);
          if (target === undefined) return undefined;
          const { series } = answer(target);
          return target.metricStat !== undefined || series.length === 1 ? (series[0] as TimeSeries) : series;
        },
        metrics: () =>
          queries
            .filter((candidate) => candidate.metricStat !== undefined)
            .map((candidate) => ({ id: candidate.id, series: answer(candidate).series[0] as TimeSeries })),
      });
    } catch (error) {
      if (!(error instanceof MathEvaluationError)) throw error;
      throw validationError(`Error in expression ${query.id}: ${error.message}`);
    } finally {
      evaluating.delete(query.id);
    }
    if (typeof value === 'number' || typeof value === 'string') {
      throw validationError(
        `Error in expression ${query.id}: the result must be a time series or an array of them`,
      );
    }
    if (Array.isArray(value)) return value as TimeSeries[];
    const single = value as TimeSeries;
    return [{ label: query.label ?? query.id, points: single.points }];
  };

  const firstPeriod = (tree: Expression): number | undefined => {
    const ids = callsMetrics(tree) ? queries.map((query) => query.id) : [...referencedIds(tree)];
    for (const id of ids) {
      const period = byId.get(id)?.period;
      if (period !== undefined) return period;
    }
    return undefined;
  };

  return queries.map(answer);
}

/**
 * The label CloudWatch gives a metric query without one, as recorded from AWS: the metric name,
 * followed by the statistic when the call's metric queries use more than one, and the period when
 * they use more than one. (Differences in dimensions are not added here.)
 */
function defaultLabels(queries: readonly MetricQuery[]): Map<string, string> {
  const stats = queries
    .filter((query) => query.metricStat !== undefined)
    .map((query) => query.metricStat as MetricStatSpec);
  const mixedStats = new Set(stats.map((stat) => stat.stat.name)).size > 1;
  const mixedPeriods = new Set(stats.map((stat) => stat.period)).size > 1;
  const labels = new Map<string, string>();
  for (const query of queries) {
    const stat = query.metricStat;
    if (stat === undefined) continue;
    let label = stat.metricName;
    if (mixedStats) label += ` ${stat.stat.name}`;
    if (mixedPeriods) label += ` ${stat.period}`;
    labels.set(query.id, query.label ?? label);
  }
  return labels;
}

export interface MetricDataResult {
  readonly Id: string;
  readonly Label: string;
  readonly Timestamps: Date[];
  readonly Values: number[];
  readonly StatusCode: 'Complete' | 'PartialData';
  readonly Messages?: { Code: string; Value: string }[];
}

export interface GetMetricDataRequest {
  readonly queries: readonly MetricQuery[];
  readonly startTime: number;
  readonly endTime: number;
  readonly scanBy: 'TimestampDescending' | 'TimestampAscending';
  readonly maxDatapoints: number;
  readonly nextToken: string | undefined;
}

/**
 * GetMetricData's answer, one page of it: datapoints up to `maxDatapoints` across the results, in
 * query order; a metric result cut by the limit says `PartialData` and the page carries a
 * `NextToken` that resumes after it. Expression results are never cut.
 */
export function getMetricData(
  store: MetricStore,
  request: GetMetricDataRequest,
  now: number,
): { MetricDataResults: MetricDataResult[]; NextToken?: string; Messages: [] } {
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        request.queries.map((query) => [
          query.id,
          query.metricStat,
          query.expression?.source,
          query.returnData,
        ]),
        request.startTime,
        request.endTime,
        request.scanBy,
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
  const cursor =
    request.nextToken === undefined ? { entry: 0, offset: 0 } : readToken(request.nextToken, fingerprint);

  const entries = answerQueries(store, request.queries, request.startTime, request.endTime, now)
    .filter((answer) => answer.query.returnData)
    .flatMap((answer) =>
      answer.series.map((series) => {
        const points = [...series.points].sort(([a], [b]) =>
          request.scanBy === 'TimestampAscending' ? a - b : b - a,
        );
        return { answer, label: series.label, points };
      }),
    );

  const results: MetricDataResult[] = [];
  let budget = request.maxDatapoints;
  for (let entry = cursor.entry; entry < entries.length; entry += 1) {
    const { answer, label, points } = entries[entry] as (typeof entries)[number];
    const offset = entry === cursor.entry ? cursor.offset : 0;
    const isMetric = answer.query.metricStat !== undefined;
    if (isMetric && budget === 0 && points.length > offset) {
      return { MetricDataResults: results, NextToken: writeToken(entry, offset, fingerprint), Messages: [] };
    }
    const take = isMetric ? Math.min(points.length - offset, budget) : points.length;
    const page = points.slice(offset, offset + take);
    const cut = offset + take < points.length;
    budget = Math.max(0, budget - take);
    results.push({
      Id: answer.query.id,
      Label: label,
      Timestamps: page.map(([timestamp]) => new Date(timestamp)),
      Values: page.map(([, value]) => value),
      StatusCode: cut ? 'PartialData' : 'Complete',
      ...(answer.messages.length > 0 && { Messages: answer.messages.map((message) => ({ ...message })) }),
    });
    if (cut) {
      return {
        MetricDataResults: results,
        NextToken: writeToken(entry, offset + take, fingerprint),
        Messages: [],
      };
    }
  }
  return { MetricDataResults: results, Messages: [] };
}

function writeToken(entry: number, offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ e: entry, o: offset, f: fingerprint })).toString('base64url');
}

function readToken(token: string, fingerprint: string): { entry: number; offset: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      e: unknown;
      o: unknown;
      f: unknown;
    };
    if (Number.isInteger(parsed.e) && Number.isInteger(parsed.o) && parsed.f === fingerprint) {
      return { entry: parsed.e as number, offset: parsed.o as number };
    }
  } catch {
    // answered below
  }
  throw invalidNextToken('The NextToken does not belong to this request (same queries, times and ScanBy).');
}
