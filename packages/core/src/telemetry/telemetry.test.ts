import {
  CodeDeployClient,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { CheckFailure, createHook, defineCheck, warnOnly } from '../index';

const appSpec = JSON.stringify({
  Resources: [
    { fn: { Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '1', TargetVersion: '2' } } },
  ],
  Hooks: [{ BeforeAllowTraffic: 'orders-pre' }],
});

describe('default telemetry (Powertools Logger and Metrics)', () => {
  const codeDeploy = mockClient(CodeDeployClient);
  let lines: string[];
  let spies: jest.SpyInstance[];

  beforeEach(() => {
    codeDeploy.reset();
    codeDeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: { computePlatform: 'Lambda', revision: { appSpecContent: { content: appSpec } } },
    });
    codeDeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    lines = [];
    const capture = (chunk: unknown) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  it('logs the verdict as one JSON line and publishes EMF metrics per check and per verdict', async () => {
    const handler = createHook({
      checks: [
        defineCheck('smoke', () => undefined),
        warnOnly(
          defineCheck('latency', () => {
            throw new CheckFailure('slow', { details: { headers: { 'x-api-key': 'k-123' } } });
          }),
        ),
      ],
      awsSdkV3Client: new CodeDeployClient({ region: 'eu-west-1' }),
      env: {},
    });
    await handler(
      { DeploymentId: 'd-ABCDEFGHI', LifecycleEventHookExecutionId: 'exec' },
      { functionName: 'orders-pre', getRemainingTimeInMillis: () => 5000 },
    );
    const json = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const verdicts = json.filter((line) => line.message === 'shiftguard verdict');
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({
      level: 'INFO',
      service: 'shiftguard',
      verdict: {
        status: 'Succeeded',
        checks: [
          { name: 'smoke', status: 'pass' },
          { name: 'latency', status: 'fail' },
        ],
      },
    });
    expect(JSON.stringify(verdicts[0])).not.toContain('k-123');

    const emf = json.filter((line) => line._aws !== undefined);
    const metricNames = emf.flatMap((line) =>
      (line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics.flatMap(
        (set) => set.Metrics.map((metric) => metric.Name),
      ),
    );
    expect(metricNames.sort()).toEqual(
      [
        'CheckDuration',
        'CheckDuration',
        'CheckFailed',
        'CheckPassed',
        'HookDuration',
        'HookSucceeded',
      ].sort(),
    );
    const failed = emf.find((line) => 'CheckFailed' in line);
    expect(failed).toMatchObject({ Check: 'latency', LifecycleEvent: 'BeforeAllowTraffic', CheckFailed: 1 });
    expect(
      (failed!._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]?.Namespace,
    ).toBe('shiftguard');
  });
});
