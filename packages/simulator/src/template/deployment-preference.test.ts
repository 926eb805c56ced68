import * as path from 'node:path';
import {
  deploymentConfigName,
  PREDEFINED_DEPLOYMENT_TYPES,
  predefinedTrafficRouting,
  readSamTemplate,
  type SamModel,
  TemplateError,
} from '../index';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

/** A template with one function `Fn` whose DeploymentPreference is `preference` (YAML, indented 8). */
function withPreference(preference: string, extra = '', head = ''): string {
  return `Transform: AWS::Serverless-2016-10-31
${head}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
      AutoPublishAlias: live
      DeploymentPreference:
${preference}
${extra}`;
}

const read = (text: string, options = {}): SamModel => readSamTemplate({ text, file: 't.yaml' }, options);
const preferenceOf = (model: SamModel) => model.functions[0]!.deploymentPreference!;

describe('DeploymentPreference.Type', () => {
  // CodeDeploy user guide, "Deployment configurations on an AWS Lambda compute platform".
  const table: [string, string, number | undefined, number | undefined][] = [
    ['Canary10Percent5Minutes', 'TimeBasedCanary', 10, 5],
    ['Canary10Percent10Minutes', 'TimeBasedCanary', 10, 10],
    ['Canary10Percent15Minutes', 'TimeBasedCanary', 10, 15],
    ['Canary10Percent30Minutes', 'TimeBasedCanary', 10, 30],
    ['Linear10PercentEvery1Minute', 'TimeBasedLinear', 10, 1],
    ['Linear10PercentEvery2Minutes', 'TimeBasedLinear', 10, 2],
    ['Linear10PercentEvery3Minutes', 'TimeBasedLinear', 10, 3],
    ['Linear10PercentEvery10Minutes', 'TimeBasedLinear', 10, 10],
    ['AllAtOnce', 'AllAtOnce', undefined, undefined],
  ];

  it('knows exactly the nine predefined configurations', () => {
    expect(Object.keys(PREDEFINED_DEPLOYMENT_TYPES)).toEqual(table.map(([name]) => name));
  });

  it.each(table)(
    'maps SAM’s short name %s to CodeDeployDefault.Lambda%s, %s',
    (name, type, percentage, interval) => {
      const routing = type === 'AllAtOnce' ? { type } : { type, percentage, intervalMinutes: interval };
      expect(preferenceOf(read(withPreference(`        Type: ${name}`))).type).toEqual({
        written: name,
        configName: `CodeDeployDefault.Lambda${name}`,
        from: 'predefined',
        trafficRouting: routing,
      });
      // The full name is predefined too; SAM passes it through unchanged.
      expect(
        preferenceOf(read(withPreference(`        Type: CodeDeployDefault.Lambda${name}`))).type,
      ).toEqual({
        written: `CodeDeployDefault.Lambda${name}`,
        configName: `CodeDeployDefault.Lambda${name}`,
        from: 'predefined',
        trafficRouting: routing,
      });
      expect(deploymentConfigName(name)).toBe(`CodeDeployDefault.Lambda${name}`);
      expect(predefinedTrafficRouting(`CodeDeployDefault.Lambda${name}`)).toEqual(routing);
    },
  );

  it('takes the type from a parameter or an Fn::If', () => {
    const head = `Parameters:
  Rollout:
    Type: String
    Default: Linear10PercentEvery2Minutes
Conditions:
  Fast: !Equals [!Ref Rollout, AllAtOnce]
`;
    const byParameter = read(withPreference('        Type: !Ref Rollout', '', head));
    expect(preferenceOf(byParameter).type?.configName).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
    );
    const byIf = read(
      withPreference('        Type: !If [Fast, AllAtOnce, Canary10Percent30Minutes]', '', head),
    );
    expect(preferenceOf(byIf).type?.configName).toBe('CodeDeployDefault.LambdaCanary10Percent30Minutes');
    const fast = read(
      withPreference('        Type: !If [Fast, AllAtOnce, Canary10Percent30Minutes]', '', head),
      {
        parameters: { Rollout: 'AllAtOnce' },
      },
    );
    expect(preferenceOf(fast).type?.configName).toBe('CodeDeployDefault.LambdaAllAtOnce');
  });

  it('takes a custom configuration of the template, by Ref or by name', () => {
    const model = readSamTemplate(fixture('custom-config.yaml'));
    expect(model.deploymentConfigs).toEqual([
      {
        logicalId: 'CanaryTwentyPercent',
        configName: 'Canary20Percent3Minutes',
        computePlatform: 'Lambda',
        trafficRouting: { type: 'TimeBasedCanary', percentage: 20, intervalMinutes: 3 },
        location: expect.objectContaining({ line: 28, column: 3 }),
      },
      {
        logicalId: 'SlowLinear',
        configName: 'sam-app-SlowLinear',
        computePlatform: 'Lambda',
        trafficRouting: { type: 'TimeBasedLinear', percentage: 25, intervalMinutes: 4 },
        location: expect.objectContaining({ line: 36, column: 3 }),
      },
    ]);
    const [byRef, byName] = model.functions.map((fn) => fn.deploymentPreference!.type);
    expect(byRef).toEqual({
      written: 'Canary20Percent3Minutes',
      configName: 'Canary20Percent3Minutes',
      from: 'template',
      trafficRouting: { type: 'TimeBasedCanary', percentage: 20, intervalMinutes: 3 },
      logicalId: 'CanaryTwentyPercent',
    });
    expect(byName).toMatchObject({
      configName: 'sam-app-SlowLinear',
      from: 'template',
      logicalId: 'SlowLinear',
    });
  });

  it('takes a custom configuration named in options.deploymentConfigs', () => {
    const routing = { type: 'TimeBasedLinear', percentage: 50, intervalMinutes: 1 } as const;
    const model = read(withPreference('        Type: TeamHalfAndHalf'), {
      deploymentConfigs: { TeamHalfAndHalf: routing },
    });
    expect(preferenceOf(model).type).toEqual({
      written: 'TeamHalfAndHalf',
      configName: 'TeamHalfAndHalf',
      from: 'option',
      trafficRouting: routing,
    });
    expect(() => read(withPreference('        Type: TeamHalfAndHalf'))).toThrow(
      expect.objectContaining({
        problem: 'deployment-type',
        path: 'Resources.Fn.Properties.DeploymentPreference.Type',
      }),
    );
  });

  it('refuses a configuration of another compute platform, and says a logical id needs !Ref', () => {
    expect(() => read(withPreference('        Type: CodeDeployDefault.ECSAllAtOnce'))).toThrow(
      /"CodeDeployDefault.ECSAllAtOnce" is not a deployment configuration: use one of the nine predefined/,
    );
    const text = withPreference(
      '        Type: MyConfig',
      `  MyConfig:
    Type: AWS::CodeDeploy::DeploymentConfig
    Properties:
      ComputePlatform: Lambda
      TrafficRoutingConfig:
        Type: AllAtOnce
`,
    );
    expect(() => read(text)).toThrow(
      /MyConfig is the logical id of a deployment configuration: write !Ref MyConfig/,
    );
  });
});

