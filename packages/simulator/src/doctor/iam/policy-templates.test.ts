import { evaluate } from './evaluate';
import { iamInput } from './iam.test-support';
import { isAwsManagedArn, managedPolicyByArn, managedPolicyByName } from './managed-policies';
import { readPolicyDocument } from './policy';
import { policyTemplate } from './policy-templates';
import { IamValues } from './values';

const values = new IamValues(
  iamInput(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
`),
);
const source = { kind: 'template' as const, name: 'the template', path: 'P' };

/** What a template allows, with these parameters. */
function allows(name: string, parameters: Record<string, unknown>, action: string, resource: unknown) {
  const template = policyTemplate(name)!;
  const statements = readPolicyDocument(values, template.document(parameters), 'P', source, false);
  return evaluate(statements, { action, resource: values.string(resource) }).result;
}

describe('the policy templates shiftguard reads (by what they allow)', () => {
  it('LambdaInvokePolicy: the function, its versions and aliases, by name', () => {
    const name = { FunctionName: { Ref: 'Fn' } };
    expect(allows('LambdaInvokePolicy', name, 'lambda:InvokeFunction', { 'Fn::Sub': `\${Fn.Arn}` })).toBe(
      'allowed',
    );
    expect(allows('LambdaInvokePolicy', name, 'lambda:InvokeFunction', { 'Fn::Sub': `\${Fn.Arn}:7` })).toBe(
      'allowed',
    );
    expect(
      allows('LambdaInvokePolicy', name, 'lambda:InvokeFunction', { 'Fn::Sub': `\${Fn.Arn}:live` }),
    ).toBe('allowed');
    expect(allows('LambdaInvokePolicy', name, 'lambda:GetFunction', { 'Fn::Sub': `\${Fn.Arn}` })).toBe(
      'denied',
    );
    const other = 'arn:aws:lambda:us-east-1:123456789012:function:billing';
    expect(allows('LambdaInvokePolicy', name, 'lambda:InvokeFunction', other)).toBe('denied');
  });

  it('CloudWatchPutMetricPolicy, CloudWatchDescribeAlarmHistoryPolicy: one action each, on *', () => {
    expect(allows('CloudWatchPutMetricPolicy', {}, 'cloudwatch:PutMetricData', '*')).toBe('allowed');
    expect(allows('CloudWatchDescribeAlarmHistoryPolicy', {}, 'cloudwatch:DescribeAlarmHistory', '*')).toBe(
      'allowed',
    );
    expect(allows('CloudWatchDescribeAlarmHistoryPolicy', {}, 'cloudwatch:DescribeAlarms', '*')).toBe(
      'denied',
    );
  });

  it('SSMParameterReadPolicy, AWSSecretsManagerGetSecretValuePolicy: the named parameter and secret', () => {
    const parameter = { ParameterName: 'probe/token' };
    const arn = {
      'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/probe/token`,
    };
    expect(allows('SSMParameterReadPolicy', parameter, 'ssm:GetParameter', arn)).toBe('allowed');
    expect(allows('SSMParameterReadPolicy', parameter, 'ssm:PutParameter', arn)).toBe('denied');
    const secret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:probe-AbCdEf';
    expect(
      allows(
        'AWSSecretsManagerGetSecretValuePolicy',
        { SecretArn: secret },
        'secretsmanager:GetSecretValue',
        secret,
      ),
    ).toBe('allowed');
  });

  it('knows no other template', () => {
    expect(policyTemplate('DynamoDBReadPolicy')).toBeUndefined();
  });
});

describe('the managed policies shiftguard reads', () => {
  it('finds them by name and by ARN, its path included', () => {
    expect(managedPolicyByName('AWSCodeDeployRoleForLambda')?.path).toBe('service-role/');
    expect(
      managedPolicyByArn('arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited')?.name,
    ).toBe('AWSCodeDeployRoleForLambdaLimited');
    expect(managedPolicyByArn('arn:aws-cn:iam::aws:policy/AdministratorAccess')?.name).toBe(
      'AdministratorAccess',
    );
    expect(managedPolicyByArn('arn:aws:iam::aws:policy/AWSCodeDeployRoleForLambda')).toBeUndefined();
    expect(managedPolicyByArn('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
    expect(isAwsManagedArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(true);
    expect(isAwsManagedArn('arn:aws:iam::123456789012:policy/mine')).toBe(false);
  });

  it('AWSCodeDeployRoleForLambda invokes only CodeDeployHook_* functions', () => {
    const policy = managedPolicyByName('AWSCodeDeployRoleForLambda')!;
    const statements = readPolicyDocument(values, { Statement: policy.statements }, 'P', source, false);
    const invoke = (name: string) =>
      evaluate(statements, {
        action: 'lambda:InvokeFunction',
        resource: values.string(`arn:aws:lambda:eu-west-1:123456789012:function:${name}`),
      }).result;
    expect(invoke('CodeDeployHook_sam-app-pre-traffic')).toBe('allowed');
    expect(invoke('sam-app-PreTrafficHook-1A2B3C')).toBe('denied');
    expect(
      evaluate(statements, {
        action: 'lambda:UpdateAlias',
        resource: values.string('arn:aws:lambda:x:1:function:f:live'),
      }).result,
    ).toBe('allowed');
    const limited = managedPolicyByName('AWSCodeDeployRoleForLambdaLimited')!;
    const sns = readPolicyDocument(values, { Statement: limited.statements }, 'P', source, false);
    expect(
      evaluate(sns, { action: 'sns:Publish', resource: values.string('arn:aws:sns:x:1:t') }).result,
    ).toBe('denied');
  });
});
