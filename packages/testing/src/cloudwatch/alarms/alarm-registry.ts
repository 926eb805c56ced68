import type { Clock, Validator } from '@shiftguard/kit';
import { ACCOUNT_ID } from '../../account';
import { optionalClock } from '../../clock/clock-option';
import { inputValidator } from '../../validate';
import { evaluateAlarmRule } from './alarm-rule';
import { checkPutCompositeAlarm } from './composite-alarm-input';
import {
  AlarmValidationError,
  InvalidFormatError,
  InvalidParameterCombinationError,
  InvalidParameterValueError,
  LimitExceededError,
  MissingParameterError,
  ResourceNotFoundError,
} from './errors';
import { type AlarmStateReasonData, defaultEvaluationRangeLength, evaluateAlarm } from './evaluation';
import { jsonTime, longTime } from './format';
import { AlarmHistory, type StoredHistoryItem } from './history';
import { checkPutMetricAlarm } from './metric-alarm-input';
import { decodePageToken, encodePageToken } from './paging';
import {
  type AlarmRecord,
  type CompositeAlarmRecord,
  changedFields,
  describeCompositeAlarm,
  describeMetricAlarm,
  historyView,
  initialState,
  type MetricAlarmRecord,
  type StateRecord,
} from './records';
import {
  ALARM_STATE_VALUES,
  ALARM_TYPES,
  type AlarmDataSource,
  type AlarmHistoryItem,
  type AlarmStateValue,
  type AlarmTag,
  type AlarmType,
  type ChildAlarmDescription,
  type CompositeAlarmDescription,
  DEFAULT_DESCRIBE_ALARMS_MAX_RECORDS,
  DEFAULT_HISTORY_MAX_RECORDS,
  type DeleteAlarmsInput,
  type DescribeAlarmHistoryInput,
  type DescribeAlarmHistoryOutput,
  type DescribeAlarmsInput,
  type DescribeAlarmsOutput,
  type EvaluationRange,
  HISTORY_ITEM_TYPES,
  type MetricAlarmDefinition,
  type MetricAlarmDescription,
  type ParentAlarmDescription,
  type PutCompositeAlarmInput,
  type PutMetricAlarmInput,
  SCAN_BY_VALUES,
  type SetAlarmStateInput,
} from './types';
import {
  ALARM_NAME_RULES,
  optionalEnum,
  optionalEnumList,
  optionalInteger,
  optionalNumber,
  optionalString,
  optionalStrings,
  requiredString,
  structure,
} from './validate';

export interface AlarmRegistryOptions {
  /** Timestamps (`wallTime()`) and the evaluation schedule: the emulator's one clock. */
  readonly clock: Clock;
  /** Where metric alarms read their datapoints. */
  readonly dataSource: AlarmDataSource;
  /** In alarm ARNs. Default `us-east-1`. */
  readonly region?: string;
  /** In alarm ARNs. Default the emulator's account, `123456789012`. */
  readonly accountId?: string;
  /**
   * Most alarms, metric and composite together, the account may hold; PutMetricAlarm and
   * PutCompositeAlarm answer LimitExceeded beyond. Default 5000, CloudWatch's former quota of alarms
   * per region (the current guide says there is none).
   */
  readonly maxAlarms?: number;
  /** Days a history item is kept. Default 30, as CloudWatch keeps them. */
  readonly historyRetentionDays?: number;
  /** Newest history items kept per alarm. Default 1000 (CloudWatch bounds only the days). */
  readonly maxHistoryItemsPerAlarm?: number;
  /**
   * How many periods an evaluation reads for N evaluation periods (at least N); AWS does not document
   * it. Default {@link defaultEvaluationRangeLength}: N + max(⌊N/3⌋, 2), 5 for N = 3 as in the guide.
   */
  readonly evaluationRangeLength?: (evaluationPeriods: number) => number;
  /** Told when reading an alarm's datapoints failed (the alarm shows `EvaluationState: EVALUATION_ERROR`). */
  readonly onEvaluationError?: (alarmName: string, error: unknown) => void;
}

/** A state change `evaluateAll` made, in the order it made them (metric alarms, then composites). */
export interface AlarmTransition {
  readonly AlarmName: string;
  readonly AlarmType: 'MetricAlarm' | 'CompositeAlarm';
  readonly OldStateValue: AlarmStateValue;
  readonly NewStateValue: AlarmStateValue;
  readonly Timestamp: number;
}

const OPTION_KEYS = [
  'clock',
  'dataSource',
  'region',
  'accountId',
  'maxAlarms',
  'historyRetentionDays',
  'maxHistoryItemsPerAlarm',
  'evaluationRangeLength',
  'onEvaluationError',
] as const;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Alarms with a period of 10, 20 or 30 seconds are evaluated every 10 seconds. */
const HIGH_RESOLUTION_CADENCE_MS = 10_000;
/** "Any single alarm can be included in the rule expressions of as many as 150 composite alarms." */
const MAX_PARENTS = 150;
/** DeleteAlarms: "up to 100 alarms in one operation ... no more than one composite alarm". */
const MAX_DELETE = 100;
const MAX_STATE_REASON = 1023;
const MAX_STATE_REASON_DATA = 4000;
const MAX_HISTORY_DATA = 4095;

