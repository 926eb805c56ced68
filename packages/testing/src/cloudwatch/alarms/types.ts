import type { StandardUnit } from '../../metrics/units';
// The alarm model's vocabulary. Operation inputs and outputs use CloudWatch's member names (PascalCase),
// so the wire layer passes a parsed request body straight in and serializes an answer straight out;
// every timestamp is epoch milliseconds (the wire layer writes epoch seconds or ISO 8601 as its protocol
// wants). Members the emulator derives for its own use are camelCase.

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const ALARM_STATE_VALUES: readonly AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** The four operators of a static threshold; the metric's value is the left operand. */
export type ThresholdComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
export const THRESHOLD_COMPARISON_OPERATORS: readonly ThresholdComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

/** The operators of an anomaly-detection band: part of the model, refused by the emulator (no bands). */
export type AnomalyBandComparisonOperator =
  | 'LessThanLowerOrGreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'GreaterThanUpperThreshold';
export const ANOMALY_BAND_COMPARISON_OPERATORS: readonly AnomalyBandComparisonOperator[] = [
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];

export type ComparisonOperator = ThresholdComparisonOperator | AnomalyBandComparisonOperator;

export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';
export const TREAT_MISSING_DATA_VALUES: readonly TreatMissingData[] = [
  'missing',
  'ignore',
  'breaching',
  'notBreaching',
];

export type LowSampleCountPercentile = 'evaluate' | 'ignore';
export const LOW_SAMPLE_COUNT_PERCENTILE_VALUES: readonly LowSampleCountPercentile[] = ['evaluate', 'ignore'];

export type AlarmStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
export const ALARM_STATISTICS: readonly AlarmStatistic[] = [
  'SampleCount',
  'Average',
  'Sum',
  'Minimum',
  'Maximum',
];

// The one list of CloudWatch's units, the metric store's.
export { STANDARD_UNITS, type StandardUnit } from '../../metrics/units';

export type AlarmType = 'MetricAlarm' | 'CompositeAlarm' | 'LogAlarm';
export const ALARM_TYPES: readonly AlarmType[] = ['MetricAlarm', 'CompositeAlarm', 'LogAlarm'];

export type HistoryItemType =
  | 'ConfigurationUpdate'
  | 'StateUpdate'
  | 'Action'
  | 'AlarmContributorStateUpdate'
  | 'AlarmContributorAction';
export const HISTORY_ITEM_TYPES: readonly HistoryItemType[] = [
  'ConfigurationUpdate',
  'StateUpdate',
  'Action',
  'AlarmContributorStateUpdate',
  'AlarmContributorAction',
];

export type ScanBy = 'TimestampDescending' | 'TimestampAscending';
export const SCAN_BY_VALUES: readonly ScanBy[] = ['TimestampDescending', 'TimestampAscending'];

export interface AlarmDimension {
  readonly Name: string;
  readonly Value: string;
}

export interface AlarmTag {
  readonly Key: string;
  readonly Value: string;
}

export interface AlarmMetric {
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: readonly AlarmDimension[];
}

export interface AlarmMetricStat {
  readonly Metric: AlarmMetric;
  readonly Period: number;
  /** Any statistic GetMetricData accepts: `Sum`, `p99`, `tm90`, ... */
  readonly Stat: string;
  readonly Unit?: StandardUnit;
}

/** One entry of a math alarm's `Metrics`: a metric (`MetricStat`) or an expression over the others. */
export interface AlarmMetricDataQuery {
  readonly Id: string;
  readonly MetricStat?: AlarmMetricStat;
  readonly Expression?: string;
  readonly Label?: string;
  /** Default true; exactly one entry of an alarm's `Metrics` returns data, the series the alarm watches. */
  readonly ReturnData?: boolean;
  readonly Period?: number;
  readonly AccountId?: string;
}

