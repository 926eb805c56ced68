import * as path from 'node:path';
import {
  InvalidSimulatorOptionsError,
  readSamTemplate,
  SimulatorError,
  TemplateError,
  type TemplateProblem,
} from '../index';

const errorFixture = (name: string) => path.join(__dirname, 'fixtures', 'errors', name);

function thrown(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError, got none');
}

interface Expected {
  problem: TemplateProblem;
  line: number | undefined;
  column: number | undefined;
  path: string;
  says: RegExp;
}

const cases: [string, Expected][] = [
  [
    'yaml-syntax.yaml',
    {
      problem: 'syntax',
      line: 8,
      column: 7,
      path: '',
      says: /Flow sequence in block collection must be sufficiently indented/,
    },
  ],
  [
    'unknown-tag.yaml',
    {
      problem: 'syntax',
      line: 6,
      column: 16,
      path: '',
      says: /!Reference is not a CloudFormation short form \(known: !Ref, /,
    },
  ],
  [
    'no-transform.yaml',
    {
      problem: 'not-sam',
      line: 1,
      column: 1,
      path: '',
      says: /the template has no Transform: a SAM template needs Transform: AWS::Serverless-2016-10-31/,
    },
  ],
  [
    'other-transform.yaml',
    {
      problem: 'not-sam',
      line: 2,
      column: 1,
      path: 'Transform',
      says: /Transform is AWS::LanguageExtensions: a SAM template needs/,
    },
  ],
  [
    'preference-without-alias.yaml',
    {
      problem: 'deployment-preference',
      line: 9,
      column: 7,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference',
      says: /'DeploymentPreference' requires AutoPublishAlias property to be specified/,
    },
  ],
  [
    'hook-missing.yaml',
    {
      problem: 'hook',
      line: 13,
      column: 11,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PreTraffic',
      says: /the PreTraffic hook PreTrafficHook is not a resource of this template \(its functions: OrdersFunction\)/,
    },
  ],
  [
    'hook-not-a-function.yaml',
    {
      problem: 'hook',
      line: 13,
      column: 11,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PostTraffic',
      says: /the PostTraffic hook HookQueue is of type AWS::SQS::Queue, not a function/,
    },
  ],
  [
    'hook-logical-id-as-string.yaml',
    {
      problem: 'hook',
      line: 13,
      column: 11,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PreTraffic',
      says: /"PreTrafficHook" is the logical id of a function written as a plain string: .*named "sam-app-PreTrafficHook" in the stack; write !Ref PreTrafficHook/,
    },
  ],
  [
    'excluded-hook.yaml',
    {
      problem: 'hook',
      line: 19,
      column: 11,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PreTraffic',
      says: /PreTrafficHook is not in the stack: its condition HooksOn is false/,
    },
  ],
  [
    'unknown-deployment-type.yaml',
    {
      problem: 'deployment-type',
      line: 11,
      column: 9,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Type',
      says: /"Canary10Percent5minutes" is not a deployment configuration \(did you mean Canary10Percent5Minutes\?\): use one of the nine predefined Canary10Percent5Minutes, Canary10Percent10Minutes, Canary10Percent15Minutes, Canary10Percent30Minutes, Linear10PercentEvery1Minute, Linear10PercentEvery2Minutes, Linear10PercentEvery3Minutes, Linear10PercentEvery10Minutes, AllAtOnce,/,
    },
  ],
  [
    'alarm-missing.yaml',
    {
      problem: 'alarm',
      line: 14,
      column: 18,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Alarms[1]',
      says: /alarm LatencyAlarm is not a resource of this template \(its alarms: ErrorsAlarm\)/,
    },
  ],
  [
    'alarm-arn.yaml',
    {
      problem: 'alarm',
      line: 13,
      column: 21,
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Alarms[0]',
      says: /!GetAtt ErrorsAlarm.Arn is an attribute of alarm ErrorsAlarm, but CodeDeploy takes alarm names: write !Ref ErrorsAlarm/,
    },
  ],
  [
    'parameter-missing.yaml',
    {
      problem: 'missing-parameter',
      line: 3,
      column: 3,
      path: 'Parameters.Stage',
      says: /parameter Stage has no value: the template gives it no Default and options.parameters gives it none/,
    },
  ],
  [
    'parameter-bad-default.yaml',
    {
      problem: 'invalid-parameter',
      line: 5,
      column: 5,
      path: 'Parameters.Timeout.Default',
      says: /parameter Timeout \(Number\) must be a number, got "thirty" from its Default/,
    },
  ],
  [
    'unresolvable-dimension.yaml',
    {
      problem: 'unresolvable',
      line: 12,
      column: 11,
      path: 'Resources.QueueAlarm.Properties.Dimensions[0].Value',
      says: /the value of dimension QueueName must be known before deployment, but !GetAtt Queue.QueueName \(AWS::SQS::Queue\) is known only once the stack is deployed/,
    },
  ],
  [
    'globals-unsupported.yaml',
    {
      problem: 'shape',
      line: 5,
      column: 5,
      path: 'Globals.Function.FunctionName',
      says: /'FunctionName' is not a supported property of 'Function' in Globals. Must be one of: Handler, Runtime,/,
    },
  ],
];

describe('TemplateError: what is wrong and where', () => {
  it.each([
    ['yaml-syntax.yaml', 'syntax'],
    ['preference-without-alias.yaml', 'no-auto-publish-alias'],
    ['hook-missing.yaml', 'hook-missing'],
    ['hook-not-a-function.yaml', 'hook-not-function'],
    ['hook-logical-id-as-string.yaml', 'hook-logical-id'],
    ['excluded-hook.yaml', 'hook-excluded'],
    ['unknown-deployment-type.yaml', 'unknown-deployment-type'],
    ['alarm-missing.yaml', 'alarm-missing'],
    ['alarm-arn.yaml', 'alarm-arn'],
    ['unresolvable-dimension.yaml', 'unresolvable'],
    ['globals-unsupported.yaml', 'shape'],
  ])('%s: reason %s, and where the value ends', (name, reason) => {
    const error = thrown(() => readSamTemplate(errorFixture(name)));
    expect(error.reason).toBe(reason);
    if (error.problem !== 'syntax') {
      expect(error.endLine).toBeGreaterThanOrEqual(error.line ?? Number.NaN);
      expect(error.endColumn).toEqual(expect.any(Number));
    }
  });

  it.each(cases)('%s', (name, expected) => {
    const file = errorFixture(name);
    const error = thrown(() => readSamTemplate(file));
    expect(error).toBeInstanceOf(SimulatorError);
    expect(error.code).toBe('SG_SIM_TEMPLATE');
    expect({
      problem: error.problem,
      file: error.file,
      line: error.line,
      column: error.column,
      path: error.path,
    }).toEqual({
      problem: expected.problem,
      file,
      line: expected.line,
      column: expected.column,
      path: expected.path,
    });
    expect(error.message).toMatch(expected.says);
    const where = `${file}:${expected.line}:${expected.column}: ${expected.path === '' ? '' : `${expected.path}: `}`;
    expect(error.message.startsWith(where)).toBe(true);
  });

  it('names a parameter value given in the options that breaks AllowedValues', () => {
    const error = thrown(() =>
      readSamTemplate(errorFixture('parameter-missing.yaml'), { parameters: { Stage: 'staging' } }),
    );
    expect(error).toMatchObject({
      problem: 'invalid-parameter',
      path: 'Parameters.Stage',
      line: 3,
      column: 3,
    });
    expect(error.message).toMatch(
      /parameter Stage \(String\) must be one of dev, prod \(AllowedValues\), got "staging" from options.parameters/,
    );
  });

  it('says where a hook PostTraffic or an alarm comes from when Globals writes it', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    AutoPublishAlias: live
    DeploymentPreference:
      Type: Canary10Percent5Minutes
      Alarms: [!Ref Missing]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: index.handler
      Runtime: nodejs22.x
`;
    const error = thrown(() => readSamTemplate({ text, file: 'template.yaml' }));
    expect(error).toMatchObject({
      problem: 'alarm',
      path: 'Globals.Function.DeploymentPreference.Alarms[0]',
      line: 7,
      column: 21,
    });
    expect(error.message).toMatch(
      /^template.yaml:7:21: Globals.Function.DeploymentPreference.Alarms\[0\]: alarm Missing/,
    );
  });

  it('refuses what SAM and CloudFormation refuse, each with its path', () => {
    const base = (resources: string, head = '') =>
      `Transform: AWS::Serverless-2016-10-31\n${head}Resources:\n${resources}`;
    const fn = (props: string) =>
      `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      InlineCode: x\n      Handler: index.handler\n      Runtime: nodejs22.x\n${props}`;
    const refusals: [string, TemplateProblem, string, RegExp][] = [
      [
        base(fn('      DeploymentPreference:\n        Enabled: true\n'), ''),
        'deployment-preference',
        'Resources.Fn.Properties.DeploymentPreference',
        /missing required Property 'Type'/,
      ],
      [
        base(
          fn(
            '      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: AllAtOnce\n        Hooks: [x]\n',
          ),
        ),
        'deployment-preference',
        'Resources.Fn.Properties.DeploymentPreference.Hooks',
        /'Hooks' property of 'DeploymentPreference' must be a dictionary/,
      ],
      [
        base(
          fn(
            '      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: AllAtOnce\n        Hooks:\n          BeforeTraffic: !Ref Fn\n',
          ),
        ),
        'hook',
        'Resources.Fn.Properties.DeploymentPreference.Hooks.BeforeTraffic',
        /takes PreTraffic and PostTraffic/,
      ],
      [
        base(
          fn(
            '      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: AllAtOnce\n        Alarms: !Ref Fn\n',
          ),
        ),
        'deployment-preference',
        'Resources.Fn.Properties.DeploymentPreference.Alarms',
        /Alarms must be a list/,
      ],
      [
        base(
          fn(
            '      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: AllAtOnce\n        Alarm: []\n',
          ),
        ),
        'deployment-preference',
        'Resources.Fn.Properties.DeploymentPreference.Alarm',
        /Alarm is not a DeploymentPreference property; known: Alarms,/,
      ],
      [
        base(
          fn(
            '      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: AllAtOnce\n        Alarms: [!Ref Fn]\n',
          ),
        ),
        'alarm',
        'Resources.Fn.Properties.DeploymentPreference.Alarms[0]',
        /Fn is of type AWS::Serverless::Function, not an alarm/,
      ],
      [
        base(
          fn(
            '      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: AllAtOnce\n        Alarms: [a, b, c, d, e, f, g, h, i, j, k]\n',
          ),
        ),
        'alarm',
        'Resources.Fn.Properties.DeploymentPreference.Alarms',
        /at most 10 alarms, got 11/,
      ],
      [
        base(fn('      AutoPublishAlias: live.v2\n')),
        'shape',
        'Resources.Fn.Properties.AutoPublishAlias',
        /AutoPublishAlias name \('live.v2'\) must contain only alphanumeric characters/,
      ],
      // As SAM: an empty AutoPublishAlias is none, one that resolves to '' names no alias.
      [
        base(fn("      AutoPublishAlias: ''\n      DeploymentPreference:\n        Type: AllAtOnce\n")),
        'deployment-preference',
        'Resources.Fn.Properties.DeploymentPreference',
        /requires AutoPublishAlias/,
      ],
      [
        base(
          fn('      AutoPublishAlias: !Ref Alias\n'),
          "Parameters:\n  Alias:\n    Type: String\n    Default: ''\n",
        ),
        'shape',
        'Resources.Fn.Properties.AutoPublishAlias',
        /Alias name is required to create an alias/,
      ],
      [
        base(fn('      AutoPublishAlias: !GetAtt Fn.Arn\n')),
        'shape',
        'Resources.Fn.Properties.AutoPublishAlias',
        /'AutoPublishAlias' must be a string or a Ref to a template parameter/,
      ],
      [
        base(fn('      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 5\n')),
        'shape',
        'Resources.Fn.Properties.ProvisionedConcurrencyConfig',
        /To set ProvisionedConcurrencyConfig AutoPublishALias must be defined/,
      ],
      [
        base(fn('      Timeout: !If [Missing, 3, 4]\n')),
        'reference',
        'Resources.Fn.Properties.Timeout.Fn::If[0]',
        /condition Missing is not in Conditions \(the template has none\)/,
      ],
      [
        base(fn('      Timeout: !FindInMap [Sizes, small, timeout]\n')),
        'reference',
        'Resources.Fn.Properties.Timeout.Fn::FindInMap[0]',
        /mapping Sizes is not in Mappings/,
      ],
      [
        base(fn('      Timeout: !Select [2, [1, 2]]\n')),
        'shape',
        'Resources.Fn.Properties.Timeout.Fn::Select[0]',
        /index 2 is out of range for a list of 2/,
      ],
      [
        base(fn(`      FunctionName: !Sub "orders-\${Nope}"\n`)),
        'unresolvable',
        'Resources.Fn.Properties.FunctionName',
        /!Ref Nope names no parameter, pseudo parameter or resource of this template/,
      ],
      [
        base(
          fn(
            '      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n            RestApiId: !Ref Nope\n',
          ),
        ),
        'reference',
        'Resources.Fn.Properties.Events.Get.Properties.RestApiId',
        /RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template/,
      ],
      [
        base(
          fn(
            '      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: /x\n',
          ),
        ),
        'shape',
        'Resources.Fn.Properties.Events.Get.Properties',
        /Missing required property 'Method'/,
      ],
      [
        base(fn('      Environment:\n        Variables:\n          V: !GetAtt Fn.Version.Version\n')),
        'reference',
        'Resources.Fn.Properties.Environment.Variables.V.Fn::GetAtt',
        /Fn.Version.Version refers to the version SAM generates for AutoPublishAlias, which Fn does not set/,
      ],
      [
        base(
          '  Fn:\n    Type: AWS::Serverless::Function\n    Condition: Never\n',
          'Conditions:\n  Never: !Equals [a, b]\n  Loop: !Condition Loop\n',
        ),
        'shape',
        'Conditions.Loop.Condition',
        /conditions refer to each other in a circle: Loop → Loop/,
      ],
      [
        base(
          '  Fn:\n    Type: AWS::Serverless::Function\n    Condition: Never\n',
          'Conditions:\n  Never: !Equals [!Ref Fn, b]\n',
        ),
        'shape',
        'Conditions.Never.Fn::Equals[0].Ref',
        /a condition may refer only to parameters, pseudo parameters and mappings/,
      ],
      [base('  Fn:\n    Properties: {}\n'), 'shape', 'Resources.Fn.Type', /resource Fn must have a Type/],
      [
        base('  my-fn:\n    Type: AWS::SQS::Queue\n'),
        'shape',
        'Resources.my-fn',
        /logical id my-fn must be alphanumeric/,
      ],
      [
        'Transform: AWS::Serverless-2016-10-31\nResources: {}\n',
        'shape',
        'Resources',
        /at least one resource/,
      ],
      ['- a list\n', 'shape', '', /a template must be a mapping of sections/],
      ['Transform: AWS::Serverless-2016-10-31\nA: 1\nA: 2\n', 'syntax', '', /Map keys must be unique/],
      [
        base('  Fn:\n    Type: AWS::SQS::Queue\n', 'Parameters:\n  P:\n    Type: Strnig\n    Default: x\n'),
        'shape',
        'Parameters.P.Type',
        /Strnig is not a parameter type/,
      ],
      [
        base('  Fn:\n    Type: AWS::SQS::Queue\n', 'Globals:\n  Functions:\n    Runtime: nodejs22.x\n'),
        'shape',
        'Globals.Functions',
        /'Functions' is not supported in Globals. Must be one of: Api, CapacityProvider, Function,/,
      ],
      [
        base(`${fn('')}    IgnoreGlobals: [Timeout]\n`, 'Globals:\n  Function:\n    Runtime: nodejs22.x\n'),
        'shape',
        'Resources.Fn.IgnoreGlobals[0]',
        /IgnoreGlobals names Timeout, which Globals.Function does not set/,
      ],
    ];
    for (const [text, problem, path, says] of refusals) {
      const error = thrown(() => readSamTemplate({ text, file: 't.yaml' }));
      expect({ problem: error.problem, path: error.path, text }).toEqual({ problem, path, text });
      expect(error.message).toMatch(says);
      expect(error.line).toEqual(expect.any(Number));
    }
  });

  it('says a file cannot be read', () => {
    const error = thrown(() => readSamTemplate(errorFixture('nowhere.yaml')));
    expect(error).toMatchObject({ problem: 'read', file: errorFixture('nowhere.yaml'), line: undefined });
    expect(error.message).toMatch(/nowhere.yaml: cannot be read: ENOENT/);
  });

  it('refuses bad options with InvalidSimulatorOptionsError, naming the option', () => {
    const text =
      'Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage:\n    Type: String\n    Default: dev\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n';
    const bad: [unknown, string, RegExp][] = [
      [{ stackname: 'x' }, 'stackname', /unknown option "stackname"; known options: parameters, stackName/],
      [{ region: 'mars' }, 'region', /region must be a region like us-east-1, got "mars"/],
      [{ accountId: '12' }, 'accountId', /accountId must be 12 digits/],
      [
        { parameters: { Stage: { x: 1 } } },
        'parameters.Stage',
        /must be a string, number, boolean or list of strings/,
      ],
      [
        { parameters: { Stag: 'dev' } },
        'parameters.Stag',
        /parameters.Stag is not a parameter of the template; its parameters: Stage/,
      ],
      [
        { deploymentConfigs: { Mine: { type: 'TimeBasedCanary', percentage: 10 } } },
        'deploymentConfigs.Mine.intervalMinutes',
        /is required/,
      ],
      [{ globalArchitectures: 'merge' }, 'globalArchitectures', /one of concatenate, replace/],
    ];
    for (const [options, optionPath, says] of bad) {
      let caught: unknown;
      try {
        readSamTemplate({ text }, options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidSimulatorOptionsError);
      expect(caught).toMatchObject({ code: 'SG_SIM_INVALID_OPTIONS', path: optionPath });
      expect((caught as Error).message).toMatch(says);
    }
    expect(() => readSamTemplate(42 as never)).toThrow(InvalidSimulatorOptionsError);
  });
});