interface Trigger {
  readonly name: string;
  readonly state: AlarmStateValue;
  readonly at: number;
}

/**
 * The alarms of one emulated account: CloudWatch's alarm operations on a model, without the wire. The
 * wire layer passes each parsed request in and serializes what comes back; each operation throws the
 * CloudWatch errors of `./errors` (typed, with the query `code`), never anything else for bad input.
 *
 * Metric alarms are evaluated by {@link evaluateAll}, every minute on the clock once {@link start}ed
 * (every 10 seconds for alarms with a period under a minute); composite alarms follow their children
 * as they change.
 *
 * @example
 * ```ts
 * const alarms = new AlarmRegistry({ clock, dataSource });
 * alarms.putMetricAlarm({ AlarmName: 'errors', Namespace: 'AWS/Lambda', MetricName: 'Errors',
 *   Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, Threshold: 1,
 *   ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
 * alarms.start();
 * await clock.advance(5 * 60_000); // five evaluations
 * alarms.describeAlarms({ AlarmNames: ['errors'] }).MetricAlarms[0]?.StateValue;
 * ```
 */
export class AlarmRegistry {
  private readonly clock: Clock;
  private readonly dataSource: AlarmDataSource;
  private readonly region: string;
  private readonly accountId: string;
  private readonly maxAlarms: number;
  private readonly rangeLength: (evaluationPeriods: number) => number;
  private readonly onEvaluationError: ((alarmName: string, error: unknown) => void) | undefined;
  private readonly alarms = new Map<string, AlarmRecord>();
  private readonly history: AlarmHistory;
  private timer: unknown;
  private timerCadence = 0;
  private running = false;

  constructor(options: AlarmRegistryOptions) {
    const v: Validator = inputValidator('AlarmRegistry options');
    const checked = v.object(options, '', OPTION_KEYS);
    this.clock = optionalClock(v, 'clock', checked.clock) ?? v.fail('clock', 'is required');
    this.dataSource =
      v.methods<AlarmDataSource>(checked.dataSource, 'dataSource', ['datapointsFor']) ??
      v.fail('dataSource', 'is required');
    this.region = v.string(checked.region, 'region', { pattern: /^[a-z0-9-]+$/ }) ?? 'us-east-1';
    this.accountId = v.string(checked.accountId, 'accountId', { pattern: /^\d{12}$/ }) ?? ACCOUNT_ID;
    this.maxAlarms = v.integer(checked.maxAlarms, 'maxAlarms', { min: 1 }) ?? 5000;
    const retentionDays =
      v.number(checked.historyRetentionDays, 'historyRetentionDays', { positive: true }) ?? 30;
    const maxItems =
      v.integer(checked.maxHistoryItemsPerAlarm, 'maxHistoryItemsPerAlarm', { min: 1 }) ?? 1000;
    this.rangeLength =
      v.func<(evaluationPeriods: number) => number>(checked.evaluationRangeLength, 'evaluationRangeLength') ??
      defaultEvaluationRangeLength;
    this.onEvaluationError = v.func(checked.onEvaluationError, 'onEvaluationError');
    this.history = new AlarmHistory({
      retentionMs: retentionDays * DAY_MS,
      maxItemsPerAlarm: maxItems,
      maxDeletedAlarms: this.maxAlarms,
    });
  }

  /** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`. */
  arnOf(alarmName: string): string {
    return `arn:aws:cloudwatch:${this.region}:${this.accountId}:alarm:${alarmName}`;
  }

  /**
   * PutMetricAlarm: creates the alarm in INSUFFICIENT_DATA, or replaces an existing one's configuration
   * keeping its state (and its tags: `Tags` apply on creation only). Evaluated at the next
   * {@link evaluateAll}, whatever the cadence.
   */
  putMetricAlarm(input: PutMetricAlarmInput): void {
    const { definition, tags } = checkPutMetricAlarm(input);
    const name = definition.AlarmName;
    const existing = this.alarms.get(name);
    if (existing?.type === 'CompositeAlarm') {
      throw new InvalidParameterValueError(`The alarm ${name} exists as a composite alarm.`, 'AlarmName');
    }
    if (existing === undefined) this.checkCapacity();
    const now = this.clock.wallTime();
    const complete: MetricAlarmDefinition = deepFreeze({ ...definition, AlarmArn: this.arnOf(name) });
    if (existing === undefined) {
      const record: MetricAlarmRecord = {
        type: 'MetricAlarm',
        definition: complete,
        tags: Object.freeze(tags.map((tag) => ({ ...tag }))),
        configuredAt: now,
        state: initialState(now),
        evaluationError: false,
        lastEvaluatedAt: undefined,
      };
      this.alarms.set(name, record);
      this.history.revive(name);
      this.recordConfiguration(record, 'Create', now);
    } else {
      const before = historyView(existing);
      existing.definition = complete;
      existing.configuredAt = now;
      existing.lastEvaluatedAt = undefined;
      this.recordConfiguration(existing, 'Update', now, before);
    }
    if (this.running && this.cadenceMs() < this.timerCadence) this.arm();
  }

