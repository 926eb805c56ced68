import * as path from 'node:path';
import { readSamTemplate, SHORT_FORM_TAGS, TemplateError } from '../index';
import { parseTemplate } from './parse';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

function parse(text: string): unknown {
  const result = parseTemplate(text, '1.1');
  if (!result.ok) throw new Error(result.problem.message);
  return result.template.value;
}

describe('short-form tags', () => {
  it.each(Object.entries(SHORT_FORM_TAGS))(
    '!%s maps to %s as a scalar, a sequence and a mapping',
    (short, long) => {
      expect(parse(`A: !${short} x\n`)).toEqual({ A: { [long]: short === 'GetAtt' ? ['x'] : 'x' } });
      expect(parse(`A: !${short} [x, 'y']\n`)).toEqual({ A: { [long]: ['x', 'y'] } });
      expect(parse(`A: !${short}\n  - x\n  - y\n`)).toEqual({ A: { [long]: ['x', 'y'] } });
      expect(parse(`A: !${short} { k: v }\n`)).toEqual({ A: { [long]: { k: 'v' } } });
    },
  );

  it('splits a scalar !GetAtt at its first dot only, as the AWS CLI does', () => {
    expect(parse('A: !GetAtt Fn.Arn\n')).toEqual({ A: { 'Fn::GetAtt': ['Fn', 'Arn'] } });
    expect(parse('A: !GetAtt Fn.Version.Version\n')).toEqual({
      A: { 'Fn::GetAtt': ['Fn', 'Version.Version'] },
    });
    expect(parse('A: !GetAtt [Fn.Version, Version]\n')).toEqual({
      A: { 'Fn::GetAtt': ['Fn.Version', 'Version'] },
    });
  });

  it('nests tags inside tags, in the long form all the way down', () => {
    expect(parse("A: !If [C, !Join ['', [a, !Ref B]], !Ref AWS::NoValue]\n")).toEqual({
      A: { 'Fn::If': ['C', { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }, { Ref: 'AWS::NoValue' }] },
    });
    expect(parse(`A: !Sub\n  - \${X}\n  - X: !GetAtt R.Arn\n`)).toEqual({
      A: { 'Fn::Sub': [`\${X}`, { X: { 'Fn::GetAtt': ['R', 'Arn'] } }] },
    });
  });

  it('keeps an unquoted date a string, as CloudFormation reads AWSTemplateFormatVersion', () => {
    expect(parse('AWSTemplateFormatVersion: 2010-09-09\n')).toEqual({
      AWSTemplateFormatVersion: '2010-09-09',
    });
  });

  it('reads YAML 1.1 by default, as PyYAML does (yes is true, y is not), and 1.2 when told', () => {
    expect(parse('A: yes\nB: y\nC: off\n')).toEqual({ A: true, B: 'y', C: false });
    const result = parseTemplate('A: yes\n', '1.2');
    expect(result.ok && result.template.value).toEqual({ A: 'yes' });
  });

  it('follows anchors and merge keys', () => {
    expect(parse('B: &b { K: 1 }\nA:\n  <<: *b\n  L: 2\n')).toEqual({ B: { K: 1 }, A: { K: 1, L: 2 } });
  });
});

