import { InvalidParameterValueError } from './errors';
import { datapoints, javaDouble, jsonTime, reasonTime, was } from './format';
import {
  type AlarmDatapoint,
  type AlarmStateValue,
  ANOMALY_BAND_COMPARISON_OPERATORS,
  type ComparisonOperator,
  type LowSampleCountPercentile,
  THRESHOLD_COMPARISON_OPERATORS,
  type ThresholdComparisonOperator,
  type TreatMissingData,
} from './types';

// CloudWatch's documented evaluation of a metric alarm (awsdocs/amazon-cloudwatch-user-guide,
// doc_source/AlarmThatSendsEmail.md @ b355497, 2023-05-17, "How alarm state is evaluated when data is
// missing" and "Avoiding premature transitions to alarm state"). One call judges one evaluation range.

/** The input of {@link evaluateAlarm}: one evaluation range and the alarm's settings. */
export interface EvaluateAlarmInput {
  /**
   * The evaluation range, one entry per period, oldest first; `undefined` or `null` for a period with
   * no datapoint. At least `evaluationPeriods` entries (see {@link defaultEvaluationRangeLength}).
   */
  readonly datapoints: readonly (AlarmDatapoint | null | undefined)[];
  /** N: how many datapoints are judged. */
  readonly evaluationPeriods: number;
  /**
   * M: how many of the N must breach for ALARM. Default N. Given, the reason is written in CloudWatch's
   * "M out of N" wording (`3 out of the last 3 datapoints ... (minimum 3 datapoints for OK -> ALARM
   * transition)`); absent, in its older wording (`3 datapoints ... were greater than the threshold`).
   */
  readonly datapointsToAlarm?: number;
  readonly threshold: number;
  /** One of the four threshold operators; the anomaly-band operators are refused. */
  readonly comparisonOperator: ComparisonOperator;
  /** Default `missing`. */
  readonly treatMissingData?: TreatMissingData;
  /** The percentile of a `pNN` statistic (99 for `p99`): enables the low-sample rule. */
  readonly percentile?: number;
  /** Default `evaluate`. `ignore` keeps the state while a judged datapoint has too few samples. */
  readonly evaluateLowSampleCountPercentile?: LowSampleCountPercentile;
  /** The alarm's state now: what `ignore` keeps. */
  readonly currentState: AlarmStateValue;
  /** Epoch ms at which the oldest period of the range starts: datapoint times in the reason. */
  readonly rangeStartTime?: number;
  /** Seconds per period: datapoint times in the reason, `period` in the reason data. */
  readonly periodSeconds?: number;
  /** When the evaluation ran, epoch ms: `queryDate` in the reason data. */
  readonly queryTime?: number;
  /** The statistic's name for the reason data (`Average`, `p99`). */
  readonly statistic?: string;
  /** The alarm's unit for the reason data. */
  readonly unit?: string;
}

/**
 * Which rule decided. The first three judge datapoints; the others are the documented special cases.
 * - `datapoints`: the range holds at least N real datapoints; the newest N are judged and
 *   TreatMissingData is not used.
 * - `filled`: fewer than N real datapoints; every real one is judged, with as few missing periods as
 *   needed to make N, counted as breaching (`breaching`) or not (`notBreaching`).
 * - `realDatapoints`: fewer than N real datapoints under `missing` or `ignore`; the real ones decide:
 *   ALARM with M breaching, OK when one of them is not breaching.
 * - `prematureAlarm`: under `missing`, every real datapoint breaches and the oldest is at least M periods
 *   old: ALARM although fewer than M breach.
 * - `tooRecent`: under `missing`, every real datapoint breaches but the oldest is younger than M periods:
 *   the next one may be fine, so the alarm waits in INSUFFICIENT_DATA.
 * - `noDatapoints`: under `missing`, the whole range is missing: INSUFFICIENT_DATA.
 * - `ignored`: under `ignore`, the cases that would otherwise be `prematureAlarm`, `tooRecent` or
 *   `noDatapoints`: the state is kept.
 * - `lowSampleCount`: a percentile alarm with `evaluateLowSampleCountPercentile: 'ignore'` and a judged
 *   datapoint with fewer than {@link lowSampleCountMinimum} samples: the state is kept.
 */
export type EvaluationBasis =
  | 'datapoints'
  | 'filled'
  | 'realDatapoints'
  | 'prematureAlarm'
  | 'tooRecent'
  | 'noDatapoints'
  | 'ignored'
  | 'lowSampleCount';