  /**
   * PutCompositeAlarm: every alarm the rule names must exist (ValidationError otherwise). A new composite
   * starts in INSUFFICIENT_DATA and is evaluated at once; an update keeps the state and re-evaluates.
   */
  putCompositeAlarm(input: PutCompositeAlarmInput): void {
    const checked = checkPutCompositeAlarm(input);
    const name = checked.AlarmName;
    const existing = this.alarms.get(name);
    if (existing?.type === 'MetricAlarm') {
      throw new InvalidParameterValueError(`The alarm ${name} exists as a metric alarm.`, 'AlarmName');
    }
    const children = new Map(checked.rule.references.map((reference) => [reference, this.nameOf(reference)]));
    const missing = [...new Set(children.values())].filter((child) => !this.alarms.has(child));
    if (missing.length > 0) {
      throw new AlarmValidationError(
        `Could not save the composite alarm as alarms [${missing.join(', ')}] in the alarm rule do not exist`,
        'AlarmRule',
      );
    }
    for (const child of new Set(children.values())) {
      const parents = this.parentsOf(child).filter((parent) => parent.config.AlarmName !== name);
      if (parents.length >= MAX_PARENTS) {
        throw new LimitExceededError(
          `The alarm ${child} is already in the rules of ${parents.length} composite alarms; at most ${MAX_PARENTS} are allowed.`,
          'AlarmRule',
        );
      }
    }
    if (existing === undefined) this.checkCapacity();
    const now = this.clock.wallTime();
    const config = Object.freeze({
      AlarmName: name,
      AlarmArn: this.arnOf(name),
      AlarmRule: checked.AlarmRule,
      AlarmDescription: checked.AlarmDescription,
      ActionsEnabled: checked.ActionsEnabled,
      OKActions: Object.freeze([...checked.OKActions]),
      AlarmActions: Object.freeze([...checked.AlarmActions]),
      InsufficientDataActions: Object.freeze([...checked.InsufficientDataActions]),
      ActionsSuppressor: checked.ActionsSuppressor,
      ActionsSuppressorWaitPeriod: checked.ActionsSuppressorWaitPeriod,
      ActionsSuppressorExtensionPeriod: checked.ActionsSuppressorExtensionPeriod,
    });
    let record: CompositeAlarmRecord;
    if (existing === undefined) {
      record = {
        type: 'CompositeAlarm',
        config,
        rule: checked.rule,
        children,
        tags: Object.freeze(checked.tags.map((tag) => ({ ...tag }))),
        configuredAt: now,
        state: initialState(now),
      };
      this.alarms.set(name, record);
      this.history.revive(name);
      this.recordConfiguration(record, 'Create', now);
    } else {
      record = existing;
      const before = historyView(existing);
      record.config = config;
      record.rule = checked.rule;
      record.children = children;
      record.configuredAt = now;
      this.recordConfiguration(record, 'Update', now, before);
    }
    if (this.evaluateComposite(record, undefined, now)) this.propagate([name], now);
  }

  /**
   * DeleteAlarms: names that do not exist are skipped ("the alarms you specify with correct names are
   * still deleted"). Refused as a whole (ValidationError) when a composite that stays depends on one of
   * them, or (InvalidParameterValue) when it names more than one composite alarm.
   */
  deleteAlarms(input: DeleteAlarmsInput): void {
    const request = structure(input, '', ['AlarmNames']);
    if (request.AlarmNames === undefined || request.AlarmNames === null)
      throw new MissingParameterError('AlarmNames');
    const names = [
      ...new Set(optionalStrings(request.AlarmNames, 'AlarmNames', MAX_DELETE, ALARM_NAME_RULES) ?? []),
    ];
    const found = names.filter((name) => this.alarms.has(name));
    const composites = found.filter((name) => this.alarms.get(name)?.type === 'CompositeAlarm');
    if (composites.length > 1) {
      throw new InvalidParameterValueError(
        `DeleteAlarms deletes at most one composite alarm per call; AlarmNames has ${composites.length} (${composites.join(', ')}).`,
        'AlarmNames',
      );
    }
    const deleting = new Set(found);
    const held = found.filter((name) =>
      this.parentsOf(name).some((parent) => !deleting.has(parent.config.AlarmName)),
    );
    if (held.length > 0) {
      throw new AlarmValidationError(
        `Cannot delete ${held.join(',')} as there are composite alarm(s) depending on ${held.length === 1 ? 'it' : 'them'}.`,
        'AlarmNames',
      );
    }
    const now = this.clock.wallTime();
    for (const name of found) {
      const record = this.alarms.get(name) as AlarmRecord;
      this.alarms.delete(name);
      this.recordConfiguration(record, 'Delete', now);
      this.history.retire(name);
    }
  }