describe('DeploymentPreference.Enabled, as SAM decides it', () => {
  it.each(['false', "'false'", "'False'", 'no'])('Enabled: %s turns the deployment off', (written) => {
    // Off needs neither AutoPublishAlias checks nor a Type: SAM generates nothing.
    const model = read(withPreference(`        Enabled: ${written}`));
    expect(preferenceOf(model)).toMatchObject({
      enabled: false,
      type: undefined,
      hooks: {},
      alarms: undefined,
    });
  });

  it("keeps it on for any other value, a quoted 'no' and 'FALSE' among them", () => {
    for (const written of ['true', "'no'", "'FALSE'"]) {
      expect(
        preferenceOf(read(withPreference(`        Enabled: ${written}\n        Type: AllAtOnce`))).enabled,
      ).toBe(true);
    }
  });

  it('resolves a parameter, but warns that SAM treats an Fn::If as on whatever it resolves to', () => {
    const head = `Parameters:
  Canary:
    Type: String
    Default: 'false'
Conditions:
  Never: !Equals [a, b]
`;
    expect(
      preferenceOf(read(withPreference('        Enabled: !Ref Canary\n        Type: AllAtOnce', '', head)))
        .enabled,
    ).toBe(false);
    const model = read(
      withPreference('        Enabled: !If [Never, true, false]\n        Type: AllAtOnce', '', head),
    );
    expect(preferenceOf(model).enabled).toBe(true);
    expect(model.warnings).toEqual([
      expect.objectContaining({
        kind: 'enabled-unresolvable',
        path: 'Resources.Fn.Properties.DeploymentPreference.Enabled',
        line: 17,
        column: 9,
        message: expect.stringMatching(/SAM treats it as enabled, whatever it resolves to later/),
      }),
    ]);
  });
});

