import { createManualClock } from '../../clock/manual-clock';
import { AlarmRegistry, type AlarmRegistryOptions } from './alarm-registry';
import { InvalidNextTokenError } from './errors';
import { FakeDataSource } from './fake-data-source.test-support';
import type { PutMetricAlarmInput } from './types';

const MINUTE = 60_000;
/** Monday 12 January 2026, 10:00:00 UTC: a minute boundary. */
const T0 = Date.UTC(2026, 0, 12, 10, 0, 0);
const ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:';

function setup(options: Partial<AlarmRegistryOptions> = {}, startAt = T0) {
  const clock = createManualClock({ startAt });
  const data = new FakeDataSource();
  const alarms = new AlarmRegistry({ clock, dataSource: data, ...options });
  return { clock, data, alarms };
}

function alarm(name: string, overrides: Record<string, unknown> = {}): PutMetricAlarmInput {
  return {
    AlarmName: name,
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...overrides,
  } as PutMetricAlarmInput;
}

const stateOf = (alarms: AlarmRegistry, name: string) =>
  [
    ...alarms.describeAlarms({ AlarmNames: [name], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })
      .MetricAlarms,
    ...alarms.describeAlarms({ AlarmNames: [name], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })
      .CompositeAlarms,
  ][0] as { StateValue: string; StateReason: string; StateReasonData?: string; EvaluationState?: string };

const summaries = (alarms: AlarmRegistry, name: string, types?: ('MetricAlarm' | 'CompositeAlarm')[]) =>
  alarms
    .describeAlarmHistory({
      AlarmName: name,
      ScanBy: 'TimestampAscending',
      ...(types && { AlarmTypes: types }),
    })
    .AlarmHistoryItems.map((item) => item.HistorySummary);

