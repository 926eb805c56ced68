import { InvalidParameterValueError } from './errors';
import {
  type AlarmEvaluation,
  defaultEvaluationRangeLength,
  type EvaluateAlarmInput,
  evaluateAlarm,
  lowSampleCountMinimum,
} from './evaluation';
import { javaDouble } from './format';
import type { AlarmStateValue, ThresholdComparisonOperator, TreatMissingData } from './types';

const THRESHOLD = 5;
const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

/** `0 - X - X`, oldest first as in the AWS tables: 0 does not breach, X breaches, - is missing. */
function range(pattern: string) {
  return pattern
    .split(' ')
    .map((symbol) => (symbol === '-' ? undefined : { value: symbol === 'X' ? 10 : 0, sampleCount: 1 }));
}

function judge(
  pattern: string,
  treatMissingData: TreatMissingData,
  options: Partial<EvaluateAlarmInput> = {},
): AlarmEvaluation {
  return evaluateAlarm({
    datapoints: range(pattern),
    evaluationPeriods: 3,
    threshold: THRESHOLD,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData,
    currentState: 'OK',
    ...options,
  });
}

type Expected = AlarmStateValue | 'retain';
const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** Each expectation checked from two current states, so `retain` is told apart from a decision. */
function expectRow(pattern: string, results: readonly Expected[], datapointsToAlarm?: number) {
  TREATMENTS.forEach((treat, column) => {
    for (const currentState of ['OK', 'ALARM'] as const) {
      const expected = results[column] === 'retain' ? currentState : results[column];
      const { state } = judge(pattern, treat, { currentState, datapointsToAlarm });
      expect([pattern, treat, currentState, state]).toEqual([pattern, treat, currentState, expected]);
    }
  });
}