/** `PutMetricAlarm`: a single metric (`MetricName` ...) or a math alarm (`Metrics`), never both. */
export interface PutMetricAlarmInput {
  readonly AlarmName: string;
  readonly AlarmDescription?: string;
  /** Default true. Kept and shown; the emulator runs no actions. */
  readonly ActionsEnabled?: boolean;
  readonly OKActions?: readonly string[];
  readonly AlarmActions?: readonly string[];
  readonly InsufficientDataActions?: readonly string[];
  readonly MetricName?: string;
  readonly Namespace?: string;
  readonly Statistic?: AlarmStatistic;
  readonly ExtendedStatistic?: string;
  readonly Dimensions?: readonly AlarmDimension[];
  /** Seconds: 10, 20, 30 or a multiple of 60. */
  readonly Period?: number;
  readonly Unit?: StandardUnit;
  readonly EvaluationPeriods?: number;
  /** Default `EvaluationPeriods`. */
  readonly DatapointsToAlarm?: number;
  readonly Threshold?: number;
  readonly ComparisonOperator?: ComparisonOperator;
  /** Default `missing`. */
  readonly TreatMissingData?: TreatMissingData;
  /** Default `evaluate`. */
  readonly EvaluateLowSampleCountPercentile?: LowSampleCountPercentile;
  readonly Metrics?: readonly AlarmMetricDataQuery[];
  /** Applied when the alarm is created; ignored on an update, as in CloudWatch. */
  readonly Tags?: readonly AlarmTag[];
  /** Refused: anomaly-detection bands are not modeled. */
  readonly ThresholdMetricId?: string;
  /** Only the default, `{ SlidingWindow: {} }`, is accepted. */
  readonly EvaluationWindow?: { readonly SlidingWindow?: object; readonly WallClockWindow?: object };
  /** Refused: PromQL alarms are not modeled. */
  readonly EvaluationCriteria?: object;
  /** Refused: PromQL alarms are not modeled. */
  readonly EvaluationInterval?: number;
}

export interface PutCompositeAlarmInput {
  readonly AlarmName: string;
  /** `ALARM(x)`, `OK(x)`, `INSUFFICIENT_DATA(x)`, `TRUE`, `FALSE`, `AND`, `OR`, `NOT` and parentheses. */
  readonly AlarmRule: string;
  readonly AlarmDescription?: string;
  readonly ActionsEnabled?: boolean;
  readonly OKActions?: readonly string[];
  readonly AlarmActions?: readonly string[];
  readonly InsufficientDataActions?: readonly string[];
  readonly Tags?: readonly AlarmTag[];
  /** Kept and shown; the emulator runs no actions, so nothing is suppressed. */
  readonly ActionsSuppressor?: string;
  readonly ActionsSuppressorWaitPeriod?: number;
  readonly ActionsSuppressorExtensionPeriod?: number;
}

/**
 * A metric alarm as validated: CloudWatch's members as `DescribeAlarms` shows them, plus what the
 * emulator derives (camelCase). This is what an {@link AlarmDataSource} is asked about.
 */
export interface MetricAlarmDefinition {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmDescription: string | undefined;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  /** Set for a single-metric alarm, `undefined` for a math alarm (likewise the next five). */
  readonly Namespace: string | undefined;
  readonly MetricName: string | undefined;
  /** `[]` for a math alarm or a metric without dimensions. */
  readonly Dimensions: readonly AlarmDimension[];
  readonly Statistic: AlarmStatistic | undefined;
  readonly ExtendedStatistic: string | undefined;
  readonly Period: number | undefined;
  readonly Unit: StandardUnit | undefined;
  /** Set for a math alarm: the queries to run, one with `ReturnData` true. */
  readonly Metrics: readonly AlarmMetricDataQuery[] | undefined;
  readonly EvaluationPeriods: number;
  /** As given; the evaluation uses `EvaluationPeriods` when absent. */
  readonly DatapointsToAlarm: number | undefined;
  readonly Threshold: number;
  readonly ComparisonOperator: ThresholdComparisonOperator;
  /** As given; the evaluation uses `missing` when absent. */
  readonly TreatMissingData: TreatMissingData | undefined;
  readonly EvaluateLowSampleCountPercentile: LowSampleCountPercentile | undefined;
  /** Seconds per datapoint: `Period`, or the period of the `Metrics` (all their periods agree). */
  readonly periodSeconds: number;
  /** The percentile of a `pNN` statistic (99 for `p99`), for the low-sample rule; otherwise `undefined`. */
  readonly percentile: number | undefined;
  /** The statistic as CloudWatch names it in a state reason: `Statistic`, `ExtendedStatistic` or the queried `Stat`. */
  readonly statisticName: string | undefined;
}