describe('AlarmRegistry.evaluateAll', () => {
  it('records each transition with its summary and CloudWatch reason', () => {
    const { alarms, data } = setup();
    alarms.putMetricAlarm(alarm('orders-errors'));
    data.series('orders-errors', T0 - 5 * MINUTE, MINUTE, [0, 0, 2, 3, 4]);

    const first = alarms.evaluateAll(T0 + 1500);
    data.set('orders-errors', T0, 0);
    const second = alarms.evaluateAll(T0 + MINUTE);

    expect(first).toEqual([
      {
        AlarmName: 'orders-errors',
        AlarmType: 'MetricAlarm',
        OldStateValue: 'INSUFFICIENT_DATA',
        NewStateValue: 'ALARM',
        Timestamp: T0 + 1500,
      },
    ]);
    expect(second).toMatchObject([{ OldStateValue: 'ALARM', NewStateValue: 'OK', Timestamp: T0 + MINUTE }]);
    expect(data.calls.map(({ range }) => range)).toEqual([
      { startTime: T0 - 5 * MINUTE, endTime: T0, periodSeconds: 60, periods: 5 },
      { startTime: T0 - 4 * MINUTE, endTime: T0 + MINUTE, periodSeconds: 60, periods: 5 },
    ]);
    expect(summaries(alarms, 'orders-errors')).toEqual([
      'Alarm "orders-errors" created',
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    const [toOk, toAlarm] = alarms.describeAlarmHistory({ HistoryItemType: 'StateUpdate' }).AlarmHistoryItems;
    const alarmData = JSON.parse(toAlarm!.HistoryData);
    expect(alarmData.newState).toEqual({
      stateValue: 'ALARM',
      stateReason:
        'Threshold Crossed: 3 out of the last 3 datapoints [4.0 (12/01/26 09:59:00), 3.0 (12/01/26 09:58:00), 2.0 (12/01/26 09:57:00)] were greater than or equal to the threshold (1.0) (minimum 3 datapoints for OK -> ALARM transition).',
      stateReasonData: {
        version: '1.0',
        queryDate: '2026-01-12T10:00:01.500+0000',
        startDate: '2026-01-12T09:57:00.000+0000',
        statistic: 'Sum',
        period: 60,
        recentDatapoints: [2, 3, 4],
        threshold: 1,
        evaluatedDatapoints: [
          { timestamp: '2026-01-12T09:59:00.000+0000', sampleCount: 1, value: 4 },
          { timestamp: '2026-01-12T09:58:00.000+0000', sampleCount: 1, value: 3 },
          { timestamp: '2026-01-12T09:57:00.000+0000', sampleCount: 1, value: 2 },
        ],
      },
    });
    expect(JSON.parse(toOk!.HistoryData).newState.stateReason).toBe(
      'Threshold Crossed: 1 out of the last 3 datapoints [0.0 (12/01/26 10:00:00)] was not greater than or equal to the threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition).',
    );
    expect(stateOf(alarms, 'orders-errors')).toMatchObject({
      StateValue: 'OK',
      StateReason: expect.any(String),
    });
  });

  it('evaluates an alarm once per minute boundary, and again soon after its configuration changes', () => {
    const { alarms, data } = setup();
    alarms.putMetricAlarm(alarm('a'));

    alarms.evaluateAll(T0);
    alarms.evaluateAll(T0 + 30_000);
    alarms.evaluateAll(T0 + MINUTE - 1);
    expect(data.calls).toHaveLength(1);

    alarms.evaluateAll(T0 + MINUTE);
    alarms.putMetricAlarm(alarm('a', { Threshold: 2 }));
    alarms.evaluateAll(T0 + MINUTE + 1);

    expect(data.calls.map(({ range }) => range.endTime)).toEqual([T0, T0 + MINUTE, T0 + MINUTE]);
  });

  it('lets a state set by SetAlarmState last until the next evaluation says otherwise', () => {
    const { alarms, data } = setup();
    alarms.putMetricAlarm(alarm('a'));
    data.series('a', T0 - 5 * MINUTE, MINUTE, [0, 0, 0, 0, 0, 0, 0]);
    alarms.evaluateAll(T0);

    alarms.setAlarmState({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'testing the pager' });
    alarms.evaluateAll(T0 + 30_000);
    expect(stateOf(alarms, 'a').StateValue).toBe('ALARM');
    alarms.evaluateAll(T0 + MINUTE);

    expect(stateOf(alarms, 'a').StateValue).toBe('OK');
    expect(summaries(alarms, 'a')).toEqual([
      'Alarm "a" created',
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    const manual = alarms.describeAlarmHistory({ HistoryItemType: 'StateUpdate' }).AlarmHistoryItems[1];
    expect(JSON.parse(manual!.HistoryData).newState).toEqual({
      stateValue: 'ALARM',
      stateReason: 'testing the pager',
    });
  });

  it('keeps a state set by SetAlarmState while missing data is ignored', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(alarm('a', { TreatMissingData: 'ignore' }));
    alarms.setAlarmState({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'manual' });

    expect(alarms.evaluateAll(T0 + MINUTE)).toEqual([]);
    expect(stateOf(alarms, 'a')).toMatchObject({ StateValue: 'ALARM', StateReason: 'manual' });
  });

  it('ignores missing data for AWS/DynamoDB metrics whatever TreatMissingData says', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(alarm('lambda', { TreatMissingData: 'breaching' }));
    alarms.putMetricAlarm(alarm('table', { Namespace: 'AWS/DynamoDB', TreatMissingData: 'breaching' }));

    alarms.evaluateAll(T0);

    expect(stateOf(alarms, 'lambda').StateValue).toBe('ALARM');
    expect(stateOf(alarms, 'table').StateValue).toBe('INSUFFICIENT_DATA');
    expect(alarms.describeAlarms({ AlarmNames: ['table'] }).MetricAlarms[0]).toMatchObject({
      TreatMissingData: 'breaching',
    });
  });

  it('waits for enough samples before judging a p99 when told to ignore low sample counts', () => {
    const { alarms, data } = setup();
    alarms.putMetricAlarm(
      alarm('p99', {
        Statistic: undefined,
        ExtendedStatistic: 'p99',
        MetricName: 'Duration',
        Threshold: 500,
        EvaluateLowSampleCountPercentile: 'ignore',
      }),
    );
    for (let i = 1; i <= 5; i += 1) data.set('p99', T0 - i * MINUTE, 900, 999);

    alarms.evaluateAll(T0);
    expect(stateOf(alarms, 'p99').StateValue).toBe('INSUFFICIENT_DATA');

    for (let i = 0; i <= 5; i += 1) data.set('p99', T0 - i * MINUTE, 900, 1000);
    alarms.evaluateAll(T0 + MINUTE);
    expect(stateOf(alarms, 'p99').StateValue).toBe('ALARM');
  });

  it('shows EVALUATION_ERROR while the data source fails, keeping the state', () => {
    const failures: [string, unknown][] = [];
    const { alarms, data } = setup({ onEvaluationError: (name, error) => failures.push([name, error]) });
    alarms.putMetricAlarm(alarm('a', { TreatMissingData: 'notBreaching' }));
    alarms.evaluateAll(T0);
    const down = new Error('metric store down');

    data.failWith = down;
    alarms.evaluateAll(T0 + MINUTE);
    const during = alarms.describeAlarms().MetricAlarms[0];
    data.failWith = undefined;
    alarms.evaluateAll(T0 + 2 * MINUTE);

    expect(during).toMatchObject({
      StateValue: 'OK',
      EvaluationState: 'EVALUATION_ERROR',
      StateUpdatedTimestamp: T0 + MINUTE,
    });
    expect(during?.StateTransitionedTimestamp).toBe(T0);
    expect(failures).toEqual([['a', down]]);
    expect(alarms.describeAlarms().MetricAlarms[0]).not.toHaveProperty('EvaluationState');
  });

  it('treats a data source answering the wrong number of periods as an evaluation error', () => {
    const failures: unknown[] = [];
    const { alarms } = setup({
      dataSource: { datapointsFor: () => [undefined] },
      onEvaluationError: (_name, error) => failures.push(error),
    });
    alarms.putMetricAlarm(alarm('a'));

    alarms.evaluateAll(T0);

    expect(alarms.describeAlarms().MetricAlarms[0]?.EvaluationState).toBe('EVALUATION_ERROR');
    expect(String(failures[0])).toMatch(/answered 1 datapoints for 5 periods/);
  });

  it('reads the evaluation range the evaluationRangeLength option asks for', () => {
    const wide = setup({ evaluationRangeLength: (n) => n + 7 });
    wide.alarms.putMetricAlarm(alarm('a'));
    wide.alarms.evaluateAll(T0);
    const narrow = setup({ evaluationRangeLength: (n) => n - 1 });
    narrow.alarms.putMetricAlarm(alarm('a'));
    narrow.alarms.evaluateAll(T0);

    expect(wide.data.calls[0]?.range).toMatchObject({ periods: 10, startTime: T0 - 10 * MINUTE });
    expect(narrow.alarms.describeAlarms().MetricAlarms[0]?.EvaluationState).toBe('EVALUATION_ERROR');
  });
});

describe('composite alarms follow their children', () => {
  function family() {
    const context = setup();
    const { alarms } = context;
    alarms.putMetricAlarm(alarm('a'));
    alarms.putMetricAlarm(alarm('b'));
    alarms.putCompositeAlarm({ AlarmName: 'both', AlarmRule: 'ALARM(a) AND ALARM(b)' });
    alarms.putCompositeAlarm({ AlarmName: 'either', AlarmRule: 'ALARM(a) OR ALARM(b)' });
    alarms.putCompositeAlarm({ AlarmName: 'top', AlarmRule: 'ALARM(both) OR ALARM(either)' });
    return context;
  }

  it('starts a composite in INSUFFICIENT_DATA and evaluates it at once', () => {
    const { alarms } = family();

    expect(stateOf(alarms, 'either').StateValue).toBe('OK');
    expect(summaries(alarms, 'either', ['CompositeAlarm'])).toEqual([
      'Alarm "either" created',
      'Alarm updated from INSUFFICIENT_DATA to OK',
    ]);
    expect(summaries(alarms, 'either')).toEqual([]);
  });

  it('moves composites, children before parents, when evaluateAll changes a metric alarm', () => {
    const { alarms, data } = family();
    data.series('a', T0 - 3 * MINUTE, MINUTE, [5, 5, 5]);

    const transitions = alarms.evaluateAll(T0);

    expect(transitions.map((t) => [t.AlarmName, t.AlarmType, t.NewStateValue])).toEqual([
      ['a', 'MetricAlarm', 'ALARM'],
      ['either', 'CompositeAlarm', 'ALARM'],
      ['top', 'CompositeAlarm', 'ALARM'],
    ]);
    expect(stateOf(alarms, 'both').StateValue).toBe('OK');
    expect(stateOf(alarms, 'either')).toMatchObject({
      StateReason: `${ARN}a transitioned to ALARM at Monday 12 January, 2026 10:00:00 UTC`,
    });
    expect(JSON.parse(stateOf(alarms, 'either').StateReasonData!)).toEqual({
      triggeringAlarms: [
        { arn: `${ARN}a`, state: { value: 'ALARM', timestamp: '2026-01-12T10:00:00.000+0000' } },
      ],
    });
    expect(stateOf(alarms, 'top').StateReason).toBe(
      `${ARN}either transitioned to ALARM at Monday 12 January, 2026 10:00:00 UTC`,
    );
  });

  it('keeps a state set on a composite until a child changes state or its configuration is updated', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(alarm('a', { TreatMissingData: 'ignore' }));
    alarms.putMetricAlarm(alarm('b', { TreatMissingData: 'ignore' }));
    alarms.putCompositeAlarm({ AlarmName: 'either', AlarmRule: 'ALARM(a) OR ALARM(b)' });

    alarms.setAlarmState({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'test' });
    expect(stateOf(alarms, 'either').StateValue).toBe('ALARM');
    alarms.setAlarmState({ AlarmName: 'either', StateValue: 'OK', StateReason: 'muted' });
    alarms.evaluateAll(T0 + MINUTE);
    expect(stateOf(alarms, 'either')).toMatchObject({ StateValue: 'OK', StateReason: 'muted' });

    alarms.setAlarmState({ AlarmName: 'b', StateValue: 'ALARM', StateReason: 'test' });
    expect(stateOf(alarms, 'either').StateValue).toBe('ALARM');

    alarms.setAlarmState({ AlarmName: 'either', StateValue: 'OK', StateReason: 'muted again' });
    alarms.putCompositeAlarm({
      AlarmName: 'either',
      AlarmRule: 'ALARM(a) OR ALARM(b)',
      AlarmDescription: 'd',
    });
    expect(stateOf(alarms, 'either').StateValue).toBe('ALARM');
  });

  it('stops at a cycle of composites, which also cannot be deleted until broken', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(alarm('a', { TreatMissingData: 'ignore' }));
    alarms.putCompositeAlarm({ AlarmName: 'c1', AlarmRule: 'ALARM(a)' });
    alarms.putCompositeAlarm({ AlarmName: 'c2', AlarmRule: 'ALARM(c1)' });
    alarms.putCompositeAlarm({ AlarmName: 'c1', AlarmRule: 'ALARM(a) OR ALARM(c2)' });

    alarms.setAlarmState({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'test' });

    expect([stateOf(alarms, 'c1').StateValue, stateOf(alarms, 'c2').StateValue]).toEqual(['OK', 'OK']);
    expect(() => alarms.deleteAlarms({ AlarmNames: ['c1'] })).toThrow(/depending on it/);
    alarms.putCompositeAlarm({ AlarmName: 'c2', AlarmRule: 'FALSE' });
    alarms.deleteAlarms({ AlarmNames: ['c1'] });
    expect(
      alarms.describeAlarms({ AlarmTypes: ['CompositeAlarm'] }).CompositeAlarms.map((c) => c.AlarmName),
    ).toEqual(['c2']);
  });
});