describe('evaluateAlarm: the oracle tables of the CloudWatch user guide', () => {
  // Source: awsdocs/amazon-cloudwatch-user-guide, doc_source/AlarmThatSendsEmail.md @ b355497
  // (2023-05-17), "How alarm state is evaluated when data is missing", first table: Datapoints to Alarm
  // and Evaluation Periods both 3, evaluation range 5, newest datapoint on the right. Columns: MISSING,
  // IGNORE, BREACHING, NOT BREACHING.
  it.each([
    ['0 - X - X', ['OK', 'OK', 'OK', 'OK']],
    ['0 - - - -', ['OK', 'OK', 'OK', 'OK']],
    ['- - - - -', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
    ['0 X X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['- - X - -', ['ALARM', 'retain', 'ALARM', 'OK']],
  ] as const)('3 of 3: %s gives %j', (pattern, results) => {
    expectRow(pattern, results);
  });

  // Same source, second table: a 2 out of 3 alarm, evaluation range 5.
  it.each([
    ['0 - X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 0 X 0 X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 - X - -', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - - 0', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - X -', ['ALARM', 'retain', 'ALARM', 'OK']],
  ] as const)('2 of 3: %s gives %j', (pattern, results) => {
    expectRow(pattern, results, 2);
  });

  // Same source, "Avoiding premature transitions to alarm state": with Datapoints to Alarm 3, neither
  // `- - - - X` nor `- - - X -` goes to ALARM, because the next datapoint may be fine. What the state is
  // instead comes from the table's older revision (doc_source/AlarmThatSendsEmail.md @ 72266c7,
  // 2019-01-16, row `- - - - X`: Insufficient data / Retain current state / ALARM / OK).
  it.each(['- - - - X', '- - - X -'])('the premature-alarm rule: %s does not alarm yet', (pattern) => {
    expectRow(pattern, ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']);
    expect(judge(pattern, 'missing').basis).toBe('tooRecent');
  });

  // doc_source/AlarmThatSendsEmail.md @ ed877ec (2019-02-15), second table, row `- - - - X` of the
  // 2 out of 3 alarm: Insufficient data / Retain current state / ALARM / OK.
  it('the premature-alarm rule holds for 2 of 3 too: - - - - X does not alarm yet', () => {
    expectRow('- - - - X', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'], 2);
  });

  // doc_source/AlarmThatSendsEmail.md @ 72266c7, first table, row 6: `X - - - -` alarms under missing, "because the oldest evaluated data
  // point is breaching and there aren't any non-breaching data points".
  it('an old breaching datapoint with nothing after it alarms (X - - - -)', () => {
    expectRow('X - - - -', ['ALARM', 'retain', 'ALARM', 'OK']);
    expect(judge('X - - - -', 'missing').basis).toBe('prematureAlarm');
  });

  it('names the rule that decided', () => {
    expect(judge('0 X X - X', 'missing').basis).toBe('datapoints');
    expect(judge('0 - - - -', 'breaching').basis).toBe('filled');
    expect(judge('0 - - - -', 'missing').basis).toBe('realDatapoints');
    expect(judge('- - X - -', 'missing').basis).toBe('prematureAlarm');
    expect(judge('- - - - -', 'missing').basis).toBe('noDatapoints');
    expect(judge('- - X - -', 'ignore').basis).toBe('ignored');
  });
});

describe('evaluateAlarm: M out of N', () => {
  it('counts breaching datapoints that are not consecutive', () => {
    const alarm = judge('0 X 0 X 0 X', 'missing', { evaluationPeriods: 5, datapointsToAlarm: 3 });

    expect(alarm.state).toBe('ALARM');
    expect(alarm.breachingCount).toBe(3);
    expect(alarm.judged.map((point) => point.breaching)).toEqual([true, false, true, false, true]);
  });

  it('stays OK one breaching datapoint short', () => {
    const alarm = judge('0 X 0 0 0 X', 'missing', { evaluationPeriods: 5, datapointsToAlarm: 3 });

    expect(alarm.state).toBe('OK');
    expect(alarm.breachingCount).toBe(2);
  });

  it('judges only the newest N datapoints when none is missing', () => {
    expect(judge('X X X 0 0 0', 'missing').state).toBe('OK');
    expect(judge('0 0 0 X X X', 'missing').state).toBe('ALARM');
  });

  it('fills as few missing periods as needed, the newest ones', () => {
    const alarm = judge('0 - X - -', 'breaching', { datapointsToAlarm: 2 });

    expect(alarm.judged.map((point) => [point.index, point.kind, point.breaching])).toEqual([
      [0, 'real', false],
      [2, 'real', true],
      [4, 'filled', true],
    ]);
  });
});

describe('evaluateAlarm: each operator at the threshold', () => {
  const at = (operator: ThresholdComparisonOperator, value: number) =>
    evaluateAlarm({
      datapoints: [{ value, sampleCount: 1 }],
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: operator,
      currentState: 'INSUFFICIENT_DATA',
    }).state;

  it.each([
    ['GreaterThanOrEqualToThreshold', 'ALARM', 'ALARM', 'OK'],
    ['GreaterThanThreshold', 'ALARM', 'OK', 'OK'],
    ['LessThanThreshold', 'OK', 'OK', 'ALARM'],
    ['LessThanOrEqualToThreshold', 'OK', 'ALARM', 'ALARM'],
  ] as const)('%s: above %s, at %s, below %s', (operator, above, equal, below) => {
    expect([at(operator, 1.5), at(operator, 1), at(operator, 0.5)]).toEqual([above, equal, below]);
  });

  it('refuses the anomaly-band operators with a typed error naming the field', () => {
    for (const operator of [
      'LessThanLowerOrGreaterThanUpperThreshold',
      'LessThanLowerThreshold',
      'GreaterThanUpperThreshold',
    ] as const) {
      let caught: unknown;
      try {
        judge('0 0 0', 'missing', { comparisonOperator: operator });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidParameterValueError);
      expect(caught).toMatchObject({ code: 'InvalidParameterValue', field: 'comparisonOperator' });
      expect((caught as Error).message).toMatch(/anomaly-detection band/);
    }
  });

  it('refuses settings it cannot judge', () => {
    expect(() => judge('0 0', 'missing')).toThrow(/fewer than evaluationPeriods \(3\)/);
    expect(() => judge('0 0 0', 'missing', { datapointsToAlarm: 4 })).toThrow(
      expect.objectContaining({ field: 'datapointsToAlarm' }),
    );
    expect(() => judge('0 0 0', 'missing', { threshold: Number.NaN })).toThrow(
      expect.objectContaining({ field: 'threshold' }),
    );
  });
});

describe('evaluateAlarm: percentiles with few samples', () => {
  const p99 = (sampleCount: number, evaluateLowSampleCountPercentile: 'evaluate' | 'ignore') =>
    evaluateAlarm({
      datapoints: [
        { value: 900, sampleCount },
        { value: 950, sampleCount },
        { value: 990, sampleCount },
      ],
      evaluationPeriods: 3,
      threshold: 500,
      comparisonOperator: 'GreaterThanThreshold',
      percentile: 99,
      evaluateLowSampleCountPercentile,
      currentState: 'OK',
    });

  // Source: AlarmThatSendsEmail.md @ b355497, "Percentile-based CloudWatch alarms and low data samples":
  // fewer than 10/(1-percentile) samples for percentiles in [0.5, 1), 10/percentile below 0.5.
  it('needs 10/(1-p) samples above the median and 10/p below it', () => {
    expect(lowSampleCountMinimum(99)).toBe(1000);
    expect(lowSampleCountMinimum(99.9)).toBe(10_000);
    expect(lowSampleCountMinimum(90)).toBe(100);
    expect(lowSampleCountMinimum(50)).toBe(20);
    expect(lowSampleCountMinimum(10)).toBe(100);
    expect(lowSampleCountMinimum(100)).toBeUndefined();
  });

  it('keeps the state below 1000 samples for p99 when told to ignore', () => {
    const alarm = p99(999, 'ignore');

    expect(alarm).toMatchObject({ state: 'OK', changed: false, basis: 'lowSampleCount' });
    expect(alarm.reason).toMatch(/fewer than 1000 samples/);
  });

  it('judges from 1000 samples on, and always when told to evaluate', () => {
    expect(p99(1000, 'ignore')).toMatchObject({ state: 'ALARM', basis: 'datapoints' });
    expect(p99(3, 'evaluate')).toMatchObject({ state: 'ALARM', basis: 'datapoints' });
  });
});

describe('evaluateAlarm: reasons in CloudWatch words', () => {
  const timed = (pattern: string, options: Partial<EvaluateAlarmInput> = {}) =>
    judge(pattern, 'missing', {
      rangeStartTime: T0,
      periodSeconds: 60,
      queryTime: T0 + 5 * 60_000 + 1234,
      statistic: 'Sum',
      threshold: 1,
      ...options,
    });

  it('lists the breaching datapoints newest first, with M out of N wording when M is set', () => {
    const alarm = evaluateAlarm({
      datapoints: [3, 4, 5].map((value) => ({ value, sampleCount: 2 })),
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 1,
      comparisonOperator: 'GreaterThanThreshold',
      currentState: 'OK',
      rangeStartTime: T0 + 60_000,
      periodSeconds: 60,
    });

    expect(alarm.reason).toBe(
      'Threshold Crossed: 3 out of the last 3 datapoints [5.0 (01/12/26 10:03:00), 4.0 (01/12/26 10:02:00), 3.0 (01/12/26 10:01:00)] were greater than the threshold (1.0) (minimum 3 datapoints for OK -> ALARM transition).',
    );
  });

  it('uses the older wording when DatapointsToAlarm is not set', () => {
    expect(timed('- - X 0 X').reason).toBe(
      'Threshold Crossed: 1 datapoint [0.0 (01/12/26 10:03:00)] was not greater than the threshold (1.0).',
    );
  });

  it('writes an OK reason with the minimum for ALARM -> OK', () => {
    expect(timed('X X X 0 0', { datapointsToAlarm: 2 }).reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [0.0 (01/12/26 10:04:00), 0.0 (01/12/26 10:03:00)] were not greater than the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).',
    );
  });

  it('summarizes five or more datapoints with the five most recent', () => {
    const alarm = judge('X X X X X X', 'missing', {
      evaluationPeriods: 6,
      datapointsToAlarm: 6,
      rangeStartTime: T0,
      periodSeconds: 60,
    });

    expect(alarm.reason).toBe(
      'Threshold Crossed: 6 out of the last 6 datapoints were greater than the threshold (5.0). The most recent datapoints which crossed the threshold: [10.0 (01/12/26 10:05:00), 10.0 (01/12/26 10:04:00), 10.0 (01/12/26 10:03:00), 10.0 (01/12/26 10:02:00), 10.0 (01/12/26 10:01:00)] (minimum 6 datapoints for OK -> ALARM transition).',
    );
  });

  it('says how missing datapoints were treated', () => {
    expect(judge('- - - - X', 'notBreaching', { datapointsToAlarm: 1 }).reason).toBe(
      'Threshold Crossed: 1 out of the last 3 datapoints [10.0] was greater than the threshold (5.0) and 2 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint for OK -> ALARM transition).',
    );
    expect(judge('- - - - -', 'breaching').reason).toBe(
      'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].',
    );
    expect(judge('- - - - 0', 'breaching', { datapointsToAlarm: 2 }).reason).toBe(
      'Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as [Breaching].',
    );
  });

  it('counts the unknown datapoints for INSUFFICIENT_DATA', () => {
    expect(judge('- - - - -', 'missing').reason).toBe('Insufficient Data: 3 datapoints were unknown.');
    expect(judge('- - - - X', 'missing').reason).toBe('Insufficient Data: 2 datapoints were unknown.');
  });

  it('writes the reason data CloudWatch writes, the judged values oldest first', () => {
    const alarm = timed('0 X - X X', { datapointsToAlarm: 2 });

    expect(alarm.state).toBe('ALARM');
    expect(alarm.reasonData).toEqual({
      version: '1.0',
      queryDate: '2026-12-01T10:05:01.234+0000',
      startDate: '2026-12-01T10:01:00.000+0000',
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [10, 10, 10],
      threshold: 1,
      evaluatedDatapoints: [
        { timestamp: '2026-12-01T10:04:00.000+0000', sampleCount: 1, value: 10 },
        { timestamp: '2026-12-01T10:03:00.000+0000', sampleCount: 1, value: 10 },
        { timestamp: '2026-12-01T10:01:00.000+0000', sampleCount: 1, value: 10 },
      ],
    });
  });

  it('writes numbers as Java does', () => {
    expect([1, 0.25, 1e7, 0.0001, -3, 0, 1234.5].map(javaDouble)).toEqual([
      '1.0',
      '0.25',
      '1.0E7',
      '1.0E-4',
      '-3.0',
      '0.0',
      '1234.5',
    ]);
  });
});

describe('defaultEvaluationRangeLength', () => {
  // AlarmThatSendsEmail.md @ b355497: "CloudWatch retrieves the 5 most recent data points" for N = 3.
  it('reproduces the documented range of 5 for 3 evaluation periods', () => {
    expect(defaultEvaluationRangeLength(3)).toBe(5);
  });

  it('is N + max(floor(N/3), 2), as localstack reads it', () => {
    expect([1, 2, 6, 9, 30].map(defaultEvaluationRangeLength)).toEqual([3, 4, 8, 12, 40]);
  });
});
