import {
  InvalidParameterCombinationError,
  InvalidParameterValueError,
  MissingParameterError,
} from './errors';
import {
  ALARM_STATISTICS,
  type AlarmMetricDataQuery,
  type AlarmStatistic,
  type AlarmTag,
  ANOMALY_BAND_COMPARISON_OPERATORS,
  type ComparisonOperator,
  LOW_SAMPLE_COUNT_PERCENTILE_VALUES,
  type MetricAlarmDefinition,
  STANDARD_UNITS,
  type StandardUnit,
  THRESHOLD_COMPARISON_OPERATORS,
  type ThresholdComparisonOperator,
  TREAT_MISSING_DATA_VALUES,
} from './types';
import {
  ALARM_NAME_RULES,
  actions,
  dimensions,
  join,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalList,
  optionalNumber,
  optionalString,
  requiredString,
  structure,
  tags,
} from './validate';

// PutMetricAlarm's input as CloudWatch checks it (the API model and the PutMetricAlarm reference).

const PUT_METRIC_ALARM_KEYS = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Dimensions',
  'Period',
  'Unit',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile',
  'Metrics',
  'Tags',
  'ThresholdMetricId',
  'EvaluationWindow',
  'EvaluationCriteria',
  'EvaluationInterval',
] as const;

/** The single-metric parameters a math alarm (`Metrics`) may not have. */
const SINGLE_METRIC_KEYS = [
  'Namespace',
  'MetricName',
  'Dimensions',
  'Period',
  'Unit',
  'Statistic',
  'ExtendedStatistic',
] as const;

/**
 * A math alarm's `Metrics`: "up to 20 MetricDataQuery structures ... as many as 10 structures that
 * contain a MetricStat ... and as many as 10 ... that contain the Expression" (the PutMetricAlarm
 * reference, on `Metrics`).
 */
export const ALARM_METRICS_LIMITS = { queries: 20, metricStats: 10, expressions: 10 } as const;

/** `p99`, `tm90`, `IQM`, `PR(10:50)`, `TM(10%:90%)`, ...: the extended statistics PutMetricAlarm lists. */
const EXTENDED_STATISTIC =
  /^(?:(?:p|tm|tc|ts|wm)(?:100(?:\.0+)?|\d{1,2}(?:\.\d+)?)|IQM|(?:PR|TC|TM|TS|WM)\([^():]*:[^():]*\))$/;
const PERCENTILE = /^p(100(?:\.0+)?|\d{1,2}(?:\.\d+)?)$/;
const NAMESPACE = { max: 255, pattern: /^[^:]/, hint: 'must not start with ":"' } as const;
const METRIC_ID = {
  max: 255,
  pattern: /^[a-z][A-Za-z0-9_]*$/,
  hint: 'must be letters, digits and underscores, starting with a lower-case letter',
} as const;
const ONE_DAY_SECONDS = 86_400;
const SEVEN_DAYS_SECONDS = 604_800;

/** What PutMetricAlarm configures, validated; `arn` completes the definition. */
export interface CheckedMetricAlarm {
  readonly definition: Omit<MetricAlarmDefinition, 'AlarmArn'>;
  readonly tags: readonly AlarmTag[];
}

/**
 * Validates a PutMetricAlarm request.
 *
 * @throws {MissingParameterError} `AlarmName`, `EvaluationPeriods`, `Threshold`, `ComparisonOperator`, a
 *   metric's `Period` or `Statistic` ... absent.
 * @throws {InvalidParameterCombinationError} `Statistic` with `ExtendedStatistic`, `MetricName` with
 *   `Metrics`, a single-metric parameter beside `Metrics`.
 * @throws {InvalidParameterValueError} any other bad value, or a feature the emulator does not model
 *   (anomaly bands, PromQL criteria, wall-clock windows).
 */