describe('intrinsics resolved for the simulated stack', () => {
  const model = readSamTemplate(fixture('intrinsics.yaml'), { imports: { 'shared-vpc-id': 'vpc-123' } });
  const fn = model.functions[0]!;
  const env = fn.environment;

  it('evaluates Conditions: Fn::Equals, Fn::Not, Fn::Or, Fn::And, Condition', () => {
    expect(model.conditions).toEqual({
      IsProd: true,
      IsDev: false,
      ProdOrDev: true,
      ProdInUsEast1: true,
      // A Number parameter is the string "3", which Fn::Equals holds equal to 3.
      CountIsThree: true,
    });
  });

  it('resolves Ref to parameters and pseudo parameters, Fn::Sub with and without variables', () => {
    expect(env.REF).toBe('prod');
    expect(env.REGION).toBe('us-east-1');
    expect(env.SUB).toBe(`sam-app-prod-\${Literal}`);
    expect(env.SUB_VARIABLES).toBe('api-prod.execute-api.us-east-1.amazonaws.com');
    expect(env.SUB_LONG).toBe('count=3');
  });

  it('resolves Fn::GetAtt in the dotted and the list forms, and SAM’s Fn.Version and Fn.Alias', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:sam-app-Fn';
    expect(env.GETATT_DOTTED).toBe(arn);
    expect(env.GETATT_LIST).toBe(arn);
    expect(env.VERSION_DOTTED).toEqual({ versionOf: 'Fn' });
    expect(env.VERSION_LIST).toEqual({ versionOf: 'Fn' });
    expect(env.ALIAS_ARN).toBe(`${arn}:live`);
    expect(env.SUB_GETATT).toBe(`\${Fn.Arn}`);
    expect(env.SUB_GETATT_REAL).toBe(`${arn}|${arn}:live`);
    // Another resource's attribute is known only once deployed: left in long form.
    expect(env.TABLE).toEqual({ 'Fn::GetAtt': ['Table', 'Arn'] });
  });

  it('resolves Fn::Join, Fn::If (AWS::NoValue leaves the key out), Fn::Select, Fn::Split, Fn::Base64', () => {
    // A CommaDelimitedList's items are space-trimmed.
    expect(env.JOIN_LIST_PARAMETER).toBe('subnet-a,subnet-b,subnet-c');
    expect(env.IF_TRUE).toBe('big');
    expect('IF_NO_VALUE' in env).toBe(false);
    expect(env.SELECT).toBe('subnet-b');
    expect(env.SELECT_SPLIT).toBe('c');
    expect(env.SELECT_STRING_INDEX).toBe('x');
    expect(env.BASE64).toBe('aGVsbG8=');
    expect(env.CONDITIONS).toBe('ace');
  });

  it('resolves Fn::FindInMap, and properties that decide the deployment through it', () => {
    expect(fn.autoPublishAlias).toBe('live');
    expect(fn.aliasLogicalId).toBe('FnAliaslive');
    expect(fn.memorySize).toBe(1024);
    expect(fn.timeout).toBe(30);
  });

  it('takes Fn::ImportValue from options.imports, and leaves what only a deployment knows symbolic', () => {
    expect(env.IMPORT).toBe('vpc-123');
    expect(env.AZ).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(env.CIDR).toEqual({ 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }] });
    const withoutImports = readSamTemplate(fixture('intrinsics.yaml'));
    expect(withoutImports.functions[0]!.environment.IMPORT).toEqual({ 'Fn::ImportValue': 'shared-vpc-id' });
  });

  it('follows the dev branch of every condition when Stage is dev', () => {
    const dev = readSamTemplate(fixture('intrinsics.yaml'), { parameters: { Stage: 'dev' } });
    expect(dev.conditions).toMatchObject({
      IsProd: false,
      IsDev: true,
      ProdOrDev: true,
      ProdInUsEast1: false,
    });
    const devFn = dev.functions[0]!;
    expect(devFn).toMatchObject({ autoPublishAlias: 'dev', memorySize: 128, timeout: 5 });
    expect(devFn.environment).toMatchObject({ IF_TRUE: 'small', IF_NO_VALUE: 'dropped', CONDITIONS: 'ade' });
  });

  it('resolves Fn::FindInMap with a DefaultValue when the key is missing', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Mappings:
  M:
    a:
      k: found
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: index.handler
      Runtime: nodejs22.x
      Environment:
        Variables:
          FOUND: !FindInMap [M, a, k]
          DEFAULTED: !FindInMap [M, b, k, { DefaultValue: fallback }]
`;
    expect(readSamTemplate({ text }).functions[0]!.environment).toEqual({
      FOUND: 'found',
      DEFAULTED: 'fallback',
    });
  });

  it('refuses an intrinsic it cannot resolve where the deployment depends on it, naming the property', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: !GetAtt Table.StreamArn
      Runtime: nodejs22.x
`;
    expect(() => readSamTemplate({ text, file: 't.yaml' })).toThrow(
      expect.objectContaining({
        problem: 'unresolvable',
        path: 'Resources.Fn.Properties.Handler',
        line: 9,
        column: 7,
        message:
          't.yaml:9:7: Resources.Fn.Properties.Handler: Handler must be known before deployment, but !GetAtt Table.StreamArn (AWS::DynamoDB::Table) is known only once the stack is deployed',
      }),
    );
    expect(() => readSamTemplate({ text })).toThrow(TemplateError);
  });
});