  /**
   * SetAlarmState: sets the state until the next evaluation says otherwise (a metric alarm), or until a
   * child changes state or the configuration is updated (a composite). A change is recorded in the
   * history and reaches the alarm's parents; setting the current state again only replaces the reason.
   */
  setAlarmState(input: SetAlarmStateInput): void {
    const request = structure(input, '', ['AlarmName', 'StateValue', 'StateReason', 'StateReasonData']);
    const name = requiredString(request.AlarmName, 'AlarmName', ALARM_NAME_RULES);
    const value = optionalEnum(request.StateValue, 'StateValue', ALARM_STATE_VALUES);
    if (value === undefined) throw new MissingParameterError('StateValue');
    const reason = optionalString(request.StateReason, 'StateReason', { min: 0, max: MAX_STATE_REASON });
    if (reason === undefined) throw new MissingParameterError('StateReason');
    const reasonData = optionalString(request.StateReasonData, 'StateReasonData', {
      min: 0,
      max: MAX_STATE_REASON_DATA,
    });
    if (reasonData !== undefined) {
      try {
        JSON.parse(reasonData);
      } catch (error) {
        throw new InvalidFormatError(
          `StateReasonData must be JSON: ${(error as Error).message}`,
          'StateReasonData',
        );
      }
    }
    const record = this.alarms.get(name);
    if (record === undefined) throw new ResourceNotFoundError(`Alarm ${name} not found`, 'AlarmName');
    const now = this.clock.wallTime();
    if (record.state.value === value) {
      record.state = { ...record.state, reason, reasonData };
      return;
    }
    this.transition(record, value, reason, reasonData, now);
    this.propagate([name], now);
  }

  /** DescribeAlarms with `ChildrenOfAlarmName`: the children's names, ARNs and states. */
  describeAlarms(
    input: DescribeAlarmsInput & { readonly ChildrenOfAlarmName: string },
  ): DescribeAlarmsOutput<ChildAlarmDescription, ChildAlarmDescription>;
  /** DescribeAlarms with `ParentsOfAlarmName`: the parents' names and ARNs. */
  describeAlarms(
    input: DescribeAlarmsInput & { readonly ParentsOfAlarmName: string },
  ): DescribeAlarmsOutput<never, ParentAlarmDescription>;
  /** DescribeAlarms, with CloudWatch's filters and paging; alarms in name order. */
  describeAlarms(input?: DescribeAlarmsInput): DescribeAlarmsOutput;
  describeAlarms(
    input: DescribeAlarmsInput = {},
  ): DescribeAlarmsOutput<
    MetricAlarmDescription | ChildAlarmDescription | ParentAlarmDescription,
    CompositeAlarmDescription | ChildAlarmDescription | ParentAlarmDescription
  > {
    const request = structure(input, '', [
      'AlarmNames',
      'AlarmNamePrefix',
      'AlarmTypes',
      'ChildrenOfAlarmName',
      'ParentsOfAlarmName',
      'StateValue',
      'ActionPrefix',
      'MaxRecords',
      'NextToken',
    ]);
    // An empty list filters nothing (the query protocol cannot tell it from an absent one).
    const names = nonEmpty(optionalStrings(request.AlarmNames, 'AlarmNames', 100, ALARM_NAME_RULES));
    const prefix = optionalString(request.AlarmNamePrefix, 'AlarmNamePrefix', { max: 255 });
    const types = nonEmpty(optionalEnumList(request.AlarmTypes, 'AlarmTypes', ALARM_TYPES));
    const childrenOf = optionalString(request.ChildrenOfAlarmName, 'ChildrenOfAlarmName', ALARM_NAME_RULES);
    const parentsOf = optionalString(request.ParentsOfAlarmName, 'ParentsOfAlarmName', ALARM_NAME_RULES);
    const state = optionalEnum(request.StateValue, 'StateValue', ALARM_STATE_VALUES);
    const actionPrefix = optionalString(request.ActionPrefix, 'ActionPrefix', { max: 1024 });
    const maxRecords =
      optionalInteger(request.MaxRecords, 'MaxRecords', { min: 1, max: 100 }) ??
      DEFAULT_DESCRIBE_ALARMS_MAX_RECORDS;
    if (names !== undefined && prefix !== undefined) {
      throw new InvalidParameterCombinationError(
        'AlarmNames and AlarmNamePrefix cannot both be specified.',
        'AlarmNamePrefix',
      );
    }
    const relation =
      childrenOf !== undefined
        ? 'ChildrenOfAlarmName'
        : parentsOf !== undefined
          ? 'ParentsOfAlarmName'
          : undefined;
    if (relation !== undefined) {
      const others = ['AlarmNames', 'AlarmNamePrefix', 'AlarmTypes', 'StateValue', 'ActionPrefix'].filter(
        (key) => request[key] !== undefined && request[key] !== null,
      );
      if (childrenOf !== undefined && parentsOf !== undefined) others.unshift('ParentsOfAlarmName');
      if (others.length > 0) {
        throw new InvalidParameterCombinationError(
          `${relation} cannot be specified with ${others.join(', ')}: only MaxRecords and NextToken may go with it.`,
          others[0],
        );
      }
    }
    const filters = JSON.stringify({ names, prefix, types, childrenOf, parentsOf, state, actionPrefix });
    const after =
      request.NextToken === undefined || request.NextToken === null
        ? undefined
        : (decodePageToken(request.NextToken, 'DescribeAlarms', filters)[0] as string);

    let selected: AlarmRecord[];
    if (childrenOf !== undefined) {
      const parent = this.alarms.get(childrenOf);
      selected =
        parent?.type === 'CompositeAlarm'
          ? [...new Set(parent.children.values())].flatMap((child) => this.alarms.get(child) ?? [])
          : [];
    } else if (parentsOf !== undefined) {
      selected = this.parentsOf(parentsOf);
    } else {
      const wanted = new Set<AlarmType>(types ?? ['MetricAlarm']);
      const nameSet = names === undefined ? undefined : new Set(names);
      selected = [...this.alarms.values()].filter(
        (record) =>
          wanted.has(record.type) &&
          (nameSet === undefined || nameSet.has(nameOfRecord(record))) &&
          (prefix === undefined || nameOfRecord(record).startsWith(prefix)) &&
          (state === undefined || record.state.value === state) &&
          (actionPrefix === undefined || actionsOf(record).some((action) => action.startsWith(actionPrefix))),
      );
    }
    const ordered = selected
      .sort((a, b) => compare(nameOfRecord(a), nameOfRecord(b)))
      .filter((record) => after === undefined || compare(nameOfRecord(record), after) > 0);
    const page = ordered.slice(0, maxRecords);
    const last = page[page.length - 1];
    const view = (record: AlarmRecord) => {
      if (childrenOf !== undefined) {
        return {
          AlarmName: nameOfRecord(record),
          AlarmArn: this.arnOf(nameOfRecord(record)),
          StateValue: record.state.value,
          StateUpdatedTimestamp: record.state.updatedAt,
        };
      }
      if (parentsOf !== undefined)
        return { AlarmName: nameOfRecord(record), AlarmArn: this.arnOf(nameOfRecord(record)) };
      return record.type === 'MetricAlarm' ? describeMetricAlarm(record) : describeCompositeAlarm(record);
    };
    return {
      MetricAlarms: page.filter((record) => record.type === 'MetricAlarm').map(view),
      CompositeAlarms: page.filter((record) => record.type === 'CompositeAlarm').map(view),
      ...(types?.includes('LogAlarm') && { LogAlarms: [] }),
      ...(ordered.length > page.length &&
        last !== undefined && {
          NextToken: encodePageToken('DescribeAlarms', filters, [nameOfRecord(last)]),
        }),
    };
  }