describe('AlarmRegistry.describeAlarmHistory', () => {
  /** Alarm `a` flips state every minute: six StateUpdate items after its creation. */
  async function flipping(options: Partial<AlarmRegistryOptions> = {}) {
    const context = setup(options);
    context.alarms.putMetricAlarm(alarm('a'));
    for (let i = 0; i < 6; i += 1) {
      await context.clock.advance(MINUTE);
      context.alarms.setAlarmState({
        AlarmName: 'a',
        StateValue: i % 2 === 0 ? 'ALARM' : 'OK',
        StateReason: `flip ${i}`,
      });
    }
    return context;
  }
  const times = (items: readonly { Timestamp: number }[]) =>
    items.map((item) => (item.Timestamp - T0) / MINUTE);

  it('filters by item type and date, newest first unless scanned ascending', async () => {
    const { alarms } = await flipping();

    expect(times(alarms.describeAlarmHistory({ AlarmName: 'a' }).AlarmHistoryItems)).toEqual([
      6, 5, 4, 3, 2, 1, 0,
    ]);
    expect(
      times(
        alarms.describeAlarmHistory({
          HistoryItemType: 'StateUpdate',
          StartDate: T0 + 2 * MINUTE,
          EndDate: T0 + 4 * MINUTE,
          ScanBy: 'TimestampAscending',
        }).AlarmHistoryItems,
      ),
    ).toEqual([2, 3, 4]);
    expect(alarms.describeAlarmHistory({ HistoryItemType: 'Action' }).AlarmHistoryItems).toEqual([]);
    expect(alarms.describeAlarmHistory({ AlarmContributorId: 'c1' }).AlarmHistoryItems).toEqual([]);
  });

  it('pages with an opaque NextToken, either way round', async () => {
    const { alarms } = await flipping();
    const pages = (scanBy: 'TimestampAscending' | 'TimestampDescending') => {
      const found: number[][] = [];
      let token: string | undefined;
      do {
        const page = alarms.describeAlarmHistory({
          AlarmName: 'a',
          MaxRecords: 3,
          ScanBy: scanBy,
          NextToken: token,
        });
        found.push(times(page.AlarmHistoryItems));
        token = page.NextToken;
      } while (token !== undefined);
      return found;
    };

    expect(pages('TimestampDescending')).toEqual([[6, 5, 4], [3, 2, 1], [0]]);
    expect(pages('TimestampAscending')).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const { NextToken } = alarms.describeAlarmHistory({ AlarmName: 'a', MaxRecords: 1 });
    expect(() => alarms.describeAlarmHistory({ AlarmName: 'b', NextToken })).toThrow(InvalidNextTokenError);
    expect(() => alarms.describeAlarmHistory({ NextToken: 'x' })).toThrow(InvalidNextTokenError);
    expect(() => alarms.describeAlarmHistory({ StartDate: T0 + 1, EndDate: T0 })).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue', field: 'StartDate' }),
    );
  });

  it('keeps at most maxHistoryItemsPerAlarm items per alarm, the newest', async () => {
    const { alarms } = await flipping({ maxHistoryItemsPerAlarm: 3 });

    expect(times(alarms.describeAlarmHistory({ AlarmName: 'a' }).AlarmHistoryItems)).toEqual([6, 5, 4]);
  });

  it('drops items older than historyRetentionDays', async () => {
    const { alarms, clock } = await flipping({ historyRetentionDays: 1 });

    await clock.advance(24 * 60 * MINUTE - 3 * MINUTE);

    expect(times(alarms.describeAlarmHistory({ AlarmName: 'a' }).AlarmHistoryItems)).toEqual([6, 5, 4, 3]);
  });

  it('keeps the history of a bounded number of deleted alarms (maxAlarms)', () => {
    const { alarms } = setup({ maxAlarms: 1 });
    alarms.putMetricAlarm(alarm('a'));
    alarms.deleteAlarms({ AlarmNames: ['a'] });
    alarms.putMetricAlarm(alarm('b'));
    alarms.deleteAlarms({ AlarmNames: ['b'] });

    expect(summaries(alarms, 'a')).toEqual([]);
    expect(summaries(alarms, 'b')).toEqual(['Alarm "b" created', 'Alarm "b" deleted']);
  });
});