export function checkPutMetricAlarm(input: unknown): CheckedMetricAlarm {
  const request = structure(input, '', PUT_METRIC_ALARM_KEYS);
  const AlarmName = requiredString(request.AlarmName, 'AlarmName', ALARM_NAME_RULES);
  refuseUnmodeled(request);

  const single = checkMetricSource(request);
  const EvaluationPeriods = optionalInteger(request.EvaluationPeriods, 'EvaluationPeriods', { min: 1 });
  if (EvaluationPeriods === undefined) throw new MissingParameterError('EvaluationPeriods');
  const DatapointsToAlarm = optionalInteger(request.DatapointsToAlarm, 'DatapointsToAlarm', { min: 1 });
  if (DatapointsToAlarm !== undefined && DatapointsToAlarm > EvaluationPeriods) {
    throw new InvalidParameterValueError(
      `DatapointsToAlarm (${DatapointsToAlarm}) must not be greater than EvaluationPeriods (${EvaluationPeriods}).`,
      'DatapointsToAlarm',
    );
  }
  // "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period
  // of less than one hour (3,600 seconds), the total evaluation period can't be longer than one day."
  const total = single.periodSeconds * EvaluationPeriods;
  const limit = single.periodSeconds < 3600 ? ONE_DAY_SECONDS : SEVEN_DAYS_SECONDS;
  if (total > limit) {
    throw new InvalidParameterValueError(
      `Period (${single.periodSeconds} s) times EvaluationPeriods (${EvaluationPeriods}) is ${total} s; at most ${limit} s are allowed for this period.`,
      'EvaluationPeriods',
    );
  }

  const Threshold = optionalNumber(request.Threshold, 'Threshold');
  if (Threshold === undefined) throw new MissingParameterError('Threshold');
  const ComparisonOperator = comparisonOperator(request.ComparisonOperator);

  return {
    definition: {
      AlarmName,
      AlarmDescription: optionalString(request.AlarmDescription, 'AlarmDescription', { min: 0, max: 1024 }),
      ActionsEnabled: optionalBoolean(request.ActionsEnabled, 'ActionsEnabled') ?? true,
      OKActions: actions(request.OKActions, 'OKActions'),
      AlarmActions: actions(request.AlarmActions, 'AlarmActions'),
      InsufficientDataActions: actions(request.InsufficientDataActions, 'InsufficientDataActions'),
      Namespace: single.Namespace,
      MetricName: single.MetricName,
      Dimensions: single.Dimensions,
      Statistic: single.Statistic,
      ExtendedStatistic: single.ExtendedStatistic,
      Period: single.Period,
      Unit: single.Unit,
      Metrics: single.Metrics,
      EvaluationPeriods,
      DatapointsToAlarm,
      Threshold,
      ComparisonOperator,
      TreatMissingData: optionalEnum(request.TreatMissingData, 'TreatMissingData', TREAT_MISSING_DATA_VALUES),
      EvaluateLowSampleCountPercentile: optionalEnum(
        request.EvaluateLowSampleCountPercentile,
        'EvaluateLowSampleCountPercentile',
        LOW_SAMPLE_COUNT_PERCENTILE_VALUES,
      ),
      periodSeconds: single.periodSeconds,
      percentile: single.percentile,
      statisticName: single.statisticName,
    },
    tags: tags(request.Tags, 'Tags'),
  };
}

function refuseUnmodeled(request: Record<string, unknown>): void {
  const unsupported = (field: string, what: string): never => {
    throw new InvalidParameterValueError(`${field} is not supported by the emulator: ${what}.`, field);
  };
  if (request.ThresholdMetricId !== undefined && request.ThresholdMetricId !== null) {
    unsupported('ThresholdMetricId', 'it does not model anomaly-detection bands');
  }
  if (request.EvaluationCriteria !== undefined && request.EvaluationCriteria !== null) {
    unsupported('EvaluationCriteria', 'it does not model PromQL alarms');
  }
  if (request.EvaluationInterval !== undefined && request.EvaluationInterval !== null) {
    unsupported('EvaluationInterval', 'it does not model PromQL alarms');
  }
  if (request.EvaluationWindow !== undefined && request.EvaluationWindow !== null) {
    const window = structure(request.EvaluationWindow, 'EvaluationWindow', [
      'SlidingWindow',
      'WallClockWindow',
    ]);
    if (window.WallClockWindow !== undefined && window.WallClockWindow !== null) {
      unsupported('EvaluationWindow.WallClockWindow', 'alarms evaluate over a sliding window only');
    }
  }
}

function comparisonOperator(value: unknown): ThresholdComparisonOperator {
  const operator = optionalEnum<ComparisonOperator>(value, 'ComparisonOperator', [
    ...THRESHOLD_COMPARISON_OPERATORS,
    ...ANOMALY_BAND_COMPARISON_OPERATORS,
  ]);
  if (operator === undefined) throw new MissingParameterError('ComparisonOperator');
  if ((ANOMALY_BAND_COMPARISON_OPERATORS as readonly string[]).includes(operator)) {
    throw new InvalidParameterValueError(
      `ComparisonOperator ${operator} is not supported by the emulator: it judges an anomaly-detection band, which the emulator does not model.`,
      'ComparisonOperator',
    );
  }
  return operator as ThresholdComparisonOperator;
}

