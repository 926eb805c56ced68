import { createManualClock } from '../../clock/manual-clock';
import { InvalidEmulatorInputError } from '../../errors';
import { ServiceError } from '../../service-error';
import { AlarmRegistry, type AlarmRegistryOptions } from './alarm-registry';
import {
  AlarmValidationError,
  type CloudWatchAlarmError,
  InvalidNextTokenError,
  InvalidParameterCombinationError,
  InvalidParameterValueError,
  LimitExceededError,
  MissingParameterError,
  ResourceNotFoundError,
} from './errors';
import { FakeDataSource } from './fake-data-source.test-support';
import type { PutMetricAlarmInput } from './types';

const T0 = Date.UTC(2026, 0, 12, 10, 0, 0);
const ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:';

function setup(options: Partial<AlarmRegistryOptions> = {}) {
  const clock = createManualClock({ startAt: T0 });
  const data = new FakeDataSource();
  const alarms = new AlarmRegistry({ clock, dataSource: data, ...options });
  return { clock, data, alarms };
}

function errorsAlarm(overrides: Record<string, unknown> = {}): PutMetricAlarmInput {
  return {
    AlarmName: 'orders-errors',
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

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const mathMetrics = [
  {
    Id: 'errors',
    MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors' }, Period: 60, Stat: 'Sum' },
    ReturnData: false,
  },
  {
    Id: 'invocations',
    MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' }, Period: 60, Stat: 'Sum' },
    ReturnData: false,
  },
  { Id: 'rate', Expression: '100 * errors / invocations', Label: 'Error rate' },
];

describe('AlarmRegistry.putMetricAlarm', () => {
  it('creates the alarm in INSUFFICIENT_DATA and shows it as DescribeAlarms does', () => {
    const { alarms } = setup();

    alarms.putMetricAlarm(
      errorsAlarm({ AlarmDescription: 'orders fails', OKActions: ['arn:aws:sns:us-east-1:1:t'] }),
    );

    expect(alarms.describeAlarms().MetricAlarms).toEqual([
      {
        AlarmName: 'orders-errors',
        AlarmArn: `${ARN}orders-errors`,
        AlarmDescription: 'orders fails',
        AlarmConfigurationUpdatedTimestamp: T0,
        ActionsEnabled: true,
        OKActions: ['arn:aws:sns:us-east-1:1:t'],
        AlarmActions: [],
        InsufficientDataActions: [],
        StateValue: 'INSUFFICIENT_DATA',
        StateReason: 'Unchecked: Initial alarm creation',
        StateUpdatedTimestamp: T0,
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        StateTransitionedTimestamp: T0,
      },
    ]);
  });

  it('records the creation as a ConfigurationUpdate, the alarm in camelCase', () => {
    const { alarms } = setup();

    alarms.putMetricAlarm(errorsAlarm());
    const [item] = alarms.describeAlarmHistory({ AlarmName: 'orders-errors' }).AlarmHistoryItems;

    expect(item).toMatchObject({
      AlarmName: 'orders-errors',
      AlarmType: 'MetricAlarm',
      Timestamp: T0,
      HistoryItemType: 'ConfigurationUpdate',
      HistorySummary: 'Alarm "orders-errors" created',
    });
    expect(JSON.parse(item!.HistoryData)).toEqual({
      version: '1.0',
      type: 'Create',
      createdAlarm: expect.objectContaining({
        alarmName: 'orders-errors',
        alarmArn: `${ARN}orders-errors`,
        alarmConfigurationUpdatedTimestamp: '2026-01-12T10:00:00.000+0000',
        dimensions: [{ name: 'FunctionName', value: 'orders' }],
        okactions: [],
        stateValue: 'INSUFFICIENT_DATA',
        threshold: 1,
      }),
    });
  });

  it('replaces the configuration of an existing alarm and keeps its state and tags', async () => {
    const { alarms, clock } = setup();
    alarms.putMetricAlarm(errorsAlarm({ Tags: [{ Key: 'team', Value: 'orders' }] }));
    alarms.setAlarmState({ AlarmName: 'orders-errors', StateValue: 'ALARM', StateReason: 'testing' });
    await clock.advance(60_000);

    alarms.putMetricAlarm(errorsAlarm({ Threshold: 5, Tags: [{ Key: 'team', Value: 'other' }] }));

    const [alarm] = alarms.describeAlarms().MetricAlarms;
    expect(alarm).toMatchObject({
      Threshold: 5,
      StateValue: 'ALARM',
      AlarmConfigurationUpdatedTimestamp: T0 + 60_000,
    });
    expect(alarms.listTagsForResource({ ResourceARN: `${ARN}orders-errors` })).toEqual({
      Tags: [{ Key: 'team', Value: 'orders' }],
    });
    const [update] = alarms.describeAlarmHistory({
      HistoryItemType: 'ConfigurationUpdate',
    }).AlarmHistoryItems;
    expect(update!.HistorySummary).toBe('Alarm "orders-errors" updated');
    expect(JSON.parse(update!.HistoryData)).toMatchObject({
      type: 'Update',
      updatedAlarm: { threshold: 5 },
      originalUpdatedFields: {
        threshold: 1,
        alarmConfigurationUpdatedTimestamp: '2026-01-12T10:00:00.000+0000',
      },
    });
  });

  it('accepts a math alarm, its period and percentile taken from the metrics', () => {
    const { alarms, data } = setup();

    alarms.putMetricAlarm({
      AlarmName: 'orders-rate',
      Metrics: mathMetrics,
      EvaluationPeriods: 2,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    alarms.evaluateAll(T0);

    const [alarm] = alarms.describeAlarms().MetricAlarms;
    expect(alarm).not.toHaveProperty('MetricName');
    expect(alarm).toMatchObject({ Metrics: mathMetrics, EvaluationPeriods: 2 });
    expect(data.calls[0]?.alarm).toMatchObject({
      periodSeconds: 60,
      percentile: undefined,
      statisticName: undefined,
    });
    expect(data.calls[0]?.range).toEqual({
      startTime: T0 - 4 * 60_000,
      endTime: T0,
      periodSeconds: 60,
      periods: 4,
    });
  });

  it('reads the percentile of an ExtendedStatistic', () => {
    const { alarms, data } = setup();

    alarms.putMetricAlarm(
      errorsAlarm({ Statistic: undefined, ExtendedStatistic: 'p99.9', MetricName: 'Duration' }),
    );
    alarms.evaluateAll(T0);

    expect(data.calls[0]?.alarm).toMatchObject({ percentile: 99.9, statisticName: 'p99.9' });
  });

  it.each<[string, Record<string, unknown>, abstract new (...args: never[]) => CloudWatchAlarmError, string]>(
    [
      ['no AlarmName', { AlarmName: undefined }, MissingParameterError, 'AlarmName'],
      ['a control character in AlarmName', { AlarmName: 'a\nb' }, InvalidParameterValueError, 'AlarmName'],
      ['an unknown parameter', { Thresold: 2 }, InvalidParameterValueError, 'Thresold'],
      ['no MetricName nor Metrics', { MetricName: undefined }, MissingParameterError, 'MetricName'],
      ['no Namespace', { Namespace: undefined }, MissingParameterError, 'Namespace'],
      ['a Namespace starting with ":"', { Namespace: ':x' }, InvalidParameterValueError, 'Namespace'],
      [
        'Statistic and ExtendedStatistic',
        { ExtendedStatistic: 'p99' },
        InvalidParameterCombinationError,
        'ExtendedStatistic',
      ],
      ['neither statistic', { Statistic: undefined }, MissingParameterError, 'Statistic'],
      ['an unknown Statistic', { Statistic: 'Median' }, InvalidParameterValueError, 'Statistic'],
      [
        'a malformed ExtendedStatistic',
        { Statistic: undefined, ExtendedStatistic: 'p999x' },
        InvalidParameterValueError,
        'ExtendedStatistic',
      ],
      ['no Period', { Period: undefined }, MissingParameterError, 'Period'],
      ['a Period of 45 s', { Period: 45 }, InvalidParameterValueError, 'Period'],
      ['an unknown Unit', { Unit: 'Apples' }, InvalidParameterValueError, 'Unit'],
      ['no EvaluationPeriods', { EvaluationPeriods: undefined }, MissingParameterError, 'EvaluationPeriods'],
      ['EvaluationPeriods 0', { EvaluationPeriods: 0 }, InvalidParameterValueError, 'EvaluationPeriods'],
      ['EvaluationPeriods 2.5', { EvaluationPeriods: 2.5 }, InvalidParameterValueError, 'EvaluationPeriods'],
      [
        'more than a day of one-minute periods',
        { EvaluationPeriods: 1441, DatapointsToAlarm: 1 },
        InvalidParameterValueError,
        'EvaluationPeriods',
      ],
      [
        'DatapointsToAlarm above EvaluationPeriods',
        { DatapointsToAlarm: 4 },
        InvalidParameterValueError,
        'DatapointsToAlarm',
      ],
      ['no Threshold', { Threshold: undefined }, MissingParameterError, 'Threshold'],
      ['a Threshold that is a string', { Threshold: '1' }, InvalidParameterValueError, 'Threshold'],
      [
        'no ComparisonOperator',
        { ComparisonOperator: undefined },
        MissingParameterError,
        'ComparisonOperator',
      ],
      [
        'an unknown ComparisonOperator',
        { ComparisonOperator: 'Bigger' },
        InvalidParameterValueError,
        'ComparisonOperator',
      ],
      [
        'an anomaly-band operator',
        { ComparisonOperator: 'GreaterThanUpperThreshold' },
        InvalidParameterValueError,
        'ComparisonOperator',
      ],
      ['ThresholdMetricId', { ThresholdMetricId: 'ad1' }, InvalidParameterValueError, 'ThresholdMetricId'],
      [
        'a wall-clock window',
        { EvaluationWindow: { WallClockWindow: {} } },
        InvalidParameterValueError,
        'EvaluationWindow.WallClockWindow',
      ],
      [
        'an unknown TreatMissingData',
        { TreatMissingData: 'zero' },
        InvalidParameterValueError,
        'TreatMissingData',
      ],
      [
        'an unknown EvaluateLowSampleCountPercentile',
        { EvaluateLowSampleCountPercentile: 'skip' },
        InvalidParameterValueError,
        'EvaluateLowSampleCountPercentile',
      ],
      [
        'a dimension twice',
        {
          Dimensions: [
            { Name: 'A', Value: '1' },
            { Name: 'A', Value: '2' },
          ],
        },
        InvalidParameterValueError,
        'Dimensions[1].Name',
      ],
      [
        'an empty dimension value',
        { Dimensions: [{ Name: 'A', Value: '' }] },
        InvalidParameterValueError,
        'Dimensions[0].Value',
      ],
      [
        '31 dimensions',
        { Dimensions: Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' })) },
        InvalidParameterValueError,
        'Dimensions',
      ],
      ['an action that is no ARN', { OKActions: ['sns-topic'] }, InvalidParameterValueError, 'OKActions[0]'],
      [
        'six alarm actions',
        { AlarmActions: Array.from({ length: 6 }, (_, i) => `arn:aws:sns:us-east-1:1:t${i}`) },
        InvalidParameterValueError,
        'AlarmActions',
      ],
      [
        'a tag key twice',
        {
          Tags: [
            { Key: 'k', Value: '1' },
            { Key: 'k', Value: '2' },
          ],
        },
        InvalidParameterValueError,
        'Tags[1].Key',
      ],
      [
        'a description over 1024 characters',
        { AlarmDescription: 'x'.repeat(1025) },
        InvalidParameterValueError,
        'AlarmDescription',
      ],
      ['Metrics beside MetricName', { Metrics: mathMetrics }, InvalidParameterCombinationError, 'Namespace'],
    ],
  )('refuses %s, naming the field', (_what, overrides, type, field) => {
    const { alarms } = setup();

    const error = thrown(() => alarms.putMetricAlarm(errorsAlarm(overrides)));

    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ field, status: 400 });
    expect(alarms.describeAlarms().MetricAlarms).toEqual([]);
  });

  const math = (metrics: unknown[]): PutMetricAlarmInput =>
    ({
      AlarmName: 'm',
      Metrics: metrics,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    }) as PutMetricAlarmInput;
  const [errors, invocations, rate] = mathMetrics as unknown as [
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
  ];

  it.each<[string, unknown[], abstract new (...args: never[]) => CloudWatchAlarmError, string]>([
    [
      'no member returning data',
      [errors, invocations, { ...rate, ReturnData: false }],
      InvalidParameterValueError,
      'Metrics',
    ],
    [
      'two members returning data',
      [errors, { ...invocations, ReturnData: true }, rate],
      InvalidParameterValueError,
      'Metrics',
    ],
    [
      '21 members',
      [...Array.from({ length: 20 }, (_, i) => ({ ...errors, Id: `e${i}` })), rate],
      InvalidParameterValueError,
      'Metrics',
    ],
    [
      '11 metrics',
      [...Array.from({ length: 11 }, (_, i) => ({ ...errors, Id: `e${i}` })), rate],
      InvalidParameterValueError,
      'Metrics',
    ],
    [
      'an Id with a capital first letter',
      [{ ...errors, Id: 'Errors' }, invocations, rate],
      InvalidParameterValueError,
      'Metrics[0].Id',
    ],
    [
      'an Id twice',
      [errors, { ...invocations, Id: 'errors' }, rate],
      InvalidParameterValueError,
      'Metrics[1].Id',
    ],
    [
      'both MetricStat and Expression',
      [{ ...errors, Expression: 'errors' }, invocations, rate],
      InvalidParameterCombinationError,
      'Metrics[0].Expression',
    ],
    [
      'neither MetricStat nor Expression',
      [{ Id: 'x', ReturnData: false }, rate],
      InvalidParameterCombinationError,
      'Metrics[0].MetricStat',
    ],
    [
      'metrics of different periods',
      [errors, { ...invocations, MetricStat: { ...(invocations.MetricStat as object), Period: 300 } }, rate],
      InvalidParameterValueError,
      'Metrics',
    ],
    [
      'a metric without its period',
      [
        errors,
        { ...invocations, MetricStat: { ...(invocations.MetricStat as object), Period: undefined } },
        rate,
      ],
      MissingParameterError,
      'Metrics[1].MetricStat.Period',
    ],
    [
      'a metric without its name',
      [
        { ...errors, MetricStat: { Metric: { Namespace: 'AWS/Lambda' }, Period: 60, Stat: 'Sum' } },
        invocations,
        rate,
      ],
      MissingParameterError,
      'Metrics[0].MetricStat.Metric.MetricName',
    ],
    [
      'an unknown statistic',
      [{ ...errors, MetricStat: { ...(errors.MetricStat as object), Stat: 'Mean' } }, invocations, rate],
      InvalidParameterValueError,
      'Metrics[0].MetricStat.Stat',
    ],
    ['an empty Metrics', [], InvalidParameterValueError, 'Metrics'],
  ])('refuses Metrics with %s', (_what, metrics, type, field) => {
    const { alarms } = setup();

    const error = thrown(() => alarms.putMetricAlarm(math(metrics)));

    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ field });
  });

  it('speaks the CloudWatch error shapes and codes', () => {
    const { alarms } = setup();

    expect(thrown(() => alarms.putMetricAlarm(errorsAlarm({ Period: 45 })))).toMatchObject({
      name: 'InvalidParameterValueException',
      code: 'InvalidParameterValue',
      status: 400,
      message: 'Invalid value 45 for Period: must be 10, 20, 30 or a multiple of 60.',
    });
    expect(thrown(() => alarms.putMetricAlarm(errorsAlarm({ Threshold: undefined })))).toMatchObject({
      name: 'MissingRequiredParameterException',
      code: 'MissingParameter',
      message: 'The parameter Threshold is required.',
    });
    expect(thrown(() => alarms.putMetricAlarm(errorsAlarm({ ExtendedStatistic: 'p99' })))).toMatchObject({
      name: 'InvalidParameterCombinationException',
      code: 'InvalidParameterCombination',
    });
  });

  it('holds the maxAlarms limit, counting composites too', () => {
    const { alarms } = setup({ maxAlarms: 2 });
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));
    alarms.putCompositeAlarm({ AlarmName: 'c', AlarmRule: 'ALARM(a)' });

    const error = thrown(() => alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'b' })));

    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ name: 'LimitExceededFault', code: 'LimitExceeded' });
    expect(() => alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a', Threshold: 9 }))).not.toThrow();
  });

  it('refuses a metric alarm named as a composite, and the other way round', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));
    alarms.putCompositeAlarm({ AlarmName: 'c', AlarmRule: 'ALARM(a)' });

    expect(() => alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'c' }))).toThrow(
      /exists as a composite alarm/,
    );
    expect(() => alarms.putCompositeAlarm({ AlarmName: 'a', AlarmRule: 'TRUE' })).toThrow(
      /exists as a metric alarm/,
    );
  });
});