  /**
   * DescribeAlarmHistory: items of the last `historyRetentionDays`, newest first unless `ScanBy` says
   * otherwise. As the reference says, without `AlarmTypes` only metric alarms' items are listed, even
   * for an `AlarmName` that names a composite. Deleted alarms keep their history.
   */
  describeAlarmHistory(input: DescribeAlarmHistoryInput = {}): DescribeAlarmHistoryOutput {
    const request = structure(input, '', [
      'AlarmName',
      'AlarmContributorId',
      'AlarmTypes',
      'HistoryItemType',
      'StartDate',
      'EndDate',
      'MaxRecords',
      'NextToken',
      'ScanBy',
    ]);
    const name = optionalString(request.AlarmName, 'AlarmName', ALARM_NAME_RULES);
    const contributor = optionalString(request.AlarmContributorId, 'AlarmContributorId', { max: 16 });
    const types = nonEmpty(optionalEnumList(request.AlarmTypes, 'AlarmTypes', ALARM_TYPES));
    const itemType = optionalEnum(request.HistoryItemType, 'HistoryItemType', HISTORY_ITEM_TYPES);
    const start = optionalNumber(request.StartDate, 'StartDate');
    const end = optionalNumber(request.EndDate, 'EndDate');
    const maxRecords =
      optionalInteger(request.MaxRecords, 'MaxRecords', { min: 1, max: 100 }) ?? DEFAULT_HISTORY_MAX_RECORDS;
    const scanBy = optionalEnum(request.ScanBy, 'ScanBy', SCAN_BY_VALUES) ?? 'TimestampDescending';
    if (start !== undefined && end !== undefined && start > end) {
      throw new InvalidParameterValueError('StartDate must not be after EndDate.', 'StartDate');
    }
    const filters = JSON.stringify({ name, contributor, types, itemType, start, end, scanBy });
    const after =
      request.NextToken === undefined || request.NextToken === null
        ? undefined
        : decodePageToken(request.NextToken, 'DescribeAlarmHistory', filters);

    const wanted = new Set<AlarmType>(types ?? ['MetricAlarm']);
    const descending = scanBy === 'TimestampDescending';
    // The emulator keeps no alarm contributors, so a contributor filter matches nothing.
    const items = (contributor === undefined ? this.history.items(this.clock.wallTime(), name) : []).filter(
      (item) =>
        wanted.has(item.AlarmType) &&
        (itemType === undefined || item.HistoryItemType === itemType) &&
        (start === undefined || item.Timestamp >= start) &&
        (end === undefined || item.Timestamp <= end),
    );
    if (descending) items.reverse();
    const position = (item: StoredHistoryItem) => [item.Timestamp, item.sequence] as const;
    const remaining =
      after === undefined
        ? items
        : items.filter((item) => {
            const [time, sequence] = position(item);
            const [afterTime, afterSequence] = after as readonly [number, number];
            const order = time - afterTime || sequence - afterSequence;
            return descending ? order < 0 : order > 0;
          });
    const page = remaining.slice(0, maxRecords);
    const last = page[page.length - 1];
    return {
      AlarmHistoryItems: page.map(({ sequence, ...item }) => item),
      ...(remaining.length > page.length &&
        last !== undefined && {
          NextToken: encodePageToken('DescribeAlarmHistory', filters, [...position(last)]),
        }),
    };
  }