interface MetricSource {
  readonly Namespace: string | undefined;
  readonly MetricName: string | undefined;
  readonly Dimensions: MetricAlarmDefinition['Dimensions'];
  readonly Statistic: AlarmStatistic | undefined;
  readonly ExtendedStatistic: string | undefined;
  readonly Period: number | undefined;
  readonly Unit: StandardUnit | undefined;
  readonly Metrics: readonly AlarmMetricDataQuery[] | undefined;
  readonly periodSeconds: number;
  readonly percentile: number | undefined;
  readonly statisticName: string | undefined;
}

const present = (value: unknown): boolean => value !== undefined && value !== null;

function checkMetricSource(request: Record<string, unknown>): MetricSource {
  const hasMetrics = present(request.Metrics);
  if (hasMetrics) {
    const clash = SINGLE_METRIC_KEYS.find((key) => present(request[key]));
    if (clash !== undefined) {
      throw new InvalidParameterCombinationError(
        `${clash} cannot be specified with Metrics: a math alarm names its metrics inside Metrics.`,
        clash,
      );
    }
    return checkMetrics(request.Metrics);
  }
  if (!present(request.MetricName)) {
    throw new MissingParameterError(
      'MetricName',
      'The parameter MetricName is required unless Metrics is specified.',
    );
  }
  const MetricName = requiredString(request.MetricName, 'MetricName', { max: 255 });
  const Namespace = requiredString(request.Namespace, 'Namespace', NAMESPACE);
  const hasStatistic = present(request.Statistic);
  const hasExtended = present(request.ExtendedStatistic);
  if (hasStatistic && hasExtended) {
    throw new InvalidParameterCombinationError(
      'Statistic and ExtendedStatistic cannot both be specified.',
      'ExtendedStatistic',
    );
  }
  if (!hasStatistic && !hasExtended) {
    throw new MissingParameterError(
      'Statistic',
      'One of the parameters Statistic or ExtendedStatistic is required.',
    );
  }
  const Statistic = optionalEnum(request.Statistic, 'Statistic', ALARM_STATISTICS);
  const ExtendedStatistic = optionalString(request.ExtendedStatistic, 'ExtendedStatistic', {
    pattern: EXTENDED_STATISTIC,
    hint: 'must be a percentile or trimmed statistic such as p99, tm90, IQM or PR(10:50)',
  });
  const Period = period(request.Period, 'Period');
  if (Period === undefined) throw new MissingParameterError('Period');
  return {
    Namespace,
    MetricName,
    Dimensions: dimensions(request.Dimensions, 'Dimensions'),
    Statistic,
    ExtendedStatistic,
    Period,
    Unit: optionalEnum(request.Unit, 'Unit', STANDARD_UNITS),
    Metrics: undefined,
    periodSeconds: Period,
    percentile: percentileOf(ExtendedStatistic),
    statisticName: Statistic ?? ExtendedStatistic,
  };
}

/** Alarm periods: 10, 20 or 30 seconds (high resolution) or a multiple of 60. */
function period(value: unknown, field: string): number | undefined {
  const seconds = optionalInteger(value, field, { min: 1 });
  if (seconds === undefined) return undefined;
  if (![10, 20, 30].includes(seconds) && seconds % 60 !== 0) {
    throw new InvalidParameterValueError(
      `Invalid value ${seconds} for ${field}: must be 10, 20, 30 or a multiple of 60.`,
      field,
    );
  }
  return seconds;
}

function percentileOf(statistic: string | undefined): number | undefined {
  const match = statistic === undefined ? null : PERCENTILE.exec(statistic);
  return match === null ? undefined : Number(match[1]);
}

const QUERY_KEYS = ['Id', 'MetricStat', 'Expression', 'Label', 'ReturnData', 'Period', 'AccountId'];

