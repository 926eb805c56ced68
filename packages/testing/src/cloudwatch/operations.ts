import {
  BASIC_STATISTICS,
  Bucket,
  needsSamples,
  parseStatistic,
  type Statistic,
} from '../metrics/statistics';
import { STANDARD_UNITS, type StandardUnit, unitAt, unitIndex } from '../metrics/units';
import { getMetricData, readMetricQueries } from './get-metric-data';
import { InputReader } from './input';
import { alignedStart } from './metric-stat';
import type { CloudWatchOperation } from './protocol';
import type { CloudWatchState } from './state';
import {
  invalidNextToken,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  validationError,
} from './wire-errors';

const HOUR = 3_600_000;
const TWO_WEEKS = 14 * 24 * HOUR;
const LIST_METRICS_PAGE = 500;
/** CloudWatch accepts values between -2^360 and 2^360. */
const VALUE_LIMIT = 2 ** 360;

/** The metric operations, on the wire. */
export function metricOperations(state: CloudWatchState): Record<string, CloudWatchOperation> {
  return {
    PutMetricData: (input) => {
      putMetricData(state, new InputReader(input), { allowAwsNamespaces: false });
      return undefined;
    },
    ListMetrics: (input) => listMetrics(state, new InputReader(input)),
    GetMetricStatistics: (input) => getMetricStatistics(state, new InputReader(input)),
    GetMetricData: (input) => readGetMetricData(state, new InputReader(input)),
  };
}

interface Datum {
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly timestamp: number;
  readonly unit: StandardUnit;
  readonly highResolution: boolean;
  /** Values with their counts; a repeated-value statistic set is one of these. */
  readonly samples: readonly (readonly [value: number, count: number])[];
  readonly set: { sampleCount: number; sum: number; minimum: number; maximum: number } | undefined;
}

/**
 * PutMetricData: checks every datum first (the call stores all of them or none), as CloudWatch
 * checks them: at most 1,000 per call, 30 dimensions, 150 values, `Value`, `Values` and
 * `StatisticValues` mutually exclusive, timestamps from two weeks back to two hours ahead, no
 * namespace under `AWS/` (the test API's `putMetricData` may, to stand in for an AWS service).
 */
export function putMetricData(
  state: CloudWatchState,
  input: InputReader,
  { allowAwsNamespaces }: { allowAwsNamespaces: boolean },
): void {
  const namespace = input.required('Namespace', (name) => input.string(name, { max: 255 }));
  if (!allowAwsNamespaces && namespace.startsWith('AWS/')) {
    throw invalidParameterValue(
      `The value ${namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved for AWS services.`,
    );
  }
  const items = input.required('MetricData', (name) => input.list(name, 1000));
  const now = state.now();
  const data = items.map((item) => readDatum(item, now));
  for (const datum of data) {
    const series = state.store.seriesFor(
      { namespace, metricName: datum.metricName, dimensions: datum.dimensions },
      datum.unit,
    );
    if (datum.highResolution) series.highResolution = true;
    for (const [value, count] of datum.samples) {
      if (count > 0) series.pushSample(datum.timestamp, value, count, datum.unit);
    }
    if (datum.set !== undefined)
      series.pushStatisticSet({ timestamp: datum.timestamp, unit: datum.unit, ...datum.set });
  }
}