describe('AlarmRegistry options', () => {
  it('refuses a registry without a clock or data source, naming the option', () => {
    const clock = createManualClock({ startAt: T0 });

    expect(() => new AlarmRegistry({ dataSource: new FakeDataSource() } as never)).toThrow(
      InvalidEmulatorInputError,
    );
    expect(() => new AlarmRegistry({ clock } as never)).toThrow(/"dataSource" is required/);
    expect(
      () => new AlarmRegistry({ clock, dataSource: new FakeDataSource(), maxAlarm: 3 } as never),
    ).toThrow(/"maxAlarm" is not a known key/);
  });

  it('writes ARNs with the region and account given', () => {
    const { alarms } = setup({ region: 'eu-west-1', accountId: '111122223333' });
    alarms.putMetricAlarm(errorsAlarm());

    expect(alarms.describeAlarms().MetricAlarms[0]?.AlarmArn).toBe(
      'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:orders-errors',
    );
  });
});

describe('AlarmRegistry.setAlarmState', () => {
  it('sets the state, records it, and replaces only the reason when the state is the same', async () => {
    const { alarms, clock } = setup();
    alarms.putMetricAlarm(errorsAlarm());

    alarms.setAlarmState({
      AlarmName: 'orders-errors',
      StateValue: 'ALARM',
      StateReason: 'testing',
      StateReasonData: '{"by":"test"}',
    });
    await clock.advance(1000);
    alarms.setAlarmState({ AlarmName: 'orders-errors', StateValue: 'ALARM', StateReason: 'testing again' });

    expect(alarms.describeAlarms().MetricAlarms[0]).toMatchObject({
      StateValue: 'ALARM',
      StateReason: 'testing again',
      StateUpdatedTimestamp: T0,
    });
    const states = alarms.describeAlarmHistory({ HistoryItemType: 'StateUpdate' }).AlarmHistoryItems;
    expect(states.map((item) => item.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
    ]);
    expect(JSON.parse(states[0]!.HistoryData)).toEqual({
      version: '1.0',
      oldState: { stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' },
      newState: { stateValue: 'ALARM', stateReason: 'testing', stateReasonData: { by: 'test' } },
    });
  });

  it('answers ResourceNotFound for an unknown alarm, InvalidFormat for reason data that is not JSON', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm());
    const set = (input: Record<string, unknown>) =>
      thrown(() =>
        alarms.setAlarmState({
          AlarmName: 'orders-errors',
          StateValue: 'OK',
          StateReason: 'r',
          ...input,
        } as never),
      );

    expect(set({ AlarmName: 'nope' })).toMatchObject({
      name: 'ResourceNotFound',
      code: 'ResourceNotFound',
      status: 404,
    });
    expect(set({ AlarmName: 'nope' })).toBeInstanceOf(ResourceNotFoundError);
    expect(set({ StateReasonData: '{oops' })).toMatchObject({
      code: 'InvalidFormat',
      field: 'StateReasonData',
    });
    expect(set({ StateReason: undefined })).toMatchObject({ code: 'MissingParameter', field: 'StateReason' });
    expect(set({ StateValue: 'BROKEN' })).toMatchObject({
      code: 'InvalidParameterValue',
      field: 'StateValue',
    });
    expect(set({ StateReason: 'x'.repeat(1024) })).toMatchObject({ field: 'StateReason' });
  });
});