/** One of the N periods the evaluation judged. */
export interface JudgedDatapoint {
  /** Position in the evaluation range (0 = oldest). */
  readonly index: number;
  /** Start of the period, epoch ms, when `rangeStartTime` and `periodSeconds` were given. */
  readonly timestamp: number | undefined;
  /** `real`: a datapoint; `filled`: a missing period counted per TreatMissingData; `missing`: a missing period left unknown. */
  readonly kind: 'real' | 'filled' | 'missing';
  readonly value: number | undefined;
  readonly sampleCount: number | undefined;
  /** Whether it counts as breaching; `undefined` for a `missing` one. */
  readonly breaching: boolean | undefined;
}

/** `StateReasonData` as CloudWatch writes it for a metric alarm (serialize it with `JSON.stringify`). */
export interface AlarmStateReasonData {
  readonly version: '1.0';
  readonly queryDate?: string;
  /** Start of the oldest judged period. */
  readonly startDate?: string;
  readonly statistic?: string;
  readonly unit?: string;
  readonly period?: number;
  /** The judged real values, oldest first. */
  readonly recentDatapoints: readonly number[];
  readonly threshold: number;
  /** The datapoints that support the new state (the breaching ones for ALARM), newest first; for INSUFFICIENT_DATA the unknown periods. */
  readonly evaluatedDatapoints?: readonly {
    readonly timestamp?: string;
    readonly sampleCount?: number;
    readonly value?: number;
  }[];
}

export interface AlarmEvaluation {
  /** The state the alarm is in after this evaluation (its current one when kept). */
  readonly state: AlarmStateValue;
  /** Whether `state` differs from `currentState`. */
  readonly changed: boolean;
  readonly basis: EvaluationBasis;
  /**
   * A reason in CloudWatch's words, for `StateReason` when the state changes. For a kept state
   * (`ignored`, `lowSampleCount`) CloudWatch records nothing, and the reason is the emulator's own.
   */
  readonly reason: string;
  readonly reasonData: AlarmStateReasonData;
  /** The N judged periods, oldest first. */
  readonly judged: readonly JudgedDatapoint[];
  /** How many judged periods count as breaching (real and filled). */
  readonly breachingCount: number;
}

/**
 * How many periods an alarm retrieves to judge N: the *evaluation range*. AWS documents only that it
 * is larger than N ("the exact number ... depends on the length of the alarm period and whether it is
 * based on a metric with standard resolution or high resolution") and gives 5 for N = 3. This default
 * is localstack's reading, N + max(⌊N/3⌋, 2), which gives that 5; pass another function as the
 * registry's `evaluationRangeLength` option to model a different one.
 */
export function defaultEvaluationRangeLength(evaluationPeriods: number): number {
  return evaluationPeriods + Math.max(Math.floor(evaluationPeriods / 3), 2);
}

/**
 * The fewest samples a datapoint needs for a percentile to be judged when low sample counts are
 * ignored: 10/(1−p) for p in [0.5, 1), 10/p for p in (0, 0.5) (1000 for p99, 20 for p50, 100 for p10).
 * `undefined` (no minimum) for p0 and p100.
 */
export function lowSampleCountMinimum(percentile: number): number | undefined {
  if (!(percentile > 0 && percentile < 100)) return undefined;
  const raw = percentile >= 50 ? 1000 / (100 - percentile) : 1000 / percentile;
  // 1000 / (100 - 99.9) is 10000.000000000568 in binary floating point: the rule means 10000.
  return Math.round(raw * 1e6) / 1e6;
}

