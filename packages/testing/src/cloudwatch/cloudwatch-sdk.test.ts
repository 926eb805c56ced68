import {
  CloudWatchClient,
  CloudWatchServiceException,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  GetMetricStatisticsCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListMetricsCommand,
  type ListMetricsCommandInput,
  type MetricDataQuery,
  PutMetricDataCommand,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import { createManualClock, type Emulator, InvalidEmulatorInputError, startEmulator } from '../index';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

let emulator: Emulator;
let client: CloudWatchClient;
const clock = createManualClock({ startAt: T0 + 30 * MINUTE });

beforeEach(async () => {
  emulator = await startEmulator({ clock });
  client = new CloudWatchClient({ ...emulator.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * MINUTE + seconds * 1000);
const metric = (MetricName = 'Latency', Dimensions = [{ Name: 'Service', Value: 'orders' }]) => ({
  Namespace: 'Shop',
  MetricName,
  Dimensions,
});
const statQuery = (Id: string, Stat: string, extra: Partial<MetricDataQuery> = {}): MetricDataQuery => ({
  Id,
  MetricStat: { Metric: metric(), Period: 60, Stat },
  ...extra,
});
const getData = (MetricDataQueries: MetricDataQuery[], extra: Partial<GetMetricDataCommandInput> = {}) =>
  client.send(new GetMetricDataCommand({ MetricDataQueries, StartTime: at(0), EndTime: at(10), ...extra }));

async function putLatencies(values: number[], minute = 0): Promise<void> {
  await client.send(
    new PutMetricDataCommand({
      Namespace: 'Shop',
      MetricData: values.map((Value, index) => ({
        ...metric(),
        Value,
        Unit: 'Milliseconds',
        Timestamp: at(minute, index % 60),
      })),
    }),
  );
}

describe('CloudWatch through @aws-sdk/client-cloudwatch (AWS JSON 1.0)', () => {
  it('answers every statistic per period, aligned to the minute, newest first by default', async () => {
    await putLatencies([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1);
    await putLatencies([100], 2);

    const out = await getData(
      [
        'Sum',
        'Average',
        'SampleCount',
        'Minimum',
        'Maximum',
        'p90',
        'tm90',
        'TM(10%:90%)',
        'IQM',
        'TM(2:8)',
      ].map((stat, index) => statQuery(`q${index}`, stat)),
      { StartTime: at(0, 42) },
    );

    const firstMinute = Object.fromEntries(
      (out.MetricDataResults ?? []).map((result) => [result.Label, result.Values?.at(-1)]),
    );
    expect(firstMinute).toEqual({
      'Latency Sum': 55,
      'Latency Average': 5.5,
      'Latency SampleCount': 10,
      'Latency Minimum': 1,
      'Latency Maximum': 10,
      'Latency p90': 9,
      'Latency tm90': 5,
      'Latency TM(10%:90%)': 5.5,
      'Latency IQM': 5.5,
      'Latency TM(2:8)': 5.5,
    });
    expect(out.MetricDataResults?.[0]).toMatchObject({
      Id: 'q0',
      Timestamps: [at(2), at(1)],
      Values: [100, 55],
      StatusCode: 'Complete',
    });
    expect(out.Messages).toEqual([]);
  });

  it('labels a metric by its name, adding the statistic or period only when the call mixes them', async () => {
    await putLatencies([1]);
    const same = await getData([statQuery('a', 'Sum'), statQuery('b', 'Sum', { Label: 'mine' })]);
    const mixed = await getData([
      statQuery('a', 'Sum'),
      { Id: 'b', MetricStat: { Metric: metric(), Period: 300, Stat: 'Sum' } },
    ]);

    expect(same.MetricDataResults?.map((result) => result.Label)).toEqual(['Latency', 'mine']);
    expect(mixed.MetricDataResults?.map((result) => result.Label)).toEqual(['Latency 60', 'Latency 300']);
  });

  it('takes Values with Counts and statistic sets; percentiles need raw values', async () => {
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'Shop',
        MetricData: [
          { ...metric(), Values: [10, 20], Counts: [3, 1], Timestamp: at(1) },
          {
            ...metric(),
            StatisticValues: { SampleCount: 2, Sum: 10, Minimum: 5, Maximum: 5 },
            Timestamp: at(1),
          },
          {
            ...metric(),
            StatisticValues: { SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20 },
            Timestamp: at(2),
          },
        ],
      }),
    );

    const out = await getData([statQuery('n', 'SampleCount'), statQuery('s', 'Sum'), statQuery('p', 'p50')], {
      ScanBy: 'TimestampAscending',
    });

    expect(out.MetricDataResults?.map((result) => result.Values)).toEqual([[6, 2], [60, 30], [10]]);
  });

  it('keeps units apart: GetMetricStatistics per unit, GetMetricData filtered or told of mixed units', async () => {
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'Shop',
        MetricData: [
          { ...metric(), Value: 1, Unit: 'Seconds', Timestamp: at(1) },
          { ...metric(), Value: 500, Unit: 'Milliseconds', Timestamp: at(1) },
        ],
      }),
    );

    const stats = await client.send(
      new GetMetricStatisticsCommand({
        ...metric(),
        StartTime: at(0),
        EndTime: at(5),
        Period: 60,
        Statistics: ['Sum', 'SampleCount'],
      }),
    );
    const percentile = await client.send(
      new GetMetricStatisticsCommand({
        ...metric(),
        StartTime: at(0),
        EndTime: at(5),
        Period: 300,
        ExtendedStatistics: ['p99'],
        Unit: 'Milliseconds',
      }),
    );
    const data = await getData([
      statQuery('all', 'Sum'),
      { Id: 'ms', MetricStat: { Metric: metric(), Period: 60, Stat: 'Sum', Unit: 'Milliseconds' } },
      { Id: 'none', MetricStat: { Metric: metric(), Period: 60, Stat: 'Sum', Unit: 'Count' } },
    ]);

    expect(stats).toMatchObject({
      Label: 'Latency',
      Datapoints: [
        { Timestamp: at(1), Sum: 1, SampleCount: 1, Unit: 'Seconds' },
        { Timestamp: at(1), Sum: 500, SampleCount: 1, Unit: 'Milliseconds' },
      ],
    });
    expect(percentile.Datapoints).toEqual([
      { Timestamp: at(0), ExtendedStatistics: { p99: 500 }, Unit: 'Milliseconds' },
    ]);
    expect(data.MetricDataResults?.map((result) => [result.Values, result.Messages])).toEqual([
      [[501], [{ Code: 'MultipleUnits', Value: "Multiple units returned: '[Milliseconds, Seconds]'" }]],
      [[500], undefined],
      [[], undefined],
    ]);
  });

  it('pages by MaxDatapoints: a cut result says PartialData and the next page resumes it', async () => {
    for (let minute = 0; minute < 5; minute += 1) await putLatencies([minute + 1], minute);
    const queries = [statQuery('a', 'Sum'), statQuery('b', 'Maximum', { ReturnData: true })];

    const first = await getData(queries, { MaxDatapoints: 3, ScanBy: 'TimestampAscending' });
    const second = await getData(queries, {
      MaxDatapoints: 3,
      ScanBy: 'TimestampAscending',
      NextToken: first.NextToken,
    });
    const pages = [];
    for await (const page of paginateGetMetricData(
      { client, pageSize: 4 },
      { MetricDataQueries: queries, StartTime: at(0), EndTime: at(10) },
    )) {
      pages.push(
        page.MetricDataResults?.map((result) => [result.Id, result.StatusCode, result.Values?.length]),
      );
    }

    expect(first.MetricDataResults).toEqual([
      {
        Id: 'a',
        Label: 'Latency Sum',
        Timestamps: [at(0), at(1), at(2)],
        Values: [1, 2, 3],
        StatusCode: 'PartialData',
      },
    ]);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.MetricDataResults?.map((result) => [result.Id, result.Values, result.StatusCode])).toEqual([
      ['a', [4, 5], 'Complete'],
      ['b', [1], 'PartialData'],
    ]);
    expect(pages).toEqual([
      [['a', 'PartialData', 4]],
      [
        ['a', 'Complete', 1],
        ['b', 'PartialData', 3],
      ],
      [['b', 'Complete', 2]],
    ]);
  });

  it('evaluates metric math: arithmetic, comparisons, IF, FILL, METRICS() and aggregates', async () => {
    const put = (MetricName: string, points: [number, number][]) =>
      client.send(
        new PutMetricDataCommand({
          Namespace: 'Shop',
          MetricData: points.map(([minute, Value]) => ({
            ...metric(MetricName),
            Value,
            Timestamp: at(minute),
          })),
        }),
      );
    await put('Errors', [
      [0, 1],
      [1, 0],
      [3, 4],
    ]);
    await put('Invocations', [
      [0, 10],
      [1, 0],
      [2, 5],
      [3, 8],
    ]);
    const m = (Id: string, name: string): MetricDataQuery => ({
      Id,
      MetricStat: { Metric: metric(name), Period: 60, Stat: 'Sum' },
      ReturnData: false,
    });
    const out = await getData(
      [
        m('errors', 'Errors'),
        m('invocations', 'Invocations'),
        { Id: 'rate', Expression: '100 * errors / invocations', Label: 'Error rate' },
        { Id: 'sum', Expression: 'errors + invocations' },
        { Id: 'high', Expression: 'errors >= 1 AND invocations > 5' },
        { Id: 'capped', Expression: 'IF(errors > 2, 2, errors)' },
        { Id: 'filled', Expression: 'FILL(errors, 0)' },
        { Id: 'repeated', Expression: 'FILL(errors, REPEAT)' },
        { Id: 'linear', Expression: 'FILL(errors, LINEAR)' },
        { Id: 'all', Expression: 'SUM(METRICS())' },
        { Id: 'inv', Expression: 'METRICS("inv")' },
        { Id: 'peak', Expression: 'invocations - MAX(invocations)' },
      ],
      { StartTime: at(0), EndTime: at(5), ScanBy: 'TimestampAscending' },
    );

    const values = Object.fromEntries(
      (out.MetricDataResults ?? []).map((result) => [
        result.Id,
        [result.Label, result.Timestamps?.map((t) => (t.getTime() - T0) / MINUTE), result.Values],
      ]),
    );
    expect(values).toEqual({
      rate: ['Error rate', [0, 2, 3], [10, 0, 50]],
      sum: ['sum', [0, 1, 2, 3], [11, 0, 5, 12]],
      high: ['high', [0, 1, 2, 3], [1, 0, 0, 1]],
      capped: ['capped', [0, 1, 3], [1, 0, 2]],
      filled: ['filled', [0, 1, 2, 3, 4], [1, 0, 0, 4, 0]],
      repeated: ['repeated', [0, 1, 2, 3, 4], [1, 0, 0, 4, 4]],
      linear: ['linear', [0, 1, 2, 3], [1, 0, 2, 4]],
      all: ['all', [0, 1, 2, 3], [11, 0, 5, 12]],
      inv: ['Invocations', [0, 1, 2, 3], [10, 0, 5, 8]],
      peak: ['peak', [0, 1, 2, 3], [0, -10, -5, -2]],
    });
  });

  it('lists metrics by namespace, name, dimension and recent activity', async () => {
    await putLatencies([1]);
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'Shop',
        MetricData: [
          {
            MetricName: 'Orders',
            Dimensions: [{ Name: 'Region', Value: 'eu' }],
            Value: 1,
            Timestamp: at(-300),
          },
        ],
      }),
    );

    const list = async (input: ListMetricsCommandInput) =>
      (await client.send(new ListMetricsCommand(input))).Metrics?.map((found) => found.MetricName);

    expect(await list({ Namespace: 'Shop' })).toEqual(['Latency', 'Orders']);
    expect(await list({ Namespace: 'Shop', MetricName: 'Orders' })).toEqual(['Orders']);
    expect(await list({ Dimensions: [{ Name: 'Service' }] })).toEqual(['Latency']);
    expect(await list({ Dimensions: [{ Name: 'Region', Value: 'us' }] })).toEqual([]);
    expect(await list({ RecentlyActive: 'PT3H' })).toEqual(['Latency']);
    expect(await list({ Namespace: 'Other' })).toEqual([]);
  });

  it.each([
    [
      'an unknown statistic',
      [statQuery('m1', 'Median')],
      {},
      'ValidationError',
      'The value for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.',
    ],
    [
      'a period that is not a multiple of 60',
      [{ Id: 'm1', MetricStat: { Metric: metric(), Period: 90, Stat: 'Sum' } }],
      {},
      'ValidationError',
      'The parameter MetricDataQueries.member.1.MetricStat.Period must be a multiple of 60, or one of 1, 5, 10, 20 or 30 for high-resolution metrics.',
    ],
    [
      'StartTime after EndTime',
      [statQuery('m1', 'Sum')],
      { StartTime: at(10), EndTime: at(0) },
      'ValidationError',
      'The parameter StartTime must be less than the parameter EndTime.',
    ],
    [
      'StartTime equal to EndTime',
      [statQuery('m1', 'Sum')],
      { StartTime: at(0), EndTime: at(0) },
      'ValidationError',
      'The parameter StartTime must not equal parameter EndTime.',
    ],
    [
      'more than 500 queries',
      Array.from({ length: 501 }, (_, index) => statQuery(`m${index}`, 'Sum')),
      {},
      'ValidationError',
      'The collection MetricDataQueries must not have a size greater than 500.',
    ],
    [
      'a bad expression',
      [statQuery('m1', 'Sum'), { Id: 'e1', Expression: 'm1 * (2 +' }],
      {},
      'ValidationError',
      'Error in expression e1: Unexpected end of expression at position 10',
    ],
    [
      'an expression naming no query',
      [statQuery('m1', 'Sum'), { Id: 'e1', Expression: 'm1 + m2' }],
      {},
      'ValidationError',
      "Error in expression e1: Unrecognized metric or expression id 'm2' at position 6",
    ],
    [
      'a bad id',
      [statQuery('M1', 'Sum')],
      {},
      'ValidationError',
      'The value M1 for parameter MetricDataQueries.member.1.Id is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.',
    ],
  ])('refuses %s with %s', async (_what, queries, extra, code, message) => {
    const error = await getData(queries as MetricDataQuery[], extra).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CloudWatchServiceException);
    expect(error).toMatchObject({
      Code: code,
      message,
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("answers PutMetricData's problems with the model's exceptions", async () => {
    const put = (MetricData: object[], Namespace = 'Shop') =>
      client
        .send(new PutMetricDataCommand({ Namespace, MetricData: MetricData as never }))
        .catch((caught: unknown) => caught);

    expect(await put([{ MetricName: 'x', Value: 1 }], 'AWS/Lambda')).toBeInstanceOf(
      InvalidParameterValueException,
    );
    expect(await put([{ MetricName: 'x', Value: 1, Values: [1] }])).toMatchObject({
      name: 'InvalidParameterCombinationException',
      Code: 'InvalidParameterCombination',
      message:
        'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.',
    });
    expect(
      await put([
        { MetricName: 'x', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } },
      ]),
    ).toBeInstanceOf(InvalidParameterCombinationException);
    expect(await put([{ MetricName: 'x', Values: [1, 2], Counts: [1] }])).toMatchObject({
      Code: 'InvalidParameterValue',
      message:
        'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.',
    });
    expect(await put(Array.from({ length: 1001 }, () => ({ MetricName: 'x', Value: 1 })))).toMatchObject({
      Code: 'InvalidParameterValue',
      message: 'The collection MetricData must not have a size greater than 1000.',
    });
    expect(
      await put([
        {
          MetricName: 'x',
          Value: 1,
          Dimensions: Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' })),
        },
      ]),
    ).toMatchObject({
      Code: 'InvalidParameterValue',
      message: 'The collection MetricData.member.1.Dimensions must not have a size greater than 30.',
    });
    expect(await put([{ MetricName: 'x', Value: 1, Timestamp: at(-15 * 24 * 60) }])).toMatchObject({
      Code: 'InvalidParameterValue',
    });
    expect(
      emulator.cloudWatch.getMetricData({
        metricDataQueries: [
          {
            id: 'x',
            metricStat: { metric: { namespace: 'Shop', metricName: 'x' }, period: 60, stat: 'SampleCount' },
          },
        ],
        startTime: T0 - 60 * MINUTE,
        endTime: T0 + 60 * MINUTE,
      }).metricDataResults[0]?.values,
    ).toEqual([]);
  });

  it("refuses GetMetricStatistics' bad input as CloudWatch does", async () => {
    const stats = (input: object) =>
      client
        .send(
          new GetMetricStatisticsCommand({
            ...metric(),
            StartTime: at(0),
            EndTime: at(5),
            Period: 60,
            ...input,
          } as never),
        )
        .catch((caught: unknown) => caught);

    expect(await stats({ Statistics: ['Median'] })).toMatchObject({
      Code: 'InvalidParameterValue',
      message:
        'The parameter Statistics.member.1 must be a value in the set [ Minimum, Maximum, Average, SampleCount, Sum ].',
    });
    expect(await stats({})).toMatchObject({ Code: 'InvalidParameterCombination' });
    expect(await stats({ Statistics: ['Sum'], StartTime: at(5), EndTime: at(0) })).toMatchObject({
      Code: 'InvalidParameterValue',
      message: 'The parameter StartTime must be less than the parameter EndTime.',
    });
    expect(await stats({ Statistics: ['Sum'], EndTime: at(60 * 24 * 2), Period: 60 })).toMatchObject({
      Code: 'InvalidParameterCombination',
      message:
        'You have requested up to 2880 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    });
  });

  it('throttles by operation name as CloudWatch names it, and the SDK retries', async () => {
    emulator.faults.inject('GetMetricData', { kind: 'throttle' }, { times: 1 });
    const retrying = new CloudWatchClient({
      ...emulator.clientConfig(),
      maxAttempts: 2,
      retryStrategy: undefined,
    });

    const throttled = await getData([statQuery('m1', 'Sum')]).catch((caught: unknown) => caught);
    emulator.faults.inject('PutMetricData', { kind: 'throttle' }, { times: 1 });
    await retrying.send(
      new PutMetricDataCommand({
        Namespace: 'Shop',
        MetricData: [{ ...metric(), Value: 1, Timestamp: at(0) }],
      }),
    );
    retrying.destroy();

    expect(throttled).toMatchObject({
      name: 'Throttling',
      Code: 'Throttling',
      Type: 'Sender',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.faults.hits('PutMetricData')).toBe(1);
    expect(
      emulator.cloudWatch.getMetricData({
        metricDataQueries: [
          {
            id: 'm',
            metricStat: {
              metric: { namespace: 'Shop', metricName: 'Latency', dimensions: { Service: 'orders' } },
              period: 60,
              stat: 'Sum',
            },
          },
        ],
        startTime: at(0),
        endTime: at(1),
      }).metricDataResults[0]?.values,
    ).toEqual([1]);
  });

  it('offers the same operations to the test, camelCase and epoch ms, AWS/ namespaces allowed', () => {
    emulator.cloudWatch.putMetricData({
      namespace: 'AWS/Lambda',
      metricData: [
        {
          metricName: 'Errors',
          dimensions: { FunctionName: 'orders' },
          values: [0, 1],
          counts: [9, 1],
          timestamp: T0,
        },
      ],
    });

    const out = emulator.cloudWatch.getMetricData({
      metricDataQueries: [
        {
          id: 'e',
          metricStat: {
            metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'orders' } },
            period: 60,
            stat: 'Average',
          },
        },
      ],
      startTime: T0,
      endTime: T0 + MINUTE,
    });

    expect(out).toEqual({
      metricDataResults: [
        { id: 'e', label: 'Errors', timestamps: [T0], values: [0.1], statusCode: 'Complete' },
      ],
      messages: [],
    });
    expect(() =>
      emulator.cloudWatch.getMetricData({ metricDataQueries: [], startTime: T0, endTime: T0 }),
    ).toThrow(
      expect.objectContaining({
        constructor: InvalidEmulatorInputError,
        message:
          'Invalid getMetricData() input: ValidationError: The parameter StartTime must not equal parameter EndTime.',
      }),
    );
  });
});

describe('metric retention', () => {
  it('drops samples older than metricRetentionMs on the clock, Lambda and PutMetricData alike', async () => {
    const manual = createManualClock({ startAt: T0 });
    const bounded = await startEmulator({ clock: manual, metricRetentionMs: 60 * MINUTE });
    const put = (minute: number) =>
      bounded.cloudWatch.putMetricData({
        namespace: 'Shop',
        metricData: [{ metricName: 'Orders', value: minute, timestamp: T0 + minute * MINUTE }],
      });
    const sums = () =>
      bounded.cloudWatch.getMetricData({
        metricDataQueries: [
          {
            id: 'o',
            metricStat: { metric: { namespace: 'Shop', metricName: 'Orders' }, period: 60, stat: 'Sum' },
          },
        ],
        startTime: T0 - 180 * MINUTE,
        endTime: T0 + 180 * MINUTE,
        scanBy: 'TimestampAscending',
      }).metricDataResults[0]?.values;

    put(0);
    put(1);
    await manual.advance(30 * MINUTE);
    put(30);
    const before = sums();
    await manual.advance(31 * MINUTE);
    const after = sums();
    await manual.advance(60 * MINUTE);
    const listed = bounded.lambda.listMetrics({ namespace: 'Shop' });
    await bounded.close();

    expect(before).toEqual([0, 1, 30]);
    expect(after).toEqual([1, 30]);
    expect(listed).toEqual([]);
  });

  it('refuses a retention that is not a positive number', async () => {
    await expect(startEmulator({ metricRetentionMs: 0 })).rejects.toThrow(
      expect.objectContaining({ constructor: InvalidEmulatorInputError, path: 'metricRetentionMs' }),
    );
  });
});