describe('AlarmRegistry.deleteAlarms', () => {
  it('deletes, skips names that do not exist, and keeps the history', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'b' }));

    alarms.deleteAlarms({ AlarmNames: ['a', 'nope'] });

    expect(alarms.describeAlarms().MetricAlarms.map((alarm) => alarm.AlarmName)).toEqual(['b']);
    expect(
      alarms.describeAlarmHistory({ AlarmName: 'a' }).AlarmHistoryItems.map((item) => item.HistorySummary),
    ).toEqual(['Alarm "a" deleted', 'Alarm "a" created']);
  });

  it('refuses to delete an alarm a composite depends on, and more than one composite at once', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'b' }));
    alarms.putCompositeAlarm({ AlarmName: 'p1', AlarmRule: 'ALARM(a)' });
    alarms.putCompositeAlarm({ AlarmName: 'p2', AlarmRule: 'ALARM(a) OR ALARM(b)' });

    const held = thrown(() => alarms.deleteAlarms({ AlarmNames: ['a', 'b'] }));
    const one = thrown(() => alarms.deleteAlarms({ AlarmNames: ['b'] }));
    const two = thrown(() => alarms.deleteAlarms({ AlarmNames: ['p1', 'p2'] }));

    expect(held).toBeInstanceOf(AlarmValidationError);
    expect(held).toMatchObject({
      code: 'ValidationError',
      message: 'Cannot delete a,b as there are composite alarm(s) depending on them.',
    });
    expect((one as Error).message).toBe('Cannot delete b as there are composite alarm(s) depending on it.');
    expect(two).toMatchObject({ code: 'InvalidParameterValue', field: 'AlarmNames' });
    expect(
      alarms.describeAlarms({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }).CompositeAlarms,
    ).toHaveLength(2);

    alarms.deleteAlarms({ AlarmNames: ['b', 'p2'] });

    expect(alarms.describeAlarms({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })).toMatchObject({
      MetricAlarms: [{ AlarmName: 'a' }],
      CompositeAlarms: [{ AlarmName: 'p1' }],
    });
  });

  it('refuses a request without names or with more than 100', () => {
    const { alarms } = setup();

    expect(thrown(() => alarms.deleteAlarms({} as never))).toMatchObject({
      code: 'MissingParameter',
      field: 'AlarmNames',
    });
    expect(
      thrown(() => alarms.deleteAlarms({ AlarmNames: Array.from({ length: 101 }, (_, i) => `a${i}`) })),
    ).toMatchObject({ code: 'InvalidParameterValue', field: 'AlarmNames' });
  });
});