/** Whether `value` breaches `threshold` under `operator` (the value is the left operand). */
export function breaches(value: number, operator: ThresholdComparisonOperator, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

const OPERATOR_WORDS: Readonly<Record<ThresholdComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** How many supporting datapoints a reason lists inline; more are summarized with the five most recent. */
const INLINE_DATAPOINTS = 4;
const SUMMARIZED_DATAPOINTS = 5;

/**
 * Judges one evaluation range the way CloudWatch documents it:
 * 1. No period missing, or at least N real datapoints: the newest N real datapoints are judged; M
 *    breaching gives ALARM, fewer give OK. TreatMissingData is not used.
 * 2. Fewer than N: every real datapoint is judged, filled to N with missing periods "as few times as
 *    possible": `breaching` counts them as breaching, `notBreaching` as not breaching.
 * 3. Under `missing` and `ignore` the missing periods are not counted: M breaching real datapoints give
 *    ALARM, one that does not breach gives OK. With only breaching ones, the premature-alarm rule
 *    applies: ALARM when the oldest is at least M periods old ("- - X - -" alarms, "- - - - X" does not
 *    yet). `ignore` keeps the state wherever a rule would need missing data to decide, and `missing`
 *    goes to INSUFFICIENT_DATA when the whole range is missing.
 *
 * @throws {InvalidParameterValueError} an anomaly-band operator, or settings that cannot be judged.
 */
export function evaluateAlarm(input: EvaluateAlarmInput): AlarmEvaluation {
  const settings = checkInput(input);
  const { n, m, operator, threshold, treat } = settings;
  const range = input.datapoints;
  const timeOf = (index: number): number | undefined =>
    input.rangeStartTime === undefined || input.periodSeconds === undefined
      ? undefined
      : input.rangeStartTime + index * input.periodSeconds * 1000;

  const realIndexes: number[] = [];
  range.forEach((point, index) => {
    if (point !== undefined && point !== null) realIndexes.push(index);
  });
  const real = (index: number): JudgedDatapoint => {
    const point = range[index] as AlarmDatapoint;
    return {
      index,
      timestamp: timeOf(index),
      kind: 'real',
      value: point.value,
      sampleCount: point.sampleCount,
      breaching: breaches(point.value, operator, threshold),
    };
  };

  let judged: JudgedDatapoint[];
  let fills = 0;
  if (realIndexes.length >= n) {
    judged = realIndexes.slice(-n).map(real);
  } else {
    // Every real datapoint, and the newest missing periods to make N.
    fills = n - realIndexes.length;
    const missingIndexes: number[] = [];
    for (let index = range.length - 1; index >= 0 && missingIndexes.length < fills; index -= 1) {
      if (range[index] === undefined || range[index] === null) missingIndexes.push(index);
    }
    const filledAs = treat === 'breaching' ? true : treat === 'notBreaching' ? false : undefined;
    judged = [
      ...realIndexes.map(real),
      ...missingIndexes.map(
        (index): JudgedDatapoint => ({
          index,
          timestamp: timeOf(index),
          kind: filledAs === undefined ? 'missing' : 'filled',
          value: undefined,
          sampleCount: undefined,
          breaching: filledAs,
        }),
      ),
    ].sort((a, b) => a.index - b.index);
  }

  const reals = judged.filter((point) => point.kind === 'real');
  const breachingCount = judged.filter((point) => point.breaching === true).length;
  const context: ReasonContext = { input, settings, judged, reals, fills };

  const minimum = input.percentile === undefined ? undefined : lowSampleCountMinimum(input.percentile);
  if (
    input.evaluateLowSampleCountPercentile === 'ignore' &&
    minimum !== undefined &&
    reals.some((point) => (point.sampleCount ?? 0) < minimum)
  ) {
    return kept(
      context,
      'lowSampleCount',
      breachingCount,
      lowSampleReason(reals, minimum, input.percentile!),
    );
  }

  const decide = (state: 'OK' | 'ALARM', basis: EvaluationBasis): AlarmEvaluation =>
    finish(context, state, basis, breachingCount, thresholdReason(context, state));

  if (realIndexes.length >= n) return decide(breachingCount >= m ? 'ALARM' : 'OK', 'datapoints');
  if (treat === 'breaching' || treat === 'notBreaching') {
    return decide(breachingCount >= m ? 'ALARM' : 'OK', 'filled');
  }

  // `missing` and `ignore`: the missing periods are unknown.
  if (reals.length === 0) {
    if (treat === 'ignore') return kept(context, 'ignored', 0, ignoredReason(context));
    return finish(context, 'INSUFFICIENT_DATA', 'noDatapoints', 0, insufficientReason(context));
  }
  if (breachingCount >= m) return decide('ALARM', 'realDatapoints');
  if (reals.some((point) => point.breaching === false)) return decide('OK', 'realDatapoints');
  // Only breaching datapoints, fewer than M: the premature-alarm rule. Age 1 is the newest period.
  const oldestAge = range.length - (reals[0] as JudgedDatapoint).index;
  if (treat === 'ignore') return kept(context, 'ignored', breachingCount, ignoredReason(context));
  if (oldestAge >= m) return decide('ALARM', 'prematureAlarm');
  return finish(context, 'INSUFFICIENT_DATA', 'tooRecent', breachingCount, insufficientReason(context));
}

interface CheckedSettings {
  readonly n: number;
  readonly m: number;
  /** Whether M was given: the reason's wording. */
  readonly mOfN: boolean;
  readonly operator: ThresholdComparisonOperator;
  readonly threshold: number;
  readonly treat: TreatMissingData;
}

function checkInput(input: EvaluateAlarmInput): CheckedSettings {
  const operator = input.comparisonOperator as string;
  if ((ANOMALY_BAND_COMPARISON_OPERATORS as readonly string[]).includes(operator)) {
    throw new InvalidParameterValueError(
      `The comparison operator ${operator} judges an anomaly-detection band, which the emulator does not model: use one of ${THRESHOLD_COMPARISON_OPERATORS.join(', ')}.`,
      'comparisonOperator',
    );
  }
  if (!(THRESHOLD_COMPARISON_OPERATORS as readonly string[]).includes(operator)) {
    throw new InvalidParameterValueError(
      `Invalid comparisonOperator ${JSON.stringify(operator)}: must be one of ${THRESHOLD_COMPARISON_OPERATORS.join(', ')}.`,
      'comparisonOperator',
    );
  }
  const n = input.evaluationPeriods;
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidParameterValueError(
      `Invalid evaluationPeriods ${n}: must be an integer ≥ 1.`,
      'evaluationPeriods',
    );
  }
  const m = input.datapointsToAlarm ?? n;
  if (!Number.isInteger(m) || m < 1 || m > n) {
    throw new InvalidParameterValueError(
      `Invalid datapointsToAlarm ${m}: must be an integer from 1 to evaluationPeriods (${n}).`,
      'datapointsToAlarm',
    );
  }
  if (!Number.isFinite(input.threshold)) {
    throw new InvalidParameterValueError(
      `Invalid threshold ${input.threshold}: must be a finite number.`,
      'threshold',
    );
  }
  if (input.datapoints.length < n) {
    throw new InvalidParameterValueError(
      `The evaluation range has ${input.datapoints.length} periods, fewer than evaluationPeriods (${n}).`,
      'datapoints',
    );
  }
  input.datapoints.forEach((point, index) => {
    if (point === undefined || point === null) return;
    if (!Number.isFinite(point.value) || !Number.isFinite(point.sampleCount) || point.sampleCount < 0) {
      throw new InvalidParameterValueError(
        `Datapoint ${index} must have a finite value and a sample count ≥ 0.`,
        `datapoints[${index}]`,
      );
    }
  });
  return {
    n,
    m,
    mOfN: input.datapointsToAlarm !== undefined,
    operator: operator as ThresholdComparisonOperator,
    threshold: input.threshold,
    treat: input.treatMissingData ?? 'missing',
  };
}

