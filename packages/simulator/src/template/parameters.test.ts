import { readSamTemplate, type SamModel, TemplateError } from '../index';

/** A template with `parameters` and one function whose environment shows what `variables` resolve to. */
function template(parameters: string, variables: string, properties = ''): string {
  return `Transform: AWS::Serverless-2016-10-31
Parameters:
${parameters}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: index.handler
      Runtime: nodejs22.x
${properties}      Environment:
        Variables:
${variables}
`;
}

const read = (text: string, options = {}): SamModel => readSamTemplate({ text, file: 't.yaml' }, options);
const env = (model: SamModel) => model.functions[0]!.environment;

function refusal(text: string, options = {}): TemplateError {
  try {
    read(text, options);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('parameters', () => {
  it('holds Number parameters to numbers and their bounds, and gives them as strings', () => {
    const text = template(
      '  Size:\n    Type: Number\n    Default: 256\n    MinValue: 128\n    MaxValue: 1024',
      '          SIZE: !Ref Size',
      '      MemorySize: !Ref Size\n',
    );
    const model = read(text);
    expect(env(model).SIZE).toBe('256');
    expect(model.functions[0]!.memorySize).toBe(256);
    expect(read(text, { parameters: { Size: '1e3' } }).functions[0]!.memorySize).toBe(1000);
    expect(refusal(text, { parameters: { Size: 2048 } }).message).toMatch(
      /must be at most 1024 \(MaxValue\), got "2048"/,
    );
    expect(refusal(text, { parameters: { Size: 64 } }).message).toMatch(
      /must be at least 128 \(MinValue\), got "64"/,
    );
    expect(refusal(text, { parameters: { Size: 'big' } })).toMatchObject({
      problem: 'invalid-parameter',
      path: 'Parameters.Size',
    });
  });

  it('splits a CommaDelimitedList and trims each member, taking a list from the options too', () => {
    const text = template(
      "  Zones:\n    Type: CommaDelimitedList\n    Default: 'a, b ,c'\n    AllowedValues: [a, b, c, d]",
      "          ZONES: !Join ['|', !Ref Zones]",
    );
    expect(env(read(text)).ZONES).toBe('a|b|c');
    expect(read(text).parameters.Zones!.value).toEqual(['a', 'b', 'c']);
    expect(env(read(text, { parameters: { Zones: ['d', 'a'] } })).ZONES).toBe('d|a');
    expect(env(read(text, { parameters: { Zones: 'd' } })).ZONES).toBe('d');
    expect(refusal(text, { parameters: { Zones: 'a,e' } }).message).toMatch(
      /must be one of a, b, c, d \(AllowedValues\), got "e"/,
    );
  });

  it('holds List<Number> items to numbers, AllowedPattern and the lengths to strings', () => {
    const ports = template(
      '  Ports:\n    Type: List<Number>\n    Default: 80,443',
      "          PORTS: !Join [',', !Ref Ports]",
    );
    expect(env(read(ports)).PORTS).toBe('80,443');
    expect(refusal(ports, { parameters: { Ports: '80,http' } }).message).toMatch(
      /must be a number, got "http"/,
    );
    const name = template(
      "  Name:\n    Type: String\n    Default: orders\n    AllowedPattern: '[a-z]+'\n    MinLength: 3\n    MaxLength: 8",
      '          NAME: !Ref Name',
    );
    expect(env(read(name)).NAME).toBe('orders');
    expect(refusal(name, { parameters: { Name: 'Orders' } }).message).toMatch(
      /must be matching AllowedPattern \[a-z\]\+, got "Orders"/,
    );
    expect(refusal(name, { parameters: { Name: 'ab' } }).message).toMatch(/at least 3 characters long/);
    expect(refusal(name, { parameters: { Name: 'abcdefghij' } }).message).toMatch(
      /at most 8 characters long/,
    );
    expect(refusal(name, { parameters: { Name: ['a'] } }).message).toMatch(/must be a single value/);
  });

  it('writes numbers and booleans from the options as CloudFormation does, as strings', () => {
    const text = template("  Flag:\n    Type: String\n    Default: 'false'", '          FLAG: !Ref Flag');
    expect(env(read(text, { parameters: { Flag: true } })).FLAG).toBe('true');
    expect(read(text, { parameters: { Flag: true } }).parameters.Flag).toMatchObject({
      value: 'true',
      from: 'option',
    });
  });

  it('leaves an SSM parameter symbolic unless the options give its value, and says so where it matters', () => {
    const text = template(
      '  Stage:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /orders/stage',
      '          STAGE: !Ref Stage',
      `      FunctionName: !Sub orders-\${Stage}\n`,
    );
    const error = refusal(text);
    expect(error).toMatchObject({ problem: 'unresolvable', path: 'Resources.Fn.Properties.FunctionName' });
    expect(error.message).toMatch(
      /parameter Stage is read from SSM parameter \/orders\/stage when the stack deploys; give its value in options.parameters/,
    );
    const given = read(text, { parameters: { Stage: 'prod' } });
    expect(given.functions[0]).toMatchObject({ functionName: 'orders-prod', environment: { STAGE: 'prod' } });
    const symbolic = read(
      template(
        '  Stage:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /orders/stage',
        '          STAGE: !Ref Stage',
      ),
    );
    expect(env(symbolic).STAGE).toEqual({ Ref: 'Stage' });
    expect(symbolic.parameters.Stage).toMatchObject({ value: '/orders/stage', from: 'default' });
  });

  it('refuses an attribute a parameter cannot have', () => {
    const error = refusal(template('  Stage:\n    Type: String\n    Defualt: dev', '          S: x'));
    expect(error).toMatchObject({ problem: 'shape', path: 'Parameters.Stage.Defualt', line: 5, column: 5 });
  });
});

describe('pseudo parameters', () => {
  const text = template(
    '  Unused:\n    Type: String\n    Default: x',
    [
      '          REGION: !Ref AWS::Region',
      '          ACCOUNT: !Ref AWS::AccountId',
      '          STACK: !Ref AWS::StackName',
      '          STACK_ID: !Ref AWS::StackId',
      '          PARTITION: !Ref AWS::Partition',
      '          SUFFIX: !Ref AWS::URLSuffix',
      "          NOTIFICATIONS: !Join [',', !Ref AWS::NotificationARNs]",
      '          GONE: !Ref AWS::NoValue',
    ].join('\n'),
  );

  it('gives the simulated stack’s defaults', () => {
    expect(env(read(text))).toEqual({
      REGION: 'us-east-1',
      ACCOUNT: '123456789012',
      STACK: 'sam-app',
      STACK_ID:
        'arn:aws:cloudformation:us-east-1:123456789012:stack/sam-app/00000000-0000-4000-8000-000000000000',
      PARTITION: 'aws',
      SUFFIX: 'amazonaws.com',
      NOTIFICATIONS: '',
    });
  });

  it('follows the region into its partition', () => {
    const china = read(text, { region: 'cn-north-1', stackName: 'orders', accountId: '000000000001' });
    expect(env(china)).toMatchObject({
      REGION: 'cn-north-1',
      PARTITION: 'aws-cn',
      SUFFIX: 'amazonaws.com.cn',
      STACK: 'orders',
    });
    expect(china.functions[0]!.arn).toBe('arn:aws-cn:lambda:cn-north-1:000000000001:function:orders-Fn');
    expect(env(read(text, { region: 'us-gov-west-1' })).PARTITION).toBe('aws-us-gov');
  });

  it('refuses a pseudo parameter that does not exist', () => {
    const error = refusal(
      template('  Unused:\n    Type: String\n    Default: x', '          R: !Ref AWS::Regoin'),
    );
    expect(error).toMatchObject({
      problem: 'reference',
      path: 'Resources.Fn.Properties.Environment.Variables.R.Ref',
    });
    expect(error.message).toMatch(/AWS::Regoin is not a pseudo parameter/);
  });

  it('names generated functions after the stack, or as options.physicalName says', () => {
    const named = read(text, {
      physicalName: (id: string, type: string, stack: string) => `${stack}_${id}_${type.length}`,
    });
    expect(named.functions[0]).toMatchObject({
      functionName: 'sam-app_Fn_25',
      functionNameFrom: 'generated',
    });
    expect(read(text, { stackName: `s${'x'.repeat(70)}` }).functions[0]!.functionName).toHaveLength(64);
  });
});
