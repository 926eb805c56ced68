/**
 * The whole loop, as in AWS: an alarm put through the real CloudWatch client on the new version's
 * Errors (the alias's ExecutedVersion dimension), canary traffic through the weighted alias, the
 * emulator's CloudWatch evaluating the alarm every minute and its CodeDeploy polling it: the alarm
 * trips during the canary step, the deployment stops and a rollback deployment flips the alias back.
 */
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createManualClock, type Emulator, seededRandom, startEmulator } from '@shiftguard/testing';
import {
  createGroup,
  createOrders,
  deploy,
  deploymentInfo,
  MINUTE,
  START,
  stepTo,
  until,
} from './support/deployments';

let emulator: Emulator;
afterEach(() => emulator.close());

it('an alarm on the new version’s errors trips during the canary step; the deployment stops and rolls back', async () => {
  const clock = createManualClock({ startAt: START });
  // Seeded routing: which requests the 10% canary step sends to version 2 is the same every run.
  emulator = await startEmulator({ clock, random: seededRandom(11) });
  const config = { ...emulator.clientConfig(), maxAttempts: 1 };
  const codeDeploy = new CodeDeployClient(config);
  const cloudWatch = new CloudWatchClient(config);
  const lambda = new LambdaClient(config);
  // The new version fails one request in two: its smoke test could pass; real traffic shows it.
  let calls = 0;
  createOrders(emulator, {
    fn: async () => {
      calls++;
      if (calls % 2 === 1) throw new Error('inventory timeout');
      return { version: 2 };
    },
  });
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: 'orders-new-version-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: 'orders' },
        { Name: 'Resource', Value: 'orders:live' },
        { Name: 'ExecutedVersion', Value: '2' },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  await createGroup(codeDeploy, {
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    alarmConfiguration: { enabled: true, alarms: [{ name: 'orders-new-version-errors' }] },
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
  });
  const deploymentId = await deploy(codeDeploy);
  await clock.advance(0);
  await until(
    () =>
      emulator.lambda.getFunction('orders').aliases.some((alias) => '2' in alias.additionalVersionWeights),
    'the canary step',
  );

  // A minute of traffic through the alias: about a tenth of it reaches version 2.
  for (let request = 0; request < 60; request++) {
    await lambda.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: 'live', Payload: '{}' }));
  }
  expect(
    emulator.lambda
      .invocations({ functionName: 'orders' })
      .some((record) => record.executedVersion === '2' && record.status !== 'succeeded'),
  ).toBe(true);
  await stepTo(clock, START + 3 * MINUTE);
  await until(() => emulator.codeDeploy.getDeployment(deploymentId)?.status === 'Stopped', 'the stop');

  const info = await deploymentInfo(codeDeploy, deploymentId);
  expect(info).toMatchObject({
    status: 'Stopped',
    errorInformation: { code: 'ALARM_ACTIVE' },
    rollbackInfo: { rollbackDeploymentId: expect.stringMatching(/^d-/) },
  });
  expect(info.errorInformation?.message).toMatch(/orders-new-version-errors/);
  const rollback = await deploymentInfo(codeDeploy, info.rollbackInfo?.rollbackDeploymentId as string);
  expect(rollback.rollbackInfo?.rollbackTriggeringDeploymentId).toBe(deploymentId);
  const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
  expect(alias.FunctionVersion).toBe('1');
  expect(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
  // The alarm went to ALARM in the emulator's CloudWatch, with CloudWatch's reason.
  expect(emulator.cloudWatch.alarms().metricAlarms[0]).toMatchObject({
    AlarmName: 'orders-new-version-errors',
    StateValue: 'ALARM',
    StateReason: expect.stringMatching(/^Threshold Crossed: 1 datapoint \[\d/),
  });
});