interface ReasonContext {
  readonly input: EvaluateAlarmInput;
  readonly settings: CheckedSettings;
  readonly judged: readonly JudgedDatapoint[];
  readonly reals: readonly JudgedDatapoint[];
  /** Missing periods taken into the N judged. */
  readonly fills: number;
}

function finish(
  context: ReasonContext,
  state: AlarmStateValue,
  basis: EvaluationBasis,
  breachingCount: number,
  reason: string,
): AlarmEvaluation {
  return {
    state,
    changed: state !== context.input.currentState,
    basis,
    reason,
    reasonData: reasonData(context, state),
    judged: context.judged,
    breachingCount,
  };
}

function kept(
  context: ReasonContext,
  basis: 'ignored' | 'lowSampleCount',
  breachingCount: number,
  reason: string,
): AlarmEvaluation {
  return finish(context, context.input.currentState, basis, breachingCount, reason);
}

/** The judged datapoints that support `state`, newest first: the breaching ones for ALARM, the others for OK. */
function supporting(context: ReasonContext, state: AlarmStateValue): JudgedDatapoint[] {
  if (state === 'INSUFFICIENT_DATA') return context.judged.filter((point) => point.kind !== 'real').reverse();
  const wanted = state === 'ALARM';
  return context.judged.filter((point) => point.breaching === wanted).reverse();
}

/**
 * `Threshold Crossed: ...` in CloudWatch's words. The forms, as CloudWatch alarms publish them (SNS
 * messages and EventBridge events that users quote; AWS documents no grammar):
 * - `3 out of the last 3 datapoints [5.0 (01/12/26 10:03:00), ...] were greater than the threshold (1.0)
 *   (minimum 3 datapoints for OK -> ALARM transition).` when DatapointsToAlarm is set; without it the older
 *   `3 datapoints [...] were greater than the threshold (1.0).`, as alarms created without it still write.
 * - From five datapoints on, the list moves behind the sentence and keeps the five most recent: `30 out
 *   of the last 30 datapoints were greater than the threshold (20.0). The most recent datapoints which
 *   crossed the threshold: [...] (minimum 30 datapoints for OK -> ALARM transition).` The cut-over
 *   between four (not observed) and five datapoints is an assumption.
 * - OK lists the datapoints that do not breach, `were not greater than ...`, with `(minimum N−M+1
 *   datapoints for ALARM -> OK transition)`.
 * - Filled periods add ` and 19 missing datapoints were treated as [NonBreaching]`; when no real datapoint
 *   supports the state, `no datapoints were received for 2 periods and 2 missing datapoints were treated
 *   as [Breaching].` (`1 datapoint was received for 3 periods and ...` when some were).
 */