function checkMetrics(value: unknown): MetricSource {
  const list = optionalList(value, 'Metrics') ?? [];
  if (list.length === 0) {
    throw new InvalidParameterValueError('Metrics must have at least one member.', 'Metrics');
  }
  if (list.length > ALARM_METRICS_LIMITS.queries) {
    throw new InvalidParameterValueError(
      `Metrics has ${list.length} members; an alarm may have at most ${ALARM_METRICS_LIMITS.queries}.`,
      'Metrics',
    );
  }
  const ids = new Set<string>();
  const periods = new Set<number>();
  const queries = list.map((entry, index): AlarmMetricDataQuery => {
    const path = join('Metrics', index);
    const query = structure(entry, path, QUERY_KEYS);
    const Id = requiredString(query.Id, join(path, 'Id'), METRIC_ID);
    if (ids.has(Id))
      throw new InvalidParameterValueError(`Metrics has the Id ${Id} twice.`, join(path, 'Id'));
    ids.add(Id);
    const hasStat = present(query.MetricStat);
    const hasExpression = present(query.Expression);
    if (hasStat === hasExpression) {
      throw new InvalidParameterCombinationError(
        `${path} must have exactly one of MetricStat or Expression.`,
        hasStat ? join(path, 'Expression') : join(path, 'MetricStat'),
      );
    }
    const Period = period(query.Period, join(path, 'Period'));
    const MetricStat = hasStat ? metricStat(query.MetricStat, join(path, 'MetricStat')) : undefined;
    if (MetricStat !== undefined) periods.add(MetricStat.Period);
    if (Period !== undefined) periods.add(Period);
    const Expression = optionalString(query.Expression, join(path, 'Expression'), { max: 2048 });
    const Label = optionalString(query.Label, join(path, 'Label'), { min: 0 });
    const ReturnData = optionalBoolean(query.ReturnData, join(path, 'ReturnData'));
    const AccountId = optionalString(query.AccountId, join(path, 'AccountId'), { max: 255 });
    return {
      Id,
      ...(MetricStat !== undefined && { MetricStat }),
      ...(Expression !== undefined && { Expression }),
      ...(Label !== undefined && { Label }),
      ...(ReturnData !== undefined && { ReturnData }),
      ...(Period !== undefined && { Period }),
      ...(AccountId !== undefined && { AccountId }),
    };
  });
  for (const [kind, limit] of [
    ['MetricStat', ALARM_METRICS_LIMITS.metricStats],
    ['Expression', ALARM_METRICS_LIMITS.expressions],
  ] as const) {
    const count = queries.filter((query) => query[kind] !== undefined).length;
    if (count > limit) {
      throw new InvalidParameterValueError(
        `Metrics has ${count} members with a ${kind}; an alarm may have at most ${limit}.`,
        'Metrics',
      );
    }
  }
  // ReturnData defaults to true, so "exactly one returns data" counts the absent ones too.
  const returning = queries.filter((query) => query.ReturnData !== false);
  if (returning.length !== 1) {
    throw new InvalidParameterValueError(
      `Exactly one member of Metrics must return data (ReturnData true or absent, the others false); ${returning.length} do.`,
      'Metrics',
    );
  }
  // "Each metric must be using the same period" (Alarms on math expressions).
  if (periods.size > 1) {
    throw new InvalidParameterValueError(
      `The members of Metrics use the periods ${[...periods].join(', ')}; they must all use the same period.`,
      'Metrics',
    );
  }
  const [periodSeconds] = [...periods];
  if (periodSeconds === undefined) {
    throw new MissingParameterError(
      join(join('Metrics', queries.indexOf(returning[0] as AlarmMetricDataQuery)), 'Period'),
      'An alarm on an expression without metrics needs the Period of the expression.',
    );
  }
  const watched = returning[0] as AlarmMetricDataQuery;
  const stat = watched.MetricStat?.Stat;
  return {
    Namespace: undefined,
    MetricName: undefined,
    Dimensions: [],
    Statistic: undefined,
    ExtendedStatistic: undefined,
    Period: undefined,
    Unit: undefined,
    Metrics: queries,
    periodSeconds,
    percentile: percentileOf(stat),
    statisticName: stat,
  };
}

function metricStat(value: unknown, path: string): NonNullable<AlarmMetricDataQuery['MetricStat']> {
  const stat = structure(value, path, ['Metric', 'Period', 'Stat', 'Unit']);
  if (!present(stat.Metric)) throw new MissingParameterError(join(path, 'Metric'));
  const metricPath = join(path, 'Metric');
  const metric = structure(stat.Metric, metricPath, ['Namespace', 'MetricName', 'Dimensions']);
  const Period = period(stat.Period, join(path, 'Period'));
  if (Period === undefined) throw new MissingParameterError(join(path, 'Period'));
  const Stat = requiredString(stat.Stat, join(path, 'Stat'), {
    pattern: new RegExp(`^(?:${ALARM_STATISTICS.join('|')})$|${EXTENDED_STATISTIC.source}`),
    hint: 'must be a statistic such as Sum, Average, p99 or tm90',
  });
  const Unit = optionalEnum(stat.Unit, join(path, 'Unit'), STANDARD_UNITS);
  return {
    Metric: {
      Namespace: requiredString(metric.Namespace, join(metricPath, 'Namespace'), NAMESPACE),
      MetricName: requiredString(metric.MetricName, join(metricPath, 'MetricName'), { max: 255 }),
      ...(present(metric.Dimensions) && {
        Dimensions: dimensions(metric.Dimensions, join(metricPath, 'Dimensions')),
      }),
    },
    Period,
    Stat,
    ...(Unit !== undefined && { Unit }),
  };
}
