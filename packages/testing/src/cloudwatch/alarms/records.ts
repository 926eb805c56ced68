import type { ParsedAlarmRule } from './alarm-rule';
import { jsonTime } from './format';
import type {
  AlarmStateValue,
  AlarmTag,
  CompositeAlarmDescription,
  MetricAlarmDefinition,
  MetricAlarmDescription,
} from './types';

// The registry's records of alarms, and how CloudWatch shows them: DescribeAlarms' members, and the
// camelCase copy a ConfigurationUpdate history item carries (`createdAlarm`, `updatedAlarm`).

export interface StateRecord {
  readonly value: AlarmStateValue;
  readonly reason: string;
  readonly reasonData: string | undefined;
  /** Last change of the value or of the evaluation state (StateUpdatedTimestamp). */
  readonly updatedAt: number;
  /** Last change of the value (StateTransitionedTimestamp). */
  readonly transitionedAt: number;
}

export interface MetricAlarmRecord {
  readonly type: 'MetricAlarm';
  definition: MetricAlarmDefinition;
  readonly tags: readonly AlarmTag[];
  configuredAt: number;
  state: StateRecord;
  /** The data source threw at the last evaluation (EvaluationState EVALUATION_ERROR). */
  evaluationError: boolean;
  /** The cadence boundary of the last evaluation, epoch ms; `undefined` until the first. */
  lastEvaluatedAt: number | undefined;
}

export interface CompositeAlarmConfig {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmRule: string;
  readonly AlarmDescription: string | undefined;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly ActionsSuppressor: string | undefined;
  readonly ActionsSuppressorWaitPeriod: number | undefined;
  readonly ActionsSuppressorExtensionPeriod: number | undefined;
}

export interface CompositeAlarmRecord {
  readonly type: 'CompositeAlarm';
  config: CompositeAlarmConfig;
  rule: ParsedAlarmRule;
  /** The rule's references resolved to alarm names (an ARN of this account and region → its name). */
  children: ReadonlyMap<string, string>;
  readonly tags: readonly AlarmTag[];
  configuredAt: number;
  state: StateRecord;
}

export type AlarmRecord = MetricAlarmRecord | CompositeAlarmRecord;

/** The alarm's initial state, as CloudWatch sets it on creation. */
export function initialState(now: number): StateRecord {
  return {
    value: 'INSUFFICIENT_DATA',
    reason: 'Unchecked: Initial alarm creation',
    reasonData: undefined,
    updatedAt: now,
    transitionedAt: now,
  };
}

export function describeMetricAlarm(record: MetricAlarmRecord): MetricAlarmDescription {
  const d = record.definition;
  const single = d.Metrics === undefined;
  return {
    AlarmName: d.AlarmName,
    AlarmArn: d.AlarmArn,
    ...(d.AlarmDescription !== undefined && { AlarmDescription: d.AlarmDescription }),
    AlarmConfigurationUpdatedTimestamp: record.configuredAt,
    ActionsEnabled: d.ActionsEnabled,
    OKActions: [...d.OKActions],
    AlarmActions: [...d.AlarmActions],
    InsufficientDataActions: [...d.InsufficientDataActions],
    StateValue: record.state.value,
    StateReason: record.state.reason,
    ...(record.state.reasonData !== undefined && { StateReasonData: record.state.reasonData }),
    StateUpdatedTimestamp: record.state.updatedAt,
    ...(single && {
      MetricName: d.MetricName,
      Namespace: d.Namespace,
      ...(d.Statistic !== undefined && { Statistic: d.Statistic }),
      ...(d.ExtendedStatistic !== undefined && { ExtendedStatistic: d.ExtendedStatistic }),
      Dimensions: d.Dimensions.map((dimension) => ({ ...dimension })),
      Period: d.Period,
      ...(d.Unit !== undefined && { Unit: d.Unit }),
    }),
    EvaluationPeriods: d.EvaluationPeriods,
    ...(d.DatapointsToAlarm !== undefined && { DatapointsToAlarm: d.DatapointsToAlarm }),
    Threshold: d.Threshold,
    ComparisonOperator: d.ComparisonOperator,
    ...(d.TreatMissingData !== undefined && { TreatMissingData: d.TreatMissingData }),
    ...(d.EvaluateLowSampleCountPercentile !== undefined && {
      EvaluateLowSampleCountPercentile: d.EvaluateLowSampleCountPercentile,
    }),
    ...(d.Metrics !== undefined && { Metrics: structuredClone(d.Metrics) }),
    ...(record.evaluationError && { EvaluationState: 'EVALUATION_ERROR' as const }),
    StateTransitionedTimestamp: record.state.transitionedAt,
  };
}

export function describeCompositeAlarm(record: CompositeAlarmRecord): CompositeAlarmDescription {
  const c = record.config;
  return {
    AlarmName: c.AlarmName,
    AlarmArn: c.AlarmArn,
    ...(c.AlarmDescription !== undefined && { AlarmDescription: c.AlarmDescription }),
    AlarmRule: c.AlarmRule,
    AlarmConfigurationUpdatedTimestamp: record.configuredAt,
    ActionsEnabled: c.ActionsEnabled,
    OKActions: [...c.OKActions],
    AlarmActions: [...c.AlarmActions],
    InsufficientDataActions: [...c.InsufficientDataActions],
    StateValue: record.state.value,
    StateReason: record.state.reason,
    ...(record.state.reasonData !== undefined && { StateReasonData: record.state.reasonData }),
    StateUpdatedTimestamp: record.state.updatedAt,
    StateTransitionedTimestamp: record.state.transitionedAt,
    ...(c.ActionsSuppressor !== undefined && { ActionsSuppressor: c.ActionsSuppressor }),
    ...(c.ActionsSuppressorWaitPeriod !== undefined && {
      ActionsSuppressorWaitPeriod: c.ActionsSuppressorWaitPeriod,
    }),
    ...(c.ActionsSuppressorExtensionPeriod !== undefined && {
      ActionsSuppressorExtensionPeriod: c.ActionsSuppressorExtensionPeriod,
    }),
  };
}

export function describeAlarm(record: AlarmRecord): MetricAlarmDescription | CompositeAlarmDescription {
  return record.type === 'MetricAlarm' ? describeMetricAlarm(record) : describeCompositeAlarm(record);
}

const TIMESTAMP_KEYS = new Set([
  'AlarmConfigurationUpdatedTimestamp',
  'StateUpdatedTimestamp',
  'StateTransitionedTimestamp',
]);

/**
 * An alarm as a ConfigurationUpdate item carries it: camelCase keys (`OKActions` written `okactions`,
 * as CloudWatch writes it), times as JSON times, and the state members of the time.
 */
export function historyView(record: AlarmRecord): Record<string, unknown> {
  const shown = Object.entries(describeAlarm(record)).filter(
    ([key]) => key !== 'StateReason' && key !== 'StateReasonData',
  );
  return camelize(Object.fromEntries(shown)) as Record<string, unknown>;
}

function camelize(value: unknown, key?: string): unknown {
  if (key !== undefined && TIMESTAMP_KEYS.has(key) && typeof value === 'number') return jsonTime(value);
  if (Array.isArray(value)) return value.map((entry) => camelize(entry));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(value)) {
    const camel = name === 'OKActions' ? 'okactions' : name.charAt(0).toLowerCase() + name.slice(1);
    result[camel] = camelize(entry, name);
  }
  return result;
}

/** The members whose value differs, with their old values (an Update item's `originalUpdatedFields`). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = before[key] ?? null;
  }
  return changed;
}