/** One period's value of the series an alarm watches, with the number of samples behind it. */
export interface AlarmDatapoint {
  readonly value: number;
  /**
   * Samples aggregated into the value: read by the percentile low-sample rule only. For a math alarm,
   * the count of the metric behind the result when it is known, else 0.
   */
  readonly sampleCount: number;
}

/** The periods an evaluation asks for: `periods` periods of `periodSeconds`, from `startTime` (inclusive) to `endTime` (exclusive). */
export interface EvaluationRange {
  readonly startTime: number;
  readonly endTime: number;
  readonly periodSeconds: number;
  readonly periods: number;
}

/**
 * Where alarms read their data from; the emulator's CloudWatch implements it with its metric store and
 * its GetMetricData engine (for `Metrics`).
 */
export interface AlarmDataSource {
  /**
   * One entry per period of `range`, oldest first, bucket `i` starting at `startTime + i * periodSeconds`:
   * the alarm's statistic for a single-metric alarm, the `ReturnData` series for a math alarm, or
   * `undefined` (or `null`) for a period without a datapoint. Exactly `range.periods` entries. A throw
   * leaves the alarm in its state with `EvaluationState: 'EVALUATION_ERROR'`.
   */
  datapointsFor(
    alarm: MetricAlarmDefinition,
    range: EvaluationRange,
  ): readonly (AlarmDatapoint | null | undefined)[];
}

/** `DescribeAlarms`' view of a metric alarm. */
export interface MetricAlarmDescription {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmDescription?: string;
  readonly AlarmConfigurationUpdatedTimestamp: number;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly StateValue: AlarmStateValue;
  readonly StateReason: string;
  readonly StateReasonData?: string;
  readonly StateUpdatedTimestamp: number;
  readonly MetricName?: string;
  readonly Namespace?: string;
  readonly Statistic?: AlarmStatistic;
  readonly ExtendedStatistic?: string;
  readonly Dimensions?: readonly AlarmDimension[];
  readonly Period?: number;
  readonly Unit?: StandardUnit;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: ThresholdComparisonOperator;
  readonly TreatMissingData?: TreatMissingData;
  readonly EvaluateLowSampleCountPercentile?: LowSampleCountPercentile;
  readonly Metrics?: readonly AlarmMetricDataQuery[];
  /** `EVALUATION_ERROR` while the data source throws for this alarm. */
  readonly EvaluationState?: 'EVALUATION_ERROR';
  readonly StateTransitionedTimestamp: number;
}

/** `DescribeAlarms`' view of a composite alarm. */
export interface CompositeAlarmDescription {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmDescription?: string;
  readonly AlarmRule: string;
  readonly AlarmConfigurationUpdatedTimestamp: number;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly StateValue: AlarmStateValue;
  readonly StateReason: string;
  readonly StateReasonData?: string;
  readonly StateUpdatedTimestamp: number;
  readonly StateTransitionedTimestamp: number;
  readonly ActionsSuppressor?: string;
  readonly ActionsSuppressorWaitPeriod?: number;
  readonly ActionsSuppressorExtensionPeriod?: number;
}

/** What `ChildrenOfAlarmName` answers per alarm (CloudWatch returns only these). */
export interface ChildAlarmDescription {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly StateValue: AlarmStateValue;
  readonly StateUpdatedTimestamp: number;
}