function readDatum(item: InputReader, now: number): Datum {
  const at = item.path;
  const metricName = item.required('MetricName', (name) => item.string(name, { max: 255 }));
  const dimensions = item.dimensions();
  const timestamp = item.timestamp('Timestamp') ?? now;
  if (timestamp < now - TWO_WEEKS) {
    throw invalidParameterValue(
      `The parameter ${at}.Timestamp must specify a time no more than two weeks in the past.`,
    );
  }
  if (timestamp > now + 2 * HOUR) {
    throw invalidParameterValue(
      `The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`,
    );
  }
  const unit = item.oneOf('Unit', STANDARD_UNITS) ?? 'None';
  const resolution = item.integer('StorageResolution');
  if (resolution !== undefined && resolution !== 1 && resolution !== 60)
    throw item.invalid('StorageResolution', resolution);
  const checkValue = (name: string, value: number): number => {
    if (!Number.isFinite(value) || Math.abs(value) > VALUE_LIMIT) throw item.invalid(name, value);
    return value;
  };

  const value = item.number('Value');
  const values = item.numbers('Values', 150);
  const statistics = item.struct('StatisticValues');
  if (value !== undefined && values !== undefined) {
    throw invalidParameterCombination(
      `The parameters ${at}.Value and ${at}.Values are mutually exclusive and you have specified both.`,
    );
  }
  if (value !== undefined && statistics !== undefined) {
    throw invalidParameterCombination(
      `The parameters ${at}.Value and ${at}.StatisticValues are mutually exclusive and you have specified both.`,
    );
  }
  if (values !== undefined && statistics !== undefined) {
    throw invalidParameterCombination(
      `The parameters ${at}.Values and ${at}.StatisticValues are mutually exclusive and you have specified both.`,
    );
  }
  const base = { metricName, dimensions, timestamp, unit, highResolution: resolution === 1 };
  if (value !== undefined) return { ...base, samples: [[checkValue('Value', value), 1]], set: undefined };
  if (values !== undefined) {
    const counts = item.numbers('Counts', 150) ?? values.map(() => 1);
    if (counts.length !== values.length) {
      throw invalidParameterValue(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
    }
    return {
      ...base,
      samples: values.map((entry, index) => {
        const count = counts[index] as number;
        if (!Number.isFinite(count) || count < 0) throw item.invalid(`Counts.member.${index + 1}`, count);
        return [checkValue(`Values.member.${index + 1}`, entry), count] as const;
      }),
      set: undefined,
    };
  }
  if (statistics !== undefined) {
    const read = (name: string) =>
      checkValue(`StatisticValues.${name}`, statistics.required(name, statistics.number));
    const set = {
      sampleCount: read('SampleCount'),
      sum: read('Sum'),
      minimum: read('Minimum'),
      maximum: read('Maximum'),
    };
    if (set.sampleCount <= 0) throw item.invalid('StatisticValues.SampleCount', set.sampleCount);
    if (set.minimum > set.maximum) {
      throw invalidParameterValue(
        `The parameter ${at}.StatisticValues.Minimum must not be greater than Maximum.`,
      );
    }
    // One value repeated is raw data: percentiles stay answerable, as CloudWatch says they do.
    if (set.minimum === set.maximum && set.sum === set.minimum * set.sampleCount) {
      return { ...base, samples: [[set.minimum, set.sampleCount]], set: undefined };
    }
    return { ...base, samples: [], set };
  }
  throw missingParameter(`The parameter ${at}.Value, ${at}.Values or ${at}.StatisticValues is required.`);
}

/** ListMetrics: exact namespace and name, metrics having every named dimension (with its value, if given). */
function listMetrics(state: CloudWatchState, input: InputReader): unknown {
  const namespace = input.string('Namespace', { max: 255 });
  const metricName = input.string('MetricName', { max: 255 });
  const filters = (input.list('Dimensions', 10) ?? []).map((filter) => ({
    name: filter.required('Name', filter.string),
    value: filter.string('Value', { max: 1024 }),
  }));
  const recentlyActive = input.oneOf('RecentlyActive', ['PT3H'] as const);
  const token = input.string('NextToken');
  const activeSince = state.now() - 3 * HOUR;
  const matching = state.store.all().filter(({ identity, lastTimestamp }) => {
    if (namespace !== undefined && identity.namespace !== namespace) return false;
    if (metricName !== undefined && identity.metricName !== metricName) return false;
    if (recentlyActive !== undefined && lastTimestamp < activeSince) return false;
    return filters.every(
      ({ name, value }) =>
        Object.hasOwn(identity.dimensions, name) &&
        (value === undefined || identity.dimensions[name] === value),
    );
  });
  const start = token === undefined ? 0 : readOffset(token);
  const page = matching.slice(start, start + LIST_METRICS_PAGE);
  const next = start + LIST_METRICS_PAGE < matching.length ? start + LIST_METRICS_PAGE : undefined;
  return {
    Metrics: page.map(({ identity }) => ({
      Namespace: identity.namespace,
      MetricName: identity.metricName,
      Dimensions: Object.entries(identity.dimensions).map(([Name, Value]) => ({ Name, Value })),
    })),
    NextToken: next === undefined ? undefined : Buffer.from(`metrics:${next}`).toString('base64url'),
  };
}

function readOffset(token: string): number {
  const match = /^metrics:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match === null) throw invalidNextToken('The NextToken is not one ListMetrics gave.');
  return Number(match[1]);
}