  /** ListTagsForResource for an alarm ARN. */
  listTagsForResource(input: { readonly ResourceARN: string }): { Tags: AlarmTag[] } {
    const request = structure(input, '', ['ResourceARN']);
    const arn = requiredString(request.ResourceARN, 'ResourceARN', { max: 1024 });
    const record = this.alarms.get(this.nameOf(arn));
    if (record === undefined || this.arnOf(nameOfRecord(record)) !== arn) {
      throw new ResourceNotFoundError(`The resource ${arn} does not exist.`, 'ResourceARN');
    }
    return { Tags: record.tags.map((tag) => ({ ...tag })) };
  }

  /**
   * Evaluates every metric alarm whose time has come at `nowMs` (epoch ms, wall time): once per minute
   * boundary passed since its last evaluation (per 10-second boundary for periods under a minute), over
   * the evaluation range ending at that boundary. Transitions are recorded in the history; composites
   * whose children changed follow. Returns the transitions made.
   */
  evaluateAll(nowMs: number): AlarmTransition[] {
    const v: Validator = inputValidator('AlarmRegistry.evaluateAll() argument');
    v.number(nowMs, 'nowMs', { min: 0 }) ?? v.fail('nowMs', 'is required');
    const transitions: AlarmTransition[] = [];
    const changed: string[] = [];
    for (const record of [...this.alarms.values()]) {
      if (record.type !== 'MetricAlarm') continue;
      const cadence = cadenceOf(record.definition);
      const due = Math.floor(nowMs / cadence) * cadence;
      if (record.lastEvaluatedAt !== undefined && due <= record.lastEvaluatedAt) continue;
      const from = record.state.value;
      if (this.evaluateMetricAlarm(record, due, nowMs)) {
        changed.push(record.definition.AlarmName);
        transitions.push(transitionOf(record, from, nowMs));
      }
    }
    transitions.push(...this.propagate(changed, nowMs));
    return transitions;
  }

  /** Evaluates metric alarms every minute (every 10 seconds while one has a sub-minute period) on the clock. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm();
  }

  /** Stops the evaluations {@link start} scheduled. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const cadence = this.cadenceMs();
    const now = this.clock.wallTime();
    const next = (Math.floor(now / cadence) + 1) * cadence;
    this.timerCadence = cadence;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      try {
        this.evaluateAll(this.clock.wallTime());
      } finally {
        if (this.running) this.arm();
      }
    }, next - now);
  }

  private cadenceMs(): number {
    for (const record of this.alarms.values()) {
      if (record.type === 'MetricAlarm' && cadenceOf(record.definition) < MINUTE_MS)
        return HIGH_RESOLUTION_CADENCE_MS;
    }
    return MINUTE_MS;
  }

  /** One evaluation at the boundary `due`; true when the state changed. */
  private evaluateMetricAlarm(record: MetricAlarmRecord, due: number, now: number): boolean {
    const d = record.definition;
    record.lastEvaluatedAt = due;
    let evaluation: ReturnType<typeof evaluateAlarm>;
    try {
      const periods = this.rangeLength(d.EvaluationPeriods);
      if (!Number.isInteger(periods) || periods < d.EvaluationPeriods) {
        throw new RangeError(
          `evaluationRangeLength(${d.EvaluationPeriods}) returned ${periods}: it must be an integer ≥ ${d.EvaluationPeriods}`,
        );
      }
      const periodMs = d.periodSeconds * 1000;
      const range: EvaluationRange = {
        startTime: due - periods * periodMs,
        endTime: due,
        periodSeconds: d.periodSeconds,
        periods,
      };
      const points = this.dataSource.datapointsFor(d, range);
      if (!Array.isArray(points) || points.length !== periods) {
        throw new RangeError(
          `the data source answered ${Array.isArray(points) ? `${points.length} datapoints` : 'no array'} for ${periods} periods`,
        );
      }
      evaluation = evaluateAlarm({
        datapoints: points,
        evaluationPeriods: d.EvaluationPeriods,
        ...(d.DatapointsToAlarm !== undefined && { datapointsToAlarm: d.DatapointsToAlarm }),
        threshold: d.Threshold,
        comparisonOperator: d.ComparisonOperator,
        // "Alarms that evaluate metrics in the AWS/DynamoDB namespace always ignore missing data."
        treatMissingData: d.Namespace === 'AWS/DynamoDB' ? 'ignore' : (d.TreatMissingData ?? 'missing'),
        ...(d.percentile !== undefined && { percentile: d.percentile }),
        ...(d.EvaluateLowSampleCountPercentile !== undefined && {
          evaluateLowSampleCountPercentile: d.EvaluateLowSampleCountPercentile,
        }),
        currentState: record.state.value,
        rangeStartTime: range.startTime,
        periodSeconds: d.periodSeconds,
        queryTime: now,
        ...(d.statisticName !== undefined && { statistic: d.statisticName }),
        ...(d.Unit !== undefined && { unit: d.Unit }),
      });
    } catch (error) {
      if (!record.evaluationError) record.state = { ...record.state, updatedAt: now };
      record.evaluationError = true;
      this.onEvaluationError?.(d.AlarmName, error);
      return false;
    }
    if (record.evaluationError) {
      record.evaluationError = false;
      record.state = { ...record.state, updatedAt: now };
    }
    if (!evaluation.changed) return false;
    this.transition(record, evaluation.state, evaluation.reason, fitReasonData(evaluation.reasonData), now);
    return true;
  }

