import { isPlainObject } from '@shiftguard/kit';
import { parseStatistic } from '../metrics/statistics';
import type { MetricStore } from '../metrics/store';
import type { StandardUnit } from '../metrics/units';
import {
  type AlarmDatapoint,
  type AlarmDataSource,
  AlarmRegistry,
  type MetricAlarmDefinition,
} from './alarms';
import { answerQueries, readMetricQueries } from './get-metric-data';
import { InputReader } from './input';
import { type MetricStatSpec, metricStatSeries } from './metric-stat';
import type { CloudWatchOperation } from './protocol';
import type { CloudWatchState } from './state';

/**
 * The alarm model's data source: a single-metric alarm's statistic per period from the metric store,
 * a math alarm's `ReturnData` series from the GetMetricData engine, both over the range the registry
 * asks for.
 */
export function metricStoreDataSource(store: MetricStore, now: () => number): AlarmDataSource {
  return {
    datapointsFor(alarm, range) {
      const periodMs = range.periodSeconds * 1000;
      const slots: (AlarmDatapoint | undefined)[] = Array.from({ length: range.periods }, () => undefined);
      const place = (timestamp: number, datapoint: AlarmDatapoint) => {
        const index = Math.floor((timestamp - range.startTime) / periodMs);
        if (index >= 0 && index < range.periods) slots[index] = datapoint;
      };
      if (alarm.Metrics === undefined) {
        const spec = singleMetric(alarm, range.periodSeconds);
        const values = metricStatSeries(store, spec, range.startTime, range.endTime).points;
        const counts = metricStatSeries(
          store,
          { ...spec, stat: { kind: 'SampleCount', name: 'SampleCount' } },
          range.startTime,
          range.endTime,
        ).points;
        for (const [timestamp, value] of values)
          place(timestamp, { value, sampleCount: counts.get(timestamp) ?? 0 });
        return slots;
      }
      const queries = readMetricQueries(
        alarm.Metrics.map((query, index) => new InputReader({ ...query }, `Metrics.member.${index + 1}`)),
      );
      const watched = answerQueries(store, queries, range.startTime, range.endTime, now()).find(
        (answer) => answer.query.returnData,
      );
      for (const [timestamp, value] of watched?.series[0]?.points ?? [])
        place(timestamp, { value, sampleCount: 0 });
      return slots;
    },
  };
}

function singleMetric(alarm: MetricAlarmDefinition, periodSeconds: number): MetricStatSpec {
  const name = alarm.Statistic ?? alarm.ExtendedStatistic ?? 'Average';
  return {
    namespace: alarm.Namespace as string,
    metricName: alarm.MetricName as string,
    dimensions: Object.fromEntries(alarm.Dimensions.map((dimension) => [dimension.Name, dimension.Value])),
    period: periodSeconds,
    stat: parseStatistic(name) ?? { kind: 'Average', name: 'Average' },
    unit: alarm.Unit as StandardUnit | undefined,
  };
}

export function alarmRegistry(state: CloudWatchState): AlarmRegistry {
  return new AlarmRegistry({
    clock: state.clock,
    region: state.region,
    dataSource: metricStoreDataSource(state.store, () => state.now()),
  });
}

/** Members the alarm model takes as numbers, booleans and epoch-ms timestamps; the query protocol sends strings. */
const NUMBERS = new Set([
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'MaxRecords',
  'ActionsSuppressorWaitPeriod',
  'ActionsSuppressorExtensionPeriod',
]);
const BOOLEANS = new Set(['ActionsEnabled', 'ReturnData']);
const TIMESTAMPS_IN = new Set(['StartDate', 'EndDate']);
const TIMESTAMPS_OUT = new Set([
  'AlarmConfigurationUpdatedTimestamp',
  'StateUpdatedTimestamp',
  'StateTransitionedTimestamp',
  'Timestamp',
]);

/**
 * The alarm operations on the wire, both protocols: inputs typed as the model wants, timestamps out as
 * Dates. The minute scheduler starts with the first alarm put, so an emulator without alarms keeps no
 * timer on its clock (a manual clock's `runAll()` still runs dry).
 */
export function alarmOperations(alarms: AlarmRegistry): Record<string, CloudWatchOperation> {
  const wire =
    (operation: (input: never) => unknown): CloudWatchOperation =>
    (input) => {
      const output = operation(typed(input) as never);
      return output === undefined || (isPlainObject(output) && Object.keys(output).length === 0)
        ? undefined
        : datesOut(output);
    };
  return {
    PutMetricAlarm: wire((input) => {
      alarms.putMetricAlarm(input);
      alarms.start();
    }),
    PutCompositeAlarm: wire((input) => {
      alarms.putCompositeAlarm(input);
      alarms.start();
    }),
    DescribeAlarms: wire((input) => alarms.describeAlarms(input)),
    DeleteAlarms: wire((input) => alarms.deleteAlarms(input)),
    SetAlarmState: wire((input) => alarms.setAlarmState(input)),
    DescribeAlarmHistory: wire((input) => alarms.describeAlarmHistory(input)),
  };
}

/**
 * The request as the alarm model reads it: query strings to numbers and booleans by member name,
 * timestamps to epoch ms (JSON sends epoch seconds, query ISO 8601), an empty query list to `[]`.
 */
function typed(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => typed(item));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[name] = typed(item, name);
    return out;
  }
  if (key === undefined) return value;
  if (TIMESTAMPS_IN.has(key)) {
    if (typeof value === 'number') return value * 1000;
    if (typeof value === 'string') {
      const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
      return Number.isNaN(parsed) ? value : parsed;
    }
  }
  if (typeof value !== 'string') return value;
  if (NUMBERS.has(key) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (BOOLEANS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function datesOut(value: unknown, key?: string): unknown {
  if (key !== undefined && TIMESTAMPS_OUT.has(key) && typeof value === 'number') return new Date(value);
  if (Array.isArray(value)) return value.map((item) => datesOut(item));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[name] = datesOut(item, name);
    return out;
  }
  return value;
}