describe('AlarmRegistry.describeAlarms', () => {
  function withAlarms() {
    const context = setup();
    const { alarms } = context;
    for (const name of ['api-latency', 'api-errors', 'db-errors', 'db-latency', 'queue-depth']) {
      alarms.putMetricAlarm(
        errorsAlarm({
          AlarmName: name,
          AlarmActions: name.startsWith('db') ? ['arn:aws:sns:us-east-1:123456789012:db-team'] : [],
        }),
      );
    }
    alarms.putCompositeAlarm({ AlarmName: 'api', AlarmRule: 'ALARM(api-latency) OR ALARM("api-errors")' });
    alarms.putCompositeAlarm({ AlarmName: 'all', AlarmRule: 'ALARM(api) OR ALARM(db-errors)' });
    alarms.setAlarmState({ AlarmName: 'db-errors', StateValue: 'ALARM', StateReason: 'test' });
    return context;
  }
  const names = (output: {
    MetricAlarms: readonly { AlarmName: string }[];
    CompositeAlarms: readonly { AlarmName: string }[];
  }) => [
    ...output.MetricAlarms.map((alarm) => alarm.AlarmName),
    ...output.CompositeAlarms.map((alarm) => `composite:${alarm.AlarmName}`),
  ];

  it('lists metric alarms only unless AlarmTypes asks for composites', () => {
    const { alarms } = withAlarms();

    expect(names(alarms.describeAlarms())).toEqual([
      'api-errors',
      'api-latency',
      'db-errors',
      'db-latency',
      'queue-depth',
    ]);
    expect(names(alarms.describeAlarms({ AlarmTypes: ['CompositeAlarm'] }))).toEqual([
      'composite:all',
      'composite:api',
    ]);
    expect(alarms.describeAlarms({ AlarmTypes: ['LogAlarm'] })).toEqual({
      MetricAlarms: [],
      CompositeAlarms: [],
      LogAlarms: [],
    });
  });

  it('filters by names, prefix, state and action prefix', () => {
    const { alarms } = withAlarms();

    expect(names(alarms.describeAlarms({ AlarmNames: ['db-latency', 'api-errors', 'nope'] }))).toEqual([
      'api-errors',
      'db-latency',
    ]);
    expect(
      names(alarms.describeAlarms({ AlarmNamePrefix: 'api', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })),
    ).toEqual(['api-errors', 'api-latency', 'composite:api']);
    expect(
      names(alarms.describeAlarms({ StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })),
    ).toEqual(['db-errors', 'composite:all']);
    expect(names(alarms.describeAlarms({ ActionPrefix: 'arn:aws:sns:us-east-1:123456789012:db' }))).toEqual([
      'db-errors',
      'db-latency',
    ]);
  });

  it('answers the children and the parents of an alarm with only their names, ARNs (and states)', () => {
    const { alarms } = withAlarms();

    expect(alarms.describeAlarms({ ChildrenOfAlarmName: 'all' })).toEqual({
      MetricAlarms: [
        {
          AlarmName: 'db-errors',
          AlarmArn: `${ARN}db-errors`,
          StateValue: 'ALARM',
          StateUpdatedTimestamp: T0,
        },
      ],
      CompositeAlarms: [
        { AlarmName: 'api', AlarmArn: `${ARN}api`, StateValue: 'OK', StateUpdatedTimestamp: T0 },
      ],
    });
    expect(alarms.describeAlarms({ ParentsOfAlarmName: 'api-errors' })).toEqual({
      MetricAlarms: [],
      CompositeAlarms: [{ AlarmName: 'api', AlarmArn: `${ARN}api` }],
    });
    expect(alarms.describeAlarms({ ChildrenOfAlarmName: 'db-errors' })).toEqual({
      MetricAlarms: [],
      CompositeAlarms: [],
    });
  });

  it('refuses filters that exclude each other', () => {
    const { alarms } = withAlarms();

    expect(thrown(() => alarms.describeAlarms({ AlarmNames: ['a'], AlarmNamePrefix: 'a' }))).toMatchObject({
      code: 'InvalidParameterCombination',
      field: 'AlarmNamePrefix',
    });
    expect(
      thrown(() => alarms.describeAlarms({ ChildrenOfAlarmName: 'all', StateValue: 'OK' })),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      field: 'StateValue',
    });
    expect(
      thrown(() => alarms.describeAlarms({ ChildrenOfAlarmName: 'all', ParentsOfAlarmName: 'api' })),
    ).toBeInstanceOf(InvalidParameterCombinationError);
    expect(thrown(() => alarms.describeAlarms({ AlarmTypes: ['Metric'] } as never))).toMatchObject({
      field: 'AlarmTypes[0]',
    });
    expect(thrown(() => alarms.describeAlarms({ MaxRecords: 101 }))).toMatchObject({ field: 'MaxRecords' });
  });

  it('pages with an opaque NextToken bound to the filters', () => {
    const { alarms } = withAlarms();
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = alarms.describeAlarms({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 3,
        NextToken: token,
      });
      pages.push(names(page));
      token = page.NextToken;
    } while (token !== undefined);

    expect(pages).toEqual([
      ['api-errors', 'composite:all', 'composite:api'],
      ['api-latency', 'db-errors', 'db-latency'],
      ['queue-depth'],
    ]);
    const first = alarms.describeAlarms({ MaxRecords: 2 });
    expect(first.NextToken).toEqual(expect.any(String));
    expect(
      thrown(() => alarms.describeAlarms({ MaxRecords: 2, StateValue: 'OK', NextToken: first.NextToken })),
    ).toBeInstanceOf(InvalidNextTokenError);
    expect(thrown(() => alarms.describeAlarms({ NextToken: 'not-a-token' }))).toMatchObject({
      name: 'InvalidNextToken',
      code: 'InvalidNextToken',
      status: 400,
    });
    expect(names(alarms.describeAlarms({ MaxRecords: 5, NextToken: first.NextToken }))).toEqual([
      'db-errors',
      'db-latency',
      'queue-depth',
    ]);
  });
});