  /**
   * Re-evaluates the composites above `changed` (alarms whose state just changed), children before
   * parents, each once; a composite on or above a cycle of composites is not evaluated, as CloudWatch
   * stops "if CloudWatch detects a cycle in the evaluation path".
   */
  private propagate(changed: readonly string[], now: number): AlarmTransition[] {
    const triggers = new Map<string, Trigger>();
    for (const name of changed) {
      const record = this.alarms.get(name);
      if (record !== undefined) triggers.set(name, { name, state: record.state.value, at: now });
    }
    // The composites above the changed alarms, and how many of their children among them.
    const affected = new Map<string, CompositeAlarmRecord>();
    const queue = [...changed];
    while (queue.length > 0) {
      for (const parent of this.parentsOf(queue.shift() as string)) {
        if (affected.has(parent.config.AlarmName)) continue;
        affected.set(parent.config.AlarmName, parent);
        queue.push(parent.config.AlarmName);
      }
    }
    const waiting = new Map<string, number>();
    for (const [name, record] of affected) {
      waiting.set(name, [...new Set(record.children.values())].filter((child) => affected.has(child)).length);
    }
    const ready = [...waiting].filter(([, count]) => count === 0).map(([name]) => name);
    const transitions: AlarmTransition[] = [];
    while (ready.length > 0) {
      const name = ready.shift() as string;
      const record = affected.get(name) as CompositeAlarmRecord;
      const children = [...new Set(record.children.values())];
      const trigger = children.map((child) => triggers.get(child)).find((found) => found !== undefined);
      const from = record.state.value;
      if (trigger !== undefined && this.evaluateComposite(record, trigger, now)) {
        triggers.set(name, { name, state: record.state.value, at: now });
        transitions.push(transitionOf(record, from, now));
      }
      for (const parent of this.parentsOf(name)) {
        const count = waiting.get(parent.config.AlarmName);
        if (count === undefined) continue;
        waiting.set(parent.config.AlarmName, count - 1);
        if (count - 1 === 0) ready.push(parent.config.AlarmName);
      }
    }
    return transitions;
  }

  /** Sets the composite's state from its rule; true when it changed. */
  private evaluateComposite(
    record: CompositeAlarmRecord,
    trigger: Trigger | undefined,
    now: number,
  ): boolean {
    const stateOf = (reference: string) =>
      this.alarms.get(record.children.get(reference) ?? reference)?.state.value;
    const value: AlarmStateValue = evaluateAlarmRule(record.rule.root, stateOf) ? 'ALARM' : 'OK';
    if (value === record.state.value) return false;
    const inAlarm = [...new Set(record.children.values())]
      .map((child) => this.alarms.get(child))
      .filter((child): child is AlarmRecord => child?.state.value === 'ALARM');
    const triggering = value === 'ALARM' ? inAlarm : [];
    const cause: Trigger | undefined =
      trigger ??
      (triggering[0] === undefined
        ? undefined
        : { name: nameOfRecord(triggering[0]), state: 'ALARM', at: triggering[0].state.transitionedAt });
    // CloudWatch's words when a child's transition moved the composite; on a configuration change with
    // no child in ALARM to name, the emulator's own.
    const reason =
      cause === undefined
        ? `The alarm rule evaluated to ${value === 'ALARM' ? 'TRUE' : 'FALSE'} when the alarm was configured.`
        : `${this.arnOf(cause.name)} transitioned to ${cause.state} at ${longTime(cause.at)}`;
    const reasonData = JSON.stringify({
      triggeringAlarms: (triggering.length > 0
        ? triggering
        : cause === undefined
          ? []
          : [this.alarms.get(cause.name)]
      )
        .filter((child): child is AlarmRecord => child !== undefined)
        .map((child) => ({
          arn: this.arnOf(nameOfRecord(child)),
          state: { value: child.state.value, timestamp: jsonTime(child.state.transitionedAt) },
        })),
    });
    this.transition(record, value, reason, reasonData, now);
    return true;
  }