/** What `ParentsOfAlarmName` answers per alarm (CloudWatch returns only these). */
export interface ParentAlarmDescription {
  readonly AlarmName: string;
  readonly AlarmArn: string;
}

export interface DescribeAlarmsInput {
  /** At most 100; not with `AlarmNamePrefix`. */
  readonly AlarmNames?: readonly string[];
  readonly AlarmNamePrefix?: string;
  /** Default `['MetricAlarm']`: composites are listed only when asked for. */
  readonly AlarmTypes?: readonly AlarmType[];
  /** Only with `MaxRecords` and `NextToken`. */
  readonly ChildrenOfAlarmName?: string;
  /** Only with `MaxRecords` and `NextToken`. */
  readonly ParentsOfAlarmName?: string;
  readonly StateValue?: AlarmStateValue;
  /** Alarms with an action (OK, alarm or insufficient-data) starting with this. */
  readonly ActionPrefix?: string;
  /** 1 to 100; default {@link DEFAULT_DESCRIBE_ALARMS_MAX_RECORDS}. */
  readonly MaxRecords?: number;
  readonly NextToken?: string;
}

/**
 * Alarms in name order; `NextToken` when more remain. `LogAlarms` only when `AlarmTypes` asks for them
 * (always empty). With `ChildrenOfAlarmName` the entries are {@link ChildAlarmDescription}s, with
 * `ParentsOfAlarmName` {@link ParentAlarmDescription}s (composites only).
 */
export interface DescribeAlarmsOutput<
  Metric = MetricAlarmDescription,
  Composite = CompositeAlarmDescription,
> {
  readonly MetricAlarms: readonly Metric[];
  readonly CompositeAlarms: readonly Composite[];
  readonly LogAlarms?: readonly never[];
  readonly NextToken?: string;
}

/**
 * Unconfirmed: the API reference gives no default for `DescribeAlarms`' `MaxRecords` (1 to 100); 50 is
 * the emulator's choice.
 */
export const DEFAULT_DESCRIBE_ALARMS_MAX_RECORDS = 50;
/** Unconfirmed likewise for `DescribeAlarmHistory` (1 to 100). */
export const DEFAULT_HISTORY_MAX_RECORDS = 100;

export interface DeleteAlarmsInput {
  /** At most 100, of which at most one composite alarm. */
  readonly AlarmNames: readonly string[];
}

export interface SetAlarmStateInput {
  readonly AlarmName: string;
  readonly StateValue: AlarmStateValue;
  /** At most 1023 characters. */
  readonly StateReason: string;
  /** JSON, at most 4000 characters. */
  readonly StateReasonData?: string;
}

export interface DescribeAlarmHistoryInput {
  readonly AlarmName?: string;
  readonly AlarmContributorId?: string;
  /** Default `['MetricAlarm']`: a composite's history is listed only when asked for. */
  readonly AlarmTypes?: readonly AlarmType[];
  readonly HistoryItemType?: HistoryItemType;
  /** Epoch ms, inclusive. */
  readonly StartDate?: number;
  /** Epoch ms, inclusive. */
  readonly EndDate?: number;
  /** 1 to 100; default {@link DEFAULT_HISTORY_MAX_RECORDS}. */
  readonly MaxRecords?: number;
  readonly NextToken?: string;
  /** Default `TimestampDescending`, newest first. */
  readonly ScanBy?: ScanBy;
}

/** One history item as CloudWatch writes it; `HistoryData` is JSON. */
export interface AlarmHistoryItem {
  readonly AlarmName: string;
  readonly AlarmType: 'MetricAlarm' | 'CompositeAlarm';
  readonly Timestamp: number;
  readonly HistoryItemType: 'ConfigurationUpdate' | 'StateUpdate';
  /** `Alarm updated from OK to ALARM`, `Alarm "name" created`, `... updated`, `... deleted`. */
  readonly HistorySummary: string;
  readonly HistoryData: string;
}

export interface DescribeAlarmHistoryOutput {
  readonly AlarmHistoryItems: readonly AlarmHistoryItem[];
  readonly NextToken?: string;
}