describe('DeploymentPreference hooks and alarms', () => {
  const hooks = (pre: string, post: string) =>
    withPreference(
      `        Type: AllAtOnce\n        Hooks:\n          PreTraffic: ${pre}\n          PostTraffic: ${post}`,
      `  PreHook:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: CodeDeployHook_pre
      InlineCode: x
      Handler: index.handler
      Runtime: nodejs22.x
  PostHook:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/hook
      Code:
        ZipFile: exports.handler = async () => 'ok';
`,
    );

  it('takes hooks by Ref (a Lambda function too), by name and by ARN', () => {
    const model = read(hooks('!Ref PreHook', '!Ref PostHook'));
    expect(preferenceOf(model).hooks).toEqual({
      preTraffic: {
        logicalId: 'PreHook',
        functionName: 'CodeDeployHook_pre',
        location: expect.objectContaining({ line: 13 }),
      },
      postTraffic: {
        logicalId: 'PostHook',
        functionName: 'sam-app-PostHook',
        location: expect.objectContaining({ line: 14 }),
      },
    });
    const byName = read(hooks('CodeDeployHook_pre', '!GetAtt PostHook.Arn'));
    expect(preferenceOf(byName).hooks).toMatchObject({
      preTraffic: { logicalId: 'PreHook', functionName: 'CodeDeployHook_pre' },
      postTraffic: { logicalId: 'PostHook', functionName: 'sam-app-PostHook' },
    });
    expect(byName.warnings).toEqual([
      expect.objectContaining({
        kind: 'hook-arn',
        message: expect.stringMatching(/the PostTraffic hook is the ARN of PostHook/),
      }),
    ]);
    expect(model.functions.map((fn) => fn.resourceType)).toEqual([
      'AWS::Serverless::Function',
      'AWS::Serverless::Function',
      'AWS::Lambda::Function',
    ]);
    expect(model.functions[2]).toMatchObject({
      code: { kind: 'inline' },
      deploymentPreference: undefined,
      events: [],
    });
  });

  it('keeps a hook named outside the template, with a warning', () => {
    const model = read(hooks('CodeDeployHook_shared', '!Ref AWS::NoValue'));
    expect(preferenceOf(model).hooks).toEqual({
      preTraffic: {
        logicalId: undefined,
        functionName: 'CodeDeployHook_shared',
        location: expect.any(Object),
      },
    });
    expect(model.warnings).toEqual([
      expect.objectContaining({
        kind: 'hook-outside-stack',
        path: 'Resources.Fn.Properties.DeploymentPreference.Hooks.PreTraffic',
        message: expect.stringMatching(
          /no function of this template: CodeDeploy will invoke a function of that name outside the stack/,
        ),
      }),
    ]);
  });

  const alarms = (written: string, head = '') =>
    withPreference(
      `        Type: AllAtOnce\n${written}`,
      `  ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: orders-errors
      Namespace: AWS/Lambda
      MetricName: Errors
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
  Composite:
    Type: AWS::CloudWatch::CompositeAlarm
    Properties:
      AlarmRule: !Sub ALARM(\${ErrorsAlarm})
`,
      head,
    );

  it('tells absent alarms (the group keeps what it had) from an empty list (the group watches none)', () => {
    expect(preferenceOf(read(alarms(''))).alarms).toBeUndefined();
    expect(preferenceOf(read(alarms('        Alarms: !Ref AWS::NoValue'))).alarms).toBeUndefined();
    expect(preferenceOf(read(alarms('        Alarms: []'))).alarms).toEqual([]);
  });

  it('takes alarms by Ref (a composite one too), by name, through Fn::If, and names from outside with a warning', () => {
    const head = 'Conditions:\n  Always: !Equals [a, a]\n';
    const model = read(
      alarms(
        `        Alarms:\n          - !Ref ErrorsAlarm\n          - !Ref Composite\n          - orders-errors\n          - !If [Always, shared-alarm, !Ref AWS::NoValue]\n          - !If [Always, !Ref AWS::NoValue, never]`,
        head,
      ),
    );
    expect(preferenceOf(model).alarms).toEqual([
      { logicalId: 'ErrorsAlarm', alarmName: 'orders-errors', location: expect.any(Object) },
      { logicalId: 'Composite', alarmName: 'sam-app-Composite', location: expect.any(Object) },
      { logicalId: 'ErrorsAlarm', alarmName: 'orders-errors', location: expect.any(Object) },
      { logicalId: undefined, alarmName: 'shared-alarm', location: expect.any(Object) },
    ]);
    expect(model.warnings.map((warning) => [warning.kind, warning.path])).toEqual([
      ['alarm-outside-stack', 'Resources.Fn.Properties.DeploymentPreference.Alarms[3].Fn::If[1]'],
    ]);
    expect(model.alarms.find((alarm) => alarm.kind === 'composite')).toMatchObject({
      logicalId: 'Composite',
      alarmRule: 'ALARM(orders-errors)',
    });
    const chosen = read(alarms('        Alarms: !If [Always, [!Ref ErrorsAlarm], !Ref AWS::NoValue]', head));
    expect(preferenceOf(chosen).alarms).toEqual([expect.objectContaining({ logicalId: 'ErrorsAlarm' })]);
  });

  it('keeps Role and TriggerConfigurations, resolved where they can be', () => {
    const model = read(
      alarms(`        Role: !Sub arn:aws:iam::\${AWS::AccountId}:role/deployer
        PassthroughCondition: true
        TriggerConfigurations:
          - TriggerEvents: [DeploymentFailure]
            TriggerName: failures
            TriggerTargetArn: !Ref Topic`),
    );
    expect(preferenceOf(model)).toMatchObject({
      role: 'arn:aws:iam::123456789012:role/deployer',
      passthroughCondition: true,
      triggerConfigurations: [
        { TriggerEvents: ['DeploymentFailure'], TriggerName: 'failures', TriggerTargetArn: { Ref: 'Topic' } },
      ],
    });
    expect(model.warnings).toEqual([
      expect.objectContaining({
        kind: 'unknown-reference',
        message: expect.stringMatching(/!Ref Topic names no parameter, pseudo parameter or resource/),
      }),
    ]);
  });

  it('reads a preference written in Globals, merged with the function’s own', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    AutoPublishAlias: live
    DeploymentPreference:
      Type: Canary10Percent10Minutes
      Hooks:
        PreTraffic: !Ref Hook
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: index.handler
      Runtime: nodejs22.x
      DeploymentPreference:
        Type: Linear10PercentEvery1Minute
  Hook:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: index.handler
      Runtime: nodejs22.x
      DeploymentPreference:
        Enabled: false
`;
    const model = read(text);
    const [fn, hook] = model.functions;
    expect(fn!.deploymentPreference).toMatchObject({
      enabled: true,
      type: { configName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' },
      hooks: { preTraffic: { logicalId: 'Hook', location: expect.objectContaining({ line: 8, column: 9 }) } },
    });
    expect(fn!.locations['Properties.DeploymentPreference.Hooks.PreTraffic']).toMatchObject({
      line: 8,
      column: 9,
    });
    expect(fn!.locations['Properties.DeploymentPreference.Type']).toMatchObject({ line: 17, column: 9 });
    expect(hook!.deploymentPreference).toMatchObject({ enabled: false });
    expect(() => read(text.replace('    AutoPublishAlias: live\n', ''))).toThrow(TemplateError);
  });
});