  private transition(
    record: AlarmRecord,
    value: AlarmStateValue,
    reason: string,
    reasonData: string | undefined,
    now: number,
  ): void {
    const old = record.state;
    const next: StateRecord = { value, reason, reasonData, updatedAt: now, transitionedAt: now };
    record.state = next;
    this.history.add({
      AlarmName: nameOfRecord(record),
      AlarmType: record.type,
      Timestamp: now,
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${old.value} to ${value}`,
      HistoryData: stateHistoryData(old, next),
    });
  }

  private recordConfiguration(
    record: AlarmRecord,
    type: 'Create' | 'Update' | 'Delete',
    now: number,
    before?: Record<string, unknown>,
  ): void {
    const name = nameOfRecord(record);
    const view = historyView(record);
    const data =
      type === 'Create'
        ? { version: '1.0', type, createdAlarm: view }
        : type === 'Delete'
          ? { version: '1.0', type, deletedAlarm: view }
          : {
              version: '1.0',
              type,
              updatedAlarm: view,
              originalUpdatedFields: changedFields(before ?? {}, view),
            };
    const item: AlarmHistoryItem = {
      AlarmName: name,
      AlarmType: record.type,
      Timestamp: now,
      HistoryItemType: 'ConfigurationUpdate',
      HistorySummary: `Alarm "${name}" ${type === 'Create' ? 'created' : type === 'Update' ? 'updated' : 'deleted'}`,
      HistoryData: JSON.stringify(data),
    };
    this.history.add(item);
  }

  private checkCapacity(): void {
    if (this.alarms.size >= this.maxAlarms) {
      throw new LimitExceededError(
        `The account has ${this.alarms.size} alarms, the most the emulator holds (maxAlarms ${this.maxAlarms}).`,
      );
    }
  }

  /** The composites whose rule names `alarmName`. */
  private parentsOf(alarmName: string): CompositeAlarmRecord[] {
    const parents: CompositeAlarmRecord[] = [];
    for (const record of this.alarms.values()) {
      if (record.type !== 'CompositeAlarm') continue;
      for (const child of record.children.values()) {
        if (child === alarmName) {
          parents.push(record);
          break;
        }
      }
    }
    return parents;
  }

  /** An alarm name, or an ARN of this account and region, as the alarm's name. */
  private nameOf(reference: string): string {
    const prefix = this.arnOf('');
    return reference.startsWith(prefix) ? reference.slice(prefix.length) : reference;
  }
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

function nameOfRecord(record: AlarmRecord): string {
  return record.type === 'MetricAlarm' ? record.definition.AlarmName : record.config.AlarmName;
}

function actionsOf(record: AlarmRecord): readonly string[] {
  const source = record.type === 'MetricAlarm' ? record.definition : record.config;
  return [...source.OKActions, ...source.AlarmActions, ...source.InsufficientDataActions];
}

function cadenceOf(definition: MetricAlarmDefinition): number {
  return definition.periodSeconds < 60 ? HIGH_RESOLUTION_CADENCE_MS : MINUTE_MS;
}

function transitionOf(record: AlarmRecord, from: AlarmStateValue, now: number): AlarmTransition {
  return {
    AlarmName: nameOfRecord(record),
    AlarmType: record.type,
    OldStateValue: from,
    NewStateValue: record.state.value,
    Timestamp: now,
  };
}

/** Code-unit order, as CloudWatch lists alarm names. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `StateReasonData` as JSON within CloudWatch's 4000 characters: a long evaluation (hundreds of
 * periods) keeps its newest datapoints.
 */
function fitReasonData(data: AlarmStateReasonData): string {
  let fitted = data;
  let text = JSON.stringify(fitted);
  while (text.length > MAX_STATE_REASON_DATA) {
    const recent = fitted.recentDatapoints;
    const evaluated = fitted.evaluatedDatapoints ?? [];
    fitted = {
      ...fitted,
      recentDatapoints: recent.slice(Math.ceil(recent.length / 2)),
      evaluatedDatapoints: evaluated.slice(0, Math.floor(evaluated.length / 2)),
    };
    text = JSON.stringify(fitted);
  }
  return text;
}

/** A StateUpdate's HistoryData: old and new state, reason data embedded as JSON when it fits. */
function stateHistoryData(old: StateRecord, next: StateRecord): string {
  const state = (record: StateRecord, withData: boolean) => ({
    stateValue: record.value,
    stateReason: record.reason,
    ...(withData && record.reasonData !== undefined && { stateReasonData: parseJson(record.reasonData) }),
  });
  const full = JSON.stringify({ version: '1.0', oldState: state(old, true), newState: state(next, true) });
  if (full.length <= MAX_HISTORY_DATA) return full;
  const newOnly = JSON.stringify({
    version: '1.0',
    oldState: state(old, false),
    newState: state(next, true),
  });
  if (newOnly.length <= MAX_HISTORY_DATA) return newOnly;
  return JSON.stringify({ version: '1.0', oldState: state(old, false), newState: state(next, false) });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}
