import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { AlarmRegistry } from '../cloudwatch/alarms';
import { FakeDataSource } from '../cloudwatch/alarms/fake-data-source.test-support';
import { createManualClock, type DeploymentAlarmSource, type Emulator, startEmulator } from '../index';

const START = Date.UTC(2024, 6, 1, 10, 0, 0);
const MINUTE = 60_000;

let emulator: Emulator;
let client: CodeDeployClient;
let registry: AlarmRegistry;

afterEach(async () => {
  registry.stop();
  client.destroy();
  await emulator.close();
});

it("reads the CloudWatch alarm registry's states: an alarm its evaluation raises stops the deployment", async () => {
  const clock = createManualClock({ startAt: START });
  const data = new FakeDataSource();
  registry = new AlarmRegistry({ clock, dataSource: data });
  // The registry is what the emulator's CloudWatch answers DescribeAlarms from: it is a source as is.
  const source: DeploymentAlarmSource = registry;
  emulator = await startEmulator({ clock, codeDeploy: { alarms: source } });
  client = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  registry.putMetricAlarm({
    AlarmName: 'orders-errors',
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
  registry.start();
  emulator.lambda.createFunction({ functionName: 'orders', handler: { fn: async () => 'v1' } });
  emulator.lambda.publishVersion('orders');
  emulator.lambda.publishVersion('orders', { handler: { fn: async () => 'v2' } });
  emulator.lambda.createAlias('orders', 'live', '1');
  await client.send(new CreateApplicationCommand({ applicationName: 'orders', computePlatform: 'Lambda' }));
  await client.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'orders',
      deploymentGroupName: 'live',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/CodeDeploy',
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      alarmConfiguration: { enabled: true, alarms: [{ name: 'orders-errors' }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
    }),
  );
  const appSpec = {
    version: 0.0,
    Resources: [
      {
        orders: {
          Type: 'AWS::Lambda::Function',
          Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '1', TargetVersion: '2' },
        },
      },
    ],
  };
  const { deploymentId } = await client.send(
    new CreateDeploymentCommand({
      applicationName: 'orders',
      deploymentGroupName: 'live',
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: JSON.stringify(appSpec) } },
    }),
  );

  // Errors in the minute from 2 to 3: the evaluation at 3 raises the alarm, the next poll sees it.
  data.set('orders-errors', START + 2 * MINUTE, 5);
  await clock.advance(5 * MINUTE);

  const deployment = emulator.codeDeploy.getDeployment(deploymentId as string);
  expect(deployment).toMatchObject({ status: 'Stopped', errorInformation: { code: 'ALARM_ACTIVE' } });
  expect(deployment.completeTime).toBeGreaterThanOrEqual(START + 3 * MINUTE);
  expect(deployment.completeTime).toBeLessThanOrEqual(START + 4 * MINUTE);
  expect(registry.describeAlarms({ AlarmNames: ['orders-errors'] }).MetricAlarms[0]?.StateValue).toBe(
    'ALARM',
  );
  expect(emulator.lambda.getFunction('orders').aliases[0]).toMatchObject({
    functionVersion: '1',
    additionalVersionWeights: {},
  });
});