describe('AlarmRegistry.start', () => {
  it('evaluates every minute on the clock: an hour runs 60 evaluations', async () => {
    const { alarms, data, clock } = setup();
    alarms.putMetricAlarm(alarm('a'));

    alarms.start();
    alarms.start();
    await clock.advance(60 * MINUTE);

    expect(data.calls).toHaveLength(60);
    expect(data.calls.map(({ range }) => range.endTime)).toEqual(
      Array.from({ length: 60 }, (_, i) => T0 + (i + 1) * MINUTE),
    );
    alarms.stop();
    expect(clock.pendingTimers()).toEqual([]);
    await clock.advance(10 * MINUTE);
    expect(data.calls).toHaveLength(60);
  });

  it('keeps to the minute boundaries when started between two', async () => {
    const { alarms, data, clock } = setup({}, T0 + 25_000);
    alarms.putMetricAlarm(alarm('a'));

    alarms.start();
    await clock.advance(60 * MINUTE);

    expect(data.calls).toHaveLength(60);
    expect(data.calls[0]?.range.endTime).toBe(T0 + MINUTE);
    alarms.stop();
  });

  it('records the transitions the schedule makes at the minutes they happen', async () => {
    const { alarms, data, clock } = setup();
    alarms.putMetricAlarm(alarm('a', { TreatMissingData: 'notBreaching' }));
    data.series('a', T0 + 2 * MINUTE, MINUTE, [3, 3, 3]);

    alarms.start();
    await clock.advance(10 * MINUTE);
    alarms.stop();

    const items = alarms.describeAlarmHistory({
      AlarmName: 'a',
      HistoryItemType: 'StateUpdate',
      ScanBy: 'TimestampAscending',
    }).AlarmHistoryItems;
    // The three breaching datapoints stay the newest three real ones until one leaves the evaluation
    // range (at 10:08, the range being 10:03 to 10:08): the guide's note that alarms "re-evaluate the last
    // set of data points for a period of time after the metric has stopped flowing".
    expect(items.map((item) => [item.HistorySummary, (item.Timestamp - T0) / MINUTE])).toEqual([
      ['Alarm updated from INSUFFICIENT_DATA to OK', 1],
      ['Alarm updated from OK to ALARM', 5],
      ['Alarm updated from ALARM to OK', 8],
    ]);
  });

  it('evaluates alarms with a period under a minute every 10 seconds', async () => {
    const { alarms, data, clock } = setup();
    alarms.putMetricAlarm(alarm('minutely'));
    alarms.start();
    await clock.advance(15_000);

    alarms.putMetricAlarm(alarm('fast', { Period: 10 }));
    await clock.advance(45_000);
    alarms.stop();

    const endTimes = (name: string) =>
      data.calls
        .filter((call) => call.alarm.AlarmName === name)
        .map(({ range }) => (range.endTime - T0) / 1000);
    expect(endTimes('fast')).toEqual([20, 30, 40, 50, 60]);
    expect(endTimes('minutely')).toEqual([0, 60]);
    expect(data.calls.find((call) => call.alarm.AlarmName === 'fast')?.range).toMatchObject({
      periodSeconds: 10,
      periods: 5,
    });
  });
});
