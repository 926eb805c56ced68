import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fillVersions, readSamTemplate, type SamModel } from '../index';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const at = (line: number, column: number) => expect.objectContaining({ line, column });

describe('readSamTemplate on a canary deployment', () => {
  let model: SamModel;
  beforeAll(() => {
    model = readSamTemplate(fixture('canary.yaml'));
  });

  it('reads the parameters, their defaults resolved, and the conditions', () => {
    expect(model.file).toBe(fixture('canary.yaml'));
    expect(model.stack).toEqual({
      name: 'sam-app',
      region: 'us-east-1',
      accountId: '123456789012',
      partition: 'aws',
      urlSuffix: 'amazonaws.com',
    });
    expect(model.parameters).toEqual({
      Stage: { type: 'String', value: 'dev', from: 'default', location: at(6, 3) },
      // A Number parameter is a string wherever it is referred to.
      ErrorThreshold: { type: 'Number', value: '1', from: 'default', location: at(10, 3) },
    });
    expect(model.conditions).toEqual({ IsProd: false });
    expect(model.warnings).toEqual([]);
  });

  it('reads the function with Globals merged, its alias, build and deployment preference', () => {
    const orders = model.functions.find((fn) => fn.logicalId === 'OrdersFunction');
    expect(orders).toEqual({
      logicalId: 'OrdersFunction',
      resourceType: 'AWS::Serverless::Function',
      functionName: 'orders-dev',
      functionNameFrom: 'template',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-dev',
      code: { kind: 'path', path: 'src/orders/' },
      handler: 'app.handler',
      runtime: 'nodejs22.x',
      timeout: 10,
      memorySize: 256,
      architectures: ['arm64'],
      // Globals' variables merged with the function's own; a Ref to a table stays symbolic.
      environment: { STAGE: 'dev', TABLE_NAME: { Ref: 'OrdersTable' } },
      build: {
        method: 'esbuild',
        properties: { EntryPoints: ['app.ts'], Target: 'es2022', Format: 'esm', Sourcemap: true },
      },
      autoPublishAlias: 'live',
      aliasLogicalId: 'OrdersFunctionAliaslive',
      versionLogicalIdPrefix: 'OrdersFunctionVersion',
      versionLogicalId: undefined,
      autoPublishCodeSha256: undefined,
      autoPublishAliasAllProperties: undefined,
      deploymentPreference: {
        enabled: true,
        type: {
          written: 'Canary10Percent5Minutes',
          configName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
          from: 'predefined',
          trafficRouting: { type: 'TimeBasedCanary', percentage: 10, intervalMinutes: 5 },
        },
        hooks: {
          preTraffic: {
            logicalId: 'PreTrafficHook',
            functionName: 'CodeDeployHook_orders-dev-pre-traffic',
            location: at(41, 11),
          },
        },
        alarms: [
          { logicalId: 'ErrorsAlarm', alarmName: 'orders-dev-new-version-errors', location: at(43, 18) },
        ],
        role: undefined,
        triggerConfigurations: undefined,
        passthroughCondition: undefined,
        location: at(38, 7),
      },
      provisionedConcurrency: undefined,
      events: [
        {
          name: 'GetOrder',
          type: 'HttpApi',
          route: {
            apiLogicalId: 'ServerlessHttpApi',
            apiType: 'HttpApi',
            path: '/orders/{id}',
            method: 'GET',
          },
          properties: { Path: '/orders/{id}', Method: 'get' },
          location: at(45, 9),
        },
      ],
      functionUrl: undefined,
      policies: undefined,
      role: undefined,
      condition: undefined,
      location: at(28, 3),
      locations: expect.any(Object),
    });
  });

  it('locates every key it reports, a value from Globals where Globals writes it', () => {
    const orders = model.functions[0]!;
    expect(orders.locations).toMatchObject({
      Type: at(29, 5),
      'Properties.FunctionName': at(31, 7),
      'Properties.Handler': at(33, 7),
      'Properties.Runtime': at(19, 5),
      'Properties.Timeout': at(20, 5),
      'Properties.Architectures[0]': at(22, 21),
      'Properties.Environment.Variables.STAGE': at(25, 9),
      'Properties.Environment.Variables.TABLE_NAME': at(37, 11),
      'Properties.DeploymentPreference.Type': at(39, 9),
      'Properties.DeploymentPreference.Hooks.PreTraffic': at(41, 11),
      'Properties.DeploymentPreference.Alarms[0]': at(43, 18),
      'Properties.Events.GetOrder.Properties.Path': at(48, 13),
      'Metadata.BuildMethod': at(51, 7),
      'Metadata.BuildProperties.Sourcemap': at(56, 9),
    });
    const alarm = model.alarms[0]!;
    expect(alarm.locations).toMatchObject({
      'Properties.Dimensions[2].Value': at(89, 11),
      'Properties.Threshold': at(93, 7),
    });
  });

  it('reads the hook function, its environment holding the version a deployment publishes', () => {
    const hook = model.functions.find((fn) => fn.logicalId === 'PreTrafficHook')!;
    expect(hook).toMatchObject({
      functionName: 'CodeDeployHook_orders-dev-pre-traffic',
      timeout: 300,
      memorySize: 256,
      deploymentPreference: undefined,
      environment: {
        STAGE: 'dev',
        TARGET: {
          'Fn::Join': [
            '',
            ['arn:aws:lambda:us-east-1:123456789012:function:orders-dev:', { versionOf: 'OrdersFunction' }],
          ],
        },
      },
    });
    // Policies are kept as written, for an IAM check.
    expect(hook.policies).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'codedeploy:PutLifecycleEventHookExecutionStatus', Resource: '*' },
        ],
      },
      { LambdaInvokePolicy: { FunctionName: { Ref: 'OrdersFunction' } } },
    ]);
    expect(fillVersions(hook.environment.TARGET!, { OrdersFunction: '7' })).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:orders-dev:7',
    );
  });

  it('resolves the alarm down to its dimensions, the executed version left for the deployment', () => {
    expect(model.alarms).toEqual([
      {
        logicalId: 'ErrorsAlarm',
        resourceType: 'AWS::CloudWatch::Alarm',
        kind: 'metric',
        alarmName: 'orders-dev-new-version-errors',
        alarmNameFrom: 'template',
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-new-version-errors',
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: [
          { name: 'FunctionName', value: 'orders-dev' },
          { name: 'Resource', value: 'orders-dev:live' },
          { name: 'ExecutedVersion', value: { versionOf: 'OrdersFunction' } },
        ],
        statistic: 'Sum',
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        condition: undefined,
        location: at(77, 3),
        locations: expect.any(Object),
      },
    ]);
    expect(fillVersions(model.alarms[0]!.dimensions![2]!.value, { OrdersFunction: '7' })).toBe('7');
  });

  it('routes the HttpApi event through the implicit HTTP API', () => {
    expect(model.apis).toEqual([
      {
        logicalId: 'ServerlessHttpApi',
        type: 'HttpApi',
        implicit: true,
        stageName: '$default',
        routes: [
          {
            apiLogicalId: 'ServerlessHttpApi',
            apiType: 'HttpApi',
            path: '/orders/{id}',
            method: 'GET',
            functionLogicalId: 'OrdersFunction',
            eventName: 'GetOrder',
            location: at(45, 9),
          },
        ],
        location: undefined,
      },
    ]);
  });

  it('takes parameter values from the options, and leaves out what a false condition leaves out', () => {
    const prod = readSamTemplate(fixture('canary.yaml'), {
      parameters: { Stage: 'prod', ErrorThreshold: 5 },
      stackName: 'orders',
      region: 'eu-west-1',
      accountId: '210987654321',
    });
    expect(prod.conditions).toEqual({ IsProd: true });
    expect(prod.parameters.Stage).toEqual({
      type: 'String',
      value: 'prod',
      from: 'option',
      location: at(6, 3),
    });
    expect(prod.functions[0]).toMatchObject({
      functionName: 'orders-prod',
      arn: 'arn:aws:lambda:eu-west-1:210987654321:function:orders-prod',
    });
    expect(prod.alarms[0]).toMatchObject({ threshold: 5, alarmName: 'orders-prod-new-version-errors' });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.functions[0]!.deploymentPreference!.hooks)).toBe(true);
  });

  it('reads the same template written as JSON, located in the JSON file', () => {
    const json = readSamTemplate(fixture('canary.json'));
    const { functions, alarms, apis, parameters, conditions } = model;
    const strip = (value: unknown) =>
      JSON.parse(JSON.stringify(value, (key, item) => (/^locations?$/.test(key) ? undefined : item)));
    expect(strip(json.functions)).toEqual(strip(functions));
    expect(strip(json.alarms)).toEqual(strip(alarms));
    expect(strip(json.apis)).toEqual(strip(apis));
    expect(strip(json.parameters)).toEqual(strip(parameters));
    expect(json.conditions).toEqual(conditions);
    const text = readFileSync(fixture('canary.json'), 'utf8').split('\n');
    const hook = json.functions[0]!.deploymentPreference!.hooks.preTraffic!.location!;
    expect(text[hook.line - 1]!.slice(hook.column - 1)).toMatch(/^"PreTraffic"/);
  });

  it('reads text, naming it as told', () => {
    const text = readFileSync(fixture('canary.yaml'), 'utf8');
    const fromText = readSamTemplate({ text, file: 'template.yaml' });
    expect(fromText.file).toBe('template.yaml');
    expect(fromText.functions[0]!.functionName).toBe('orders-dev');
    expect(readSamTemplate({ text }).file).toBeUndefined();
  });

  it('answers as the README example says', () => {
    const readme = readSamTemplate(fixture('canary.yaml'), {
      parameters: { Stage: 'prod' },
      stackName: 'orders',
    });
    const orders = readme.functions.find((fn) => fn.logicalId === 'OrdersFunction')!;
    expect(orders.deploymentPreference?.type?.configName).toBe(
      'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    );
    expect(orders.deploymentPreference?.type?.trafficRouting).toEqual({
      type: 'TimeBasedCanary',
      percentage: 10,
      intervalMinutes: 5,
    });
    expect(orders.deploymentPreference?.hooks.preTraffic).toMatchObject({
      logicalId: 'PreTrafficHook',
      functionName: expect.stringMatching(/^CodeDeployHook_/),
    });
    const [, resource, executed] = readme.alarms[0]!.dimensions!;
    expect(resource!.value).toBe('orders-prod:live');
    expect(fillVersions(executed!.value, { OrdersFunction: '7' })).toBe('7');
    expect(orders.locations['Properties.Timeout']).toMatchObject({ line: 20, column: 5 });
  });
});
