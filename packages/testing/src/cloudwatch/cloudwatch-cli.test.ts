import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliMissing, runCli } from '../aws-cli.test-support';
import { type Emulator, startEmulator } from '../index';

/**
 * The AWS CLIs on this machine, each in the protocol it speaks: v1 (botocore >= 1.42.7) sends
 * AWS JSON 1.0, Debian's v2.9 the query protocol. A CLI that is not installed is skipped, saying so.
 */
const CLIS = [
  { name: 'AWS CLI v1 (JSON 1.0)', command: 'aws', version: /^aws-cli\/1\./ },
  { name: 'AWS CLI v2.9 (query)', command: '/usr/bin/aws', version: /^aws-cli\/2\.9\./ },
];

describe.each(CLIS)('CloudWatch through the $name', ({ command, version }) => {
  let emulator: Emulator;
  let dir: string;
  let missing: string | undefined;

  beforeAll(async () => {
    missing = await cliMissing(command, version);
    if (missing !== undefined) console.warn(`Skipping the ${command} tests: ${missing}`);
    dir = mkdtempSync(join(tmpdir(), 'shiftguard-cw-cli-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    emulator = await startEmulator();
  });

  afterEach(async () => {
    await emulator.close();
  });

  const cli = (...args: string[]) => runCli(command, emulator.endpoint, 'cloudwatch', args);

  it('puts metric data and reads it back with get-metric-data --cli-input-json', async () => {
    if (missing !== undefined) return;
    const now = Date.now();
    const put = await cli(
      'put-metric-data',
      '--namespace',
      'Shop',
      '--metric-name',
      'Orders',
      '--dimensions',
      'Env=prod',
      '--value',
      '3',
      '--unit',
      'Count',
    );
    const input = join(dir, `${process.pid}-query.json`);
    writeFileSync(
      input,
      JSON.stringify({
        MetricDataQueries: [
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                Namespace: 'Shop',
                MetricName: 'Orders',
                Dimensions: [{ Name: 'Env', Value: 'prod' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
          { Id: 'e1', Expression: 'm1 * 2', Label: 'double' },
        ],
        StartTime: new Date(now - 10 * 60_000).toISOString(),
        EndTime: new Date(now + 2 * 60_000).toISOString(),
      }),
    );
    const data = await cli('get-metric-data', '--cli-input-json', `file://${input}`);
    const list = await cli('list-metrics', '--namespace', 'Shop');

    expect(put).toMatchObject({ code: 0 });
    expect(data.code).toBe(0);
    const parsed = JSON.parse(data.stdout) as {
      MetricDataResults: { Id: string; Label: string; Values: number[] }[];
    };
    expect(parsed.MetricDataResults.map(({ Id, Label, Values }) => ({ Id, Label, Values }))).toEqual([
      { Id: 'm1', Label: 'Orders', Values: [3] },
      { Id: 'e1', Label: 'double', Values: [6] },
    ]);
    expect(JSON.parse(list.stdout)).toEqual({
      Metrics: [{ Namespace: 'Shop', MetricName: 'Orders', Dimensions: [{ Name: 'Env', Value: 'prod' }] }],
    });
  });

  it('puts, sets and describes an alarm', async () => {
    if (missing !== undefined) return;
    const put = await cli(
      'put-metric-alarm',
      '--alarm-name',
      'orders-errors',
      '--namespace',
      'AWS/Lambda',
      '--metric-name',
      'Errors',
      '--dimensions',
      'Name=FunctionName,Value=orders',
      '--statistic',
      'Sum',
      '--period',
      '60',
      '--evaluation-periods',
      '1',
      '--threshold',
      '1',
      '--comparison-operator',
      'GreaterThanOrEqualToThreshold',
    );
    const set = await cli(
      'set-alarm-state',
      '--alarm-name',
      'orders-errors',
      '--state-value',
      'ALARM',
      '--state-reason',
      'drill',
    );
    const described = await cli('describe-alarms', '--alarm-names', 'orders-errors');
    const history = await cli('describe-alarm-history', '--alarm-name', 'orders-errors');

    expect([put.code, set.code, described.code, history.code]).toEqual([0, 0, 0, 0]);
    expect(JSON.parse(described.stdout)).toMatchObject({
      MetricAlarms: [{ AlarmName: 'orders-errors', StateValue: 'ALARM', StateReason: 'drill', Threshold: 1 }],
      CompositeAlarms: [],
    });
    expect(
      (JSON.parse(history.stdout) as { AlarmHistoryItems: unknown[] }).AlarmHistoryItems.length,
    ).toBeGreaterThan(0);
  });

  it("reports CloudWatch's error code and message", async () => {
    if (missing !== undefined) return;
    const out = await cli(
      'get-metric-statistics',
      '--namespace',
      'Shop',
      '--metric-name',
      'Orders',
      '--start-time',
      '2026-01-01T01:00:00Z',
      '--end-time',
      '2026-01-01T00:00:00Z',
      '--period',
      '60',
      '--statistics',
      'Sum',
    );

    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(
      'An error occurred (InvalidParameterValue) when calling the GetMetricStatistics operation: The parameter StartTime must be less than the parameter EndTime.',
    );
  });
});