describe('AlarmRegistry.putCompositeAlarm', () => {
  it('refuses a rule naming alarms that do not exist, with CloudWatch words', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));

    const error = thrown(() =>
      alarms.putCompositeAlarm({ AlarmName: 'x', AlarmRule: 'ALARM(a) OR ALARM(nope) OR OK(gone)' }),
    );

    expect(error).toMatchObject({
      code: 'ValidationError',
      field: 'AlarmRule',
      message: 'Could not save the composite alarm as alarms [nope, gone] in the alarm rule do not exist',
    });
  });

  it('refuses a rule that does not parse, naming the character, and a missing rule', () => {
    const { alarms } = setup();

    expect(thrown(() => alarms.putCompositeAlarm({ AlarmName: 'x', AlarmRule: 'TRUE AND' }))).toMatchObject({
      code: 'InvalidParameterValue',
      field: 'AlarmRule',
      position: 8,
    });
    expect(thrown(() => alarms.putCompositeAlarm({ AlarmName: 'x' } as never))).toMatchObject({
      code: 'MissingParameter',
      field: 'AlarmRule',
    });
  });

  it('resolves children named by the ARN of this account and region', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));

    alarms.putCompositeAlarm({ AlarmName: 'x', AlarmRule: `ALARM("${ARN}a")` });

    expect(alarms.describeAlarms({ ParentsOfAlarmName: 'a' }).CompositeAlarms).toEqual([
      { AlarmName: 'x', AlarmArn: `${ARN}x` },
    ]);
    expect(() =>
      alarms.putCompositeAlarm({
        AlarmName: 'y',
        AlarmRule: 'ALARM("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a")',
      }),
    ).toThrow(/do not exist/);
  });

  it('shows a composite as DescribeAlarms does, evaluated at once', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(errorsAlarm({ AlarmName: 'a' }));

    alarms.putCompositeAlarm({ AlarmName: 'x', AlarmRule: 'NOT ALARM(a)', ActionsEnabled: false });

    expect(alarms.describeAlarms({ AlarmTypes: ['CompositeAlarm'] }).CompositeAlarms).toEqual([
      {
        AlarmName: 'x',
        AlarmArn: `${ARN}x`,
        AlarmRule: 'NOT ALARM(a)',
        AlarmConfigurationUpdatedTimestamp: T0,
        ActionsEnabled: false,
        OKActions: [],
        AlarmActions: [],
        InsufficientDataActions: [],
        StateValue: 'ALARM',
        StateReason: 'The alarm rule evaluated to TRUE when the alarm was configured.',
        StateReasonData: '{"triggeringAlarms":[]}',
        StateUpdatedTimestamp: T0,
        StateTransitionedTimestamp: T0,
      },
    ]);
  });
});

describe('AlarmRegistry.listTagsForResource', () => {
  it('answers the tags an alarm was created with, ResourceNotFound for an unknown ARN', () => {
    const { alarms } = setup();
    alarms.putMetricAlarm(
      errorsAlarm({
        Tags: [
          { Key: 'team', Value: 'orders' },
          { Key: 'empty', Value: '' },
        ],
      }),
    );

    expect(alarms.listTagsForResource({ ResourceARN: `${ARN}orders-errors` }).Tags).toEqual([
      { Key: 'team', Value: 'orders' },
      { Key: 'empty', Value: '' },
    ]);
    expect(thrown(() => alarms.listTagsForResource({ ResourceARN: `${ARN}nope` }))).toBeInstanceOf(
      ResourceNotFoundError,
    );
    expect(thrown(() => alarms.listTagsForResource({ ResourceARN: 'orders-errors' }))).toBeInstanceOf(
      ResourceNotFoundError,
    );
  });
});
