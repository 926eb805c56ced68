import { junitXml } from './junit';
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type ReportCheck, type ShiftguardReport } from './model';

const check = (overrides: Partial<ReportCheck>): ReportCheck => ({
  name: 'smoke',
  status: 'pass',
  required: true,
  blocking: false,
  durationMs: 12,
  attempts: undefined,
  message: undefined,
  details: undefined,
  ...overrides,
});

const report = (
  checks: readonly ReportCheck[],
  overrides: Partial<ShiftguardReport> = {},
): ShiftguardReport => ({
  $schema: REPORT_SCHEMA_ID,
  schemaVersion: REPORT_SCHEMA_VERSION,
  kind: 'run',
  title: 'orders:live version 3',
  generatedAt: '2026-12-01T10:00:00.000Z',
  outcome: { passed: true, label: 'Checks passed', summary: 'all passed', cause: undefined },
  target: {
    functionName: 'orders',
    logicalId: undefined,
    alias: 'live',
    currentVersion: '2',
    targetVersion: '3',
  },
  deployment: undefined,
  timeline: [],
  weights: [],
  traffic: undefined,
  alarms: [],
  hooks: [
    {
      lifecycleEvent: 'BeforeAllowTraffic',
      functionName: 'CodeDeployHook_pre',
      status: 'Succeeded',
      reason: 'all passed',
      durationMs: 40,
      runs: 1,
      atMs: 40,
      checks,
      logs: [],
    },
  ],
  warnings: [],
  ...overrides,
});

describe('junitXml', () => {
  it('makes one case per check: failures, errors and skips as CI systems read them', () => {
    const xml = junitXml(
      report([
        check({ name: 'smoke', durationMs: 1500 }),
        check({ name: 'latency', status: 'fail', blocking: true, message: 'p99 900 ms > 800 ms' }),
        check({ name: 'schema', status: 'error', blocking: true, message: 'TypeError: boom' }),
        check({ name: 'slow', status: 'timed-out', blocking: true, message: 'timed out after 5000 ms' }),
        check({ name: 'diff', status: 'skipped', message: 'not run: required check "smoke" fail' }),
      ]),
    );

    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(xml).toContain('tests="5" failures="2" errors="1" skipped="1"');
    expect(xml).toContain(
      '<testcase name="smoke" classname="shiftguard.BeforeAllowTraffic.CodeDeployHook_pre" time="1.500"/>',
    );
    expect(xml).toContain(
      '<failure message="p99 900 ms &gt; 800 ms" type="fail">p99 900 ms &gt; 800 ms</failure>',
    );
    expect(xml).toContain('<error message="TypeError: boom" type="error">');
    expect(xml).toContain('<failure message="timed out after 5000 ms" type="timed-out">');
    expect(xml).toContain('<skipped message="not run: required check &quot;smoke&quot; fail"/>');
    // A run has no deployment suite.
    expect(xml).not.toContain('name="deployment"');
  });

  it('passes a non-blocking check that failed, with what it said, since it did not block', () => {
    const xml = junitXml(
      report([check({ name: 'diff', status: 'fail', required: false, message: 'differs' })]),
    );

    expect(xml).toContain('failures="0" errors="0"');
    expect(xml).toContain('<system-out>fail — non-blocking: reported, did not block. differs</system-out>');
  });

  it('keeps markup, quotes and characters XML cannot hold out of the document', () => {
    const xml = junitXml(
      report([
        check({
          name: 'a "quoted" <name> & more',
          status: 'fail',
          blocking: true,
          message: 'bad \u0000byte\u0007 and ]]> and </testcase>\nsecond line',
          details: { body: '<html>' },
        }),
      ]),
    );

    expect(xml).toContain('name="a &quot;quoted&quot; &lt;name&gt; &amp; more"');
    expect(xml).toContain('message="bad \uFFFDbyte\uFFFD and ]]&gt; and &lt;/testcase&gt;"');
    expect(xml).not.toContain('</testcase>\nsecond');
    expect(xml).toContain('&quot;body&quot;: &quot;&lt;html&gt;&quot;'.replaceAll('&quot;', '"'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are what is looked for
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('makes a hook without a verdict one errored case, so CI shows it', () => {
    const base = report([]);
    const xml = junitXml({
      ...base,
      hooks: [
        { ...base.hooks[0]!, status: undefined, reason: 'its run 1 ran past its Lambda timeout', checks: [] },
      ],
    });

    expect(xml).toContain('<testcase name="verdict"');
    expect(xml).toContain('<error message="its run 1 ran past its Lambda timeout" type="NoVerdict">');
  });

  it("adds a simulation's deployment as a case that fails when the new version was not promoted", () => {
    const xml = junitXml(
      report([check({})], {
        kind: 'simulation',
        outcome: {
          passed: false,
          label: 'Rolled back',
          summary: 'Rolled back at +1:00',
          cause: 'alarm errors fired',
        },
        deployment: {
          deploymentId: 'd-1',
          configName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
          status: 'Stopped',
          error: { code: 'ALARM_ACTIVE', message: 'alarm errors is in ALARM' },
          rollback: { deploymentId: 'd-2', status: 'Succeeded' },
          startedAt: '2026-12-01T10:00:00.000Z',
          durationMs: 61_000,
          realDurationMs: 900,
          seed: 1,
          finalAlias: { version: '1', weights: {} },
        },
      }),
    );

    expect(xml).toContain('<testsuite name="deployment"');
    expect(xml).toContain('time="61.000"');
    expect(xml).toContain('<failure message="alarm errors fired" type="ALARM_ACTIVE">');
  });
});