/** GetMetricStatistics: datapoints per period and unit (one per unit when no `Unit` is asked for). */
function getMetricStatistics(state: CloudWatchState, input: InputReader): unknown {
  const namespace = input.required('Namespace', (name) => input.string(name, { max: 255 }));
  const metricName = input.required('MetricName', (name) => input.string(name, { max: 255 }));
  const dimensions = input.dimensions();
  const startTime = input.required('StartTime', input.timestamp);
  const endTime = input.required('EndTime', input.timestamp);
  const period = input.required('Period', (name) => input.integer(name, { min: 1 }));
  const unit = input.oneOf('Unit', STANDARD_UNITS);
  const basic = (input.strings('Statistics', 5) ?? []).map((name, index) => {
    if (!(BASIC_STATISTICS as readonly string[]).includes(name)) {
      throw invalidParameterValue(
        `The parameter Statistics.member.${index + 1} must be a value in the set [ Minimum, Maximum, Average, SampleCount, Sum ].`,
      );
    }
    return parseStatistic(name) as Statistic;
  });
  const extended = (input.strings('ExtendedStatistics', 10) ?? []).map((name, index) => {
    const parsed = parseStatistic(name);
    if (parsed === undefined || !needsSamples(parsed)) {
      throw invalidParameterValue(
        `The value ${name} for parameter ExtendedStatistics.member.${index + 1} is invalid.`,
      );
    }
    return parsed;
  });
  if (basic.length === 0 && extended.length === 0) {
    throw invalidParameterCombination('Must specify either Statistics or ExtendedStatistics.');
  }
  if (basic.length > 0 && extended.length > 0) {
    throw invalidParameterCombination(
      'The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.',
    );
  }
  if (startTime === endTime)
    throw invalidParameterValue('The parameter StartTime must not equal parameter EndTime.');
  if (startTime > endTime)
    throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  if (period % 60 !== 0 && ![1, 5, 10, 30].includes(period)) {
    throw invalidParameterValue('The parameter Period must be a multiple of 60, or one of 1, 5, 10 or 30.');
  }
  const requested = Math.ceil((endTime - startTime) / (period * 1000));
  if (requested > 1440) {
    throw invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }

  const start = alignedStart(startTime, period, state.now());
  const series = state.store.find(namespace, metricName, dimensions);
  const buckets = new Map<string, { at: number; unit: number; bucket: Bucket }>();
  const bucketAt = (timestamp: number, unitCode: number): Bucket => {
    const at = start + Math.floor((timestamp - start) / (period * 1000)) * period * 1000;
    const key = `${at} ${unitCode}`;
    let entry = buckets.get(key);
    if (entry === undefined) {
      entry = { at, unit: unitCode, bucket: new Bucket() };
      buckets.set(key, entry);
    }
    return entry.bucket;
  };
  const wanted = unit === undefined ? undefined : unitIndex(unit);
  series?.visit(start, endTime, (timestamp, value, count, unitCode) => {
    if (wanted === undefined || unitCode === wanted) bucketAt(timestamp, unitCode).add(value, count);
  });
  for (const set of series?.statisticSets(start, endTime) ?? []) {
    if (unit === undefined || set.unit === unit) {
      bucketAt(set.timestamp, unitIndex(set.unit)).addSet(set.sampleCount, set.sum, set.minimum, set.maximum);
    }
  }
  const datapoints = [...buckets.values()]
    .sort((a, b) => a.at - b.at || a.unit - b.unit)
    .map(({ at, unit: unitCode, bucket }) => {
      const point: Record<string, unknown> = { Timestamp: new Date(at) };
      for (const statistic of basic) point[statistic.name] = bucket.value(statistic);
      if (extended.length > 0) {
        const values = new Map<string, number>();
        for (const statistic of extended) {
          const value = bucket.value(statistic);
          if (value !== undefined) values.set(statistic.name, value);
        }
        point.ExtendedStatistics = values;
      }
      point.Unit = unitAt(unitCode);
      return point;
    });
  return { Label: metricName, Datapoints: datapoints };
}

/** GetMetricData: up to 500 queries over a window, paged by MaxDatapoints. */
export function readGetMetricData(state: CloudWatchState, input: InputReader): unknown {
  const items = input.required('MetricDataQueries', input.list);
  if (items.length > 500) {
    throw validationError('The collection MetricDataQueries must not have a size greater than 500.');
  }
  const startTime = input.required('StartTime', input.timestamp);
  const endTime = input.required('EndTime', input.timestamp);
  const scanBy =
    input.oneOf('ScanBy', ['TimestampDescending', 'TimestampAscending'] as const) ?? 'TimestampDescending';
  const maxDatapoints = input.integer('MaxDatapoints', { min: 1 }) ?? 100_800;
  const nextToken = input.string('NextToken');
  const queries = readMetricQueries(items);
  if (startTime === endTime)
    throw validationError('The parameter StartTime must not equal parameter EndTime.');
  if (startTime > endTime)
    throw validationError('The parameter StartTime must be less than the parameter EndTime.');
  return getMetricData(
    state.store,
    { queries, startTime, endTime, scanBy, maxDatapoints, nextToken },
    state.now(),
  );
}
