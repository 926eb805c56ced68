import { createManualClock, type Emulator, startEmulator } from '../index';
import { parseQueryXml } from './xml.test-support';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const LISTS = new Set([
  'MetricDataResults',
  'Timestamps',
  'Values',
  'Messages',
  'Metrics',
  'Dimensions',
  'Datapoints',
]);

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({ clock: createManualClock({ startAt: T0 + 30 * MINUTE }) });
});

afterEach(async () => {
  await emulator.close();
});

/** A query-protocol request as botocore's QuerySerializer writes it (`.member.N` from 1, ISO timestamps). */
async function query(
  params: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(emulator.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Version: '2010-08-01', ...params }).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function json(operation: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(emulator.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `GraniteServiceVersion20100801.${operation}`,
      ...headers,
    },
    body: JSON.stringify(input),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('CloudWatch on the query protocol', () => {
  it('takes a form with .member.N lists and answers <OpResponse><OpResult> with the request id', async () => {
    const put = await query({
      Action: 'PutMetricData',
      Namespace: 'Shop',
      'MetricData.member.1.MetricName': 'Orders',
      'MetricData.member.1.Dimensions.member.1.Name': 'Env',
      'MetricData.member.1.Dimensions.member.1.Value': 'prod',
      'MetricData.member.1.Values.member.1': '2',
      'MetricData.member.1.Values.member.2': '4',
      'MetricData.member.1.Counts.member.1': '1',
      'MetricData.member.1.Counts.member.2': '3',
      'MetricData.member.1.Unit': 'Count',
      'MetricData.member.1.Timestamp': iso(T0 + MINUTE),
    });
    const data = await query({
      Action: 'GetMetricData',
      'MetricDataQueries.member.1.Id': 'm1',
      'MetricDataQueries.member.1.MetricStat.Metric.Namespace': 'Shop',
      'MetricDataQueries.member.1.MetricStat.Metric.MetricName': 'Orders',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name': 'Env',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value': 'prod',
      'MetricDataQueries.member.1.MetricStat.Period': '60',
      'MetricDataQueries.member.1.MetricStat.Stat': 'Sum',
      'MetricDataQueries.member.1.ReturnData': 'true',
      'MetricDataQueries.member.2.Id': 'e1',
      'MetricDataQueries.member.2.Expression': 'm1 / 2',
      'MetricDataQueries.member.2.Label': 'half <&> "quoted"',
      StartTime: iso(T0),
      EndTime: iso(T0 + 10 * MINUTE),
    });

    expect(put.status).toBe(200);
    expect(put.body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>${put.headers.get('x-amzn-requestid')}</RequestId></ResponseMetadata></PutMetricDataResponse>`,
    );
    expect(data.headers.get('content-type')).toBe('text/xml');
    expect(parseQueryXml(data.body, LISTS)).toEqual({
      GetMetricDataResponse: {
        GetMetricDataResult: {
          MetricDataResults: [
            {
              Id: 'm1',
              Label: 'Orders',
              Timestamps: [iso(T0 + MINUTE)],
              Values: ['14'],
              StatusCode: 'Complete',
            },
            {
              Id: 'e1',
              Label: 'half <&> "quoted"',
              Timestamps: [iso(T0 + MINUTE)],
              Values: ['7'],
              StatusCode: 'Complete',
            },
          ],
          Messages: [],
        },
        ResponseMetadata: { RequestId: data.headers.get('x-amzn-requestid') },
      },
    });
  });

  it('answers ListMetrics and GetMetricStatistics in XML, maps as entry/key/value', async () => {
    emulator.cloudWatch.putMetricData({
      namespace: 'Shop',
      metricData: [{ metricName: 'Latency', values: [1, 2, 3, 4], unit: 'Milliseconds', timestamp: T0 }],
    });

    const list = parseQueryXml((await query({ Action: 'ListMetrics', Namespace: 'Shop' })).body, LISTS);
    const stats = await query({
      Action: 'GetMetricStatistics',
      Namespace: 'Shop',
      MetricName: 'Latency',
      StartTime: iso(T0),
      EndTime: iso(T0 + MINUTE),
      Period: '60',
      'ExtendedStatistics.member.1': 'p50',
    });

    expect(list).toMatchObject({
      ListMetricsResponse: {
        ListMetricsResult: { Metrics: [{ Namespace: 'Shop', MetricName: 'Latency', Dimensions: [] }] },
      },
    });
    expect(stats.body).toContain(
      `<Datapoints><member><Timestamp>${iso(T0)}</Timestamp><ExtendedStatistics><entry><key>p50</key><value>2</value></entry></ExtendedStatistics><Unit>Milliseconds</Unit></member></Datapoints>`,
    );
  });

  it('answers errors as <ErrorResponse> with the model status', async () => {
    const bad = await query({
      Action: 'PutMetricData',
      Namespace: 'AWS/EC2',
      'MetricData.member.1.MetricName': 'x',
      'MetricData.member.1.Value': '1',
    });
    const unknown = await query({ Action: 'DescribeDashboards' });

    expect(bad.status).toBe(400);
    expect(parseQueryXml(bad.body, LISTS)).toEqual({
      ErrorResponse: {
        Error: {
          Type: 'Sender',
          Code: 'InvalidParameterValue',
          Message:
            'The value AWS/EC2 for parameter Namespace is invalid: namespaces starting with AWS/ are reserved for AWS services.',
        },
        RequestId: bad.headers.get('x-amzn-requestid'),
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('<Code>InvalidAction</Code>');
  });

  it('throttles in its own words', async () => {
    emulator.faults.inject('ListMetrics', { kind: 'throttle', message: 'Rate exceeded' });

    const throttled = await query({ Action: 'ListMetrics' });

    expect(throttled.status).toBe(400);
    expect(parseQueryXml(throttled.body, LISTS)).toMatchObject({
      ErrorResponse: { Error: { Type: 'Sender', Code: 'Throttling', Message: 'Rate exceeded' } },
    });
  });

  it('leaves requests that are not CloudWatch to the other services', async () => {
    const otherVersion = await query({ Action: 'ListMetrics', Version: '2012-11-05' });
    const codeDeploy = await json(
      'GetDeployment',
      {},
      { 'x-amz-target': 'CodeDeploy_20141006.GetDeployment' },
    );

    expect(otherVersion.status).toBe(404);
    expect(otherVersion.body).toContain('UnknownOperationException');
    expect(codeDeploy.body.__type).not.toContain('cloudwatch');
  });
});

describe('CloudWatch on AWS JSON 1.0, on the wire', () => {
  it('sends timestamps as epoch seconds', async () => {
    emulator.cloudWatch.putMetricData({
      namespace: 'Shop',
      metricData: [{ metricName: 'Orders', value: 1, timestamp: T0 }],
    });

    const out = await json('GetMetricData', {
      MetricDataQueries: [
        {
          Id: 'm1',
          MetricStat: { Metric: { Namespace: 'Shop', MetricName: 'Orders' }, Period: 60, Stat: 'Sum' },
        },
      ],
      StartTime: T0 / 1000,
      EndTime: T0 / 1000 + 600,
    });

    expect(out.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(out.body).toEqual({
      MetricDataResults: [
        { Id: 'm1', Label: 'Orders', Timestamps: [T0 / 1000], Values: [1], StatusCode: 'Complete' },
      ],
      Messages: [],
    });
  });

  it('answers errors with __type, message and x-amzn-query-error; 400 unless in query mode', async () => {
    const input = { Namespace: 'Shop', MetricName: 'x', StartTime: 0, EndTime: 60, Period: 60 };

    const plain = await json('GetMetricStatistics', input);
    const missing = await json(
      'GetMetricData',
      { StartTime: 0, EndTime: 60 },
      { 'x-amzn-query-mode': 'true' },
    );
    const unknown = await json('DescribeDashboards', {});

    expect(plain).toMatchObject({
      status: 400,
      body: {
        __type: 'com.amazonaws.cloudwatch.v2010_08_01#InvalidParameterCombinationException',
        message: 'Must specify either Statistics or ExtendedStatistics.',
      },
    });
    expect(plain.headers.get('x-amzn-query-error')).toBe('InvalidParameterCombination;Sender');
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
    expect(missing.body.__type).toBe(
      'com.amazonaws.cloudwatch.v2010_08_01#MissingRequiredParameterException',
    );
    expect(unknown.body.__type).toBe('UnknownOperationException');
  });

  it('answers server errors as Receiver faults with their status', async () => {
    emulator.faults.inject('GetMetricData', { kind: 'serverError', status: 503 });

    const out = await json('GetMetricData', {});

    expect(out.status).toBe(503);
    expect(out.headers.get('x-amzn-query-error')).toBe('ServiceUnavailable;Receiver');
  });
});