function thresholdReason(context: ReasonContext, state: 'OK' | 'ALARM'): string {
  const { settings, input } = context;
  const points = supporting(context, state);
  const realPoints = points.filter((point) => point.kind === 'real');
  const treatedAs = settings.treat === 'breaching' ? 'Breaching' : 'NonBreaching';
  const filled =
    context.fills > 0 && (settings.treat === 'breaching' || settings.treat === 'notBreaching')
      ? ` and ${context.fills} missing ${context.fills === 1 ? 'datapoint was' : 'datapoints were'} treated as [${treatedAs}]`
      : '';
  if (realPoints.length === 0) {
    const received =
      context.reals.length === 0
        ? 'no datapoints were received'
        : `${datapoints(context.reals.length)} ${was(context.reals.length)} received`;
    return `Threshold Crossed: ${received} for ${settings.n} period${settings.n === 1 ? '' : 's'}${filled}.`;
  }
  const count = realPoints.length;
  const head = settings.mOfN ? `${count} out of the last ${settings.n} datapoints` : datapoints(count);
  const comparison = `${was(count)} ${state === 'OK' ? 'not ' : ''}${OPERATOR_WORDS[settings.operator]} the threshold (${javaDouble(input.threshold)})`;
  const needed = state === 'ALARM' ? settings.m : settings.n - settings.m + 1;
  const minimum = settings.mOfN
    ? ` (minimum ${datapoints(needed)} for ${state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK'} transition)`
    : '';
  const list = (shown: readonly JudgedDatapoint[]) => `[${shown.map(describePoint).join(', ')}]`;
  if (count <= INLINE_DATAPOINTS) {
    return `Threshold Crossed: ${head} ${list(realPoints)} ${comparison}${filled}${minimum}.`;
  }
  return `Threshold Crossed: ${head} ${comparison}${filled}. The most recent datapoints which crossed the threshold: ${list(
    realPoints.slice(0, SUMMARIZED_DATAPOINTS),
  )}${minimum}.`;
}

function describePoint(point: JudgedDatapoint): string {
  const value = javaDouble(point.value as number);
  return point.timestamp === undefined ? value : `${value} (${reasonTime(point.timestamp)})`;
}

/** `Insufficient Data: 3 datapoints were unknown.`, as CloudWatch writes it. */
function insufficientReason(context: ReasonContext): string {
  const unknown = context.judged.filter((point) => point.kind !== 'real').length;
  return `Insufficient Data: ${datapoints(unknown)} ${was(unknown)} unknown.`;
}

/** The emulator's own words: CloudWatch records no reason when `ignore` keeps the state. */
function ignoredReason(context: ReasonContext): string {
  const unknown = context.judged.filter((point) => point.kind !== 'real').length;
  return `State kept: ${unknown} missing ${unknown === 1 ? 'datapoint was' : 'datapoints were'} treated as [Ignore].`;
}

/** The emulator's own words: CloudWatch records no reason when the low-sample rule keeps the state. */
function lowSampleReason(reals: readonly JudgedDatapoint[], minimum: number, percentile: number): string {
  const low = reals.filter((point) => (point.sampleCount ?? 0) < minimum).length;
  return `State kept: ${datapoints(low)} had fewer than ${minimum} samples, too few to judge p${percentile} (EvaluateLowSampleCountPercentile ignore).`;
}

function reasonData(context: ReasonContext, state: AlarmStateValue): AlarmStateReasonData {
  const { input, judged, reals } = context;
  const oldest = judged[0]?.timestamp;
  const evaluated = supporting(context, state).map((point) => ({
    ...(point.timestamp !== undefined && { timestamp: jsonTime(point.timestamp) }),
    ...(point.kind === 'real' && { sampleCount: point.sampleCount as number, value: point.value as number }),
  }));
  return {
    version: '1.0',
    ...(input.queryTime !== undefined && { queryDate: jsonTime(input.queryTime) }),
    ...(oldest !== undefined && reals.length > 0 && { startDate: jsonTime(oldest) }),
    ...(input.statistic !== undefined && { statistic: input.statistic }),
    ...(input.unit !== undefined && { unit: input.unit }),
    ...(input.periodSeconds !== undefined && { period: input.periodSeconds }),
    recentDatapoints: reals.map((point) => point.value as number),
    threshold: input.threshold,
    ...(evaluated.length > 0 && { evaluatedDatapoints: evaluated }),
  };
}
