import { applies, type Decision, evaluate, type Request } from './evaluate';
import { iamInput } from './iam.test-support';
import { opaqueStatement, type PolicySource, readPolicyDocument, type Statement } from './policy';
import { IamValues } from './values';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
      AutoPublishAlias: live
  Named:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-api
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
`;

const values = new IamValues(iamInput(TEMPLATE));
const source: PolicySource = { kind: 'inline', name: 'the test policy', path: 'P' };

/** Statements from a policy document written as JSON, intrinsics in long form. */
const statements = (...statement: unknown[]): Statement[] =>
  readPolicyDocument(values, { Version: '2012-10-17', Statement: statement }, 'P', source);
const request = (action: string, resource: unknown): Request => ({
  action,
  resource: values.string(resource),
});
const result = (decision: Decision) => decision.result;

const sub = (text: string) => ({ 'Fn::Sub': text });
const PUT = 'codedeploy:PutLifecycleEventHookExecutionStatus';
const GROUP = sub(
  `arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/\${FnDeploymentGroup}`,
);
const VERSION = { 'Fn::Join': ['', [sub(`\${Fn.Arn}:`), { versionOf: 'Fn' }]] };
const allow = (Action: unknown, Resource: unknown, extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: unknown, Resource: unknown, extra: object = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

describe('evaluate', () => {
  // [name, statements, request, expected]
  const table: [string, Statement[], Request, Decision['result']][] = [
    ['nothing allows it: implicit deny', statements(), request(PUT, GROUP), 'denied'],
    ['an Allow of the action on *', statements(allow(PUT, '*')), request(PUT, GROUP), 'allowed'],
    [
      'an Allow of another action',
      statements(allow('codedeploy:GetDeployment', '*')),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'actions ignore case',
      statements(allow('CodeDeploy:putLifecycleEventHookExecutionStatus', '*')),
      request(PUT, GROUP),
      'allowed',
    ],
    [
      'an action wildcard in the middle',
      statements(allow('codedeploy:Put*Status', '*')),
      request(PUT, GROUP),
      'allowed',
    ],
    [
      'an action list',
      statements(allow(['lambda:InvokeFunction', PUT], '*')),
      request(PUT, GROUP),
      'allowed',
    ],
    ['a service wildcard', statements(allow('codedeploy:*', '*')), request(PUT, GROUP), 'allowed'],
    ['* for every action', statements(allow('*', '*')), request(PUT, GROUP), 'allowed'],
    [
      'NotAction excluding it',
      statements({ Effect: 'Allow', NotAction: 'codedeploy:*', Resource: '*' }),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'NotAction excluding others',
      statements({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }),
      request(PUT, GROUP),
      'allowed',
    ],
    ['the same deployment group', statements(allow(PUT, GROUP)), request(PUT, GROUP), 'allowed'],
    [
      'every group of the application',
      statements(
        allow(
          PUT,
          sub(
            `arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/*`,
          ),
        ),
      ),
      request(PUT, GROUP),
      'allowed',
    ],
    [
      'another function’s deployment group: unknown',
      statements(
        allow(
          PUT,
          sub(
            `arn:aws:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/\${OtherDeploymentGroup}`,
          ),
        ),
      ),
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'a literal application name: unknown',
      statements(allow(PUT, 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:my-app/*')),
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'another service’s ARN: denied',
      statements(allow(PUT, 'arn:aws:lambda:*')),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'resources are case-sensitive',
      statements(allow(PUT, 'ARN:aws:codedeploy:*')),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'NotResource excluding it',
      statements({ Effect: 'Allow', Action: PUT, NotResource: 'arn:aws:codedeploy:*' }),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'NotResource excluding others',
      statements({ Effect: 'Allow', Action: PUT, NotResource: ['arn:aws:s3:::*'] }),
      request(PUT, GROUP),
      'allowed',
    ],
    ['an explicit Deny wins', statements(allow('*', '*'), deny(PUT, '*')), request(PUT, GROUP), 'denied'],
    [
      'a Deny first wins too',
      statements(deny('codedeploy:*', '*'), allow(PUT, '*')),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'a Deny of other resources does not',
      statements(allow(PUT, '*'), deny(PUT, 'arn:aws:s3:::*')),
      request(PUT, GROUP),
      'allowed',
    ],
    [
      'a Deny with NotAction excluding it',
      statements(allow(PUT, '*'), { Effect: 'Deny', NotAction: 'codedeploy:*', Resource: '*' }),
      request(PUT, GROUP),
      'allowed',
    ],
    [
      'an Allow under a Condition is unknown',
      statements(allow(PUT, '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'a Deny under a Condition makes an Allow unknown',
      statements(allow(PUT, '*'), deny(PUT, '*', { Condition: { Bool: { x: 'y' } } })),
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'a Deny under a Condition without an Allow: denied',
      statements(deny(PUT, '*', { Condition: { Bool: { x: 'y' } } })),
      request(PUT, GROUP),
      'denied',
    ],
    [
      'the unqualified ARN does not cover a version',
      statements(allow('lambda:InvokeFunction', { 'Fn::GetAtt': ['Fn', 'Arn'] })),
      request('lambda:InvokeFunction', VERSION),
      'denied',
    ],
    [
      'ARN:* covers a version',
      statements(allow('lambda:InvokeFunction', sub(`\${Fn.Arn}:*`))),
      request('lambda:InvokeFunction', VERSION),
      'allowed',
    ],
    [
      'the alias does not cover a version',
      statements(allow('lambda:InvokeFunction', { Ref: 'Fn.Alias' })),
      request('lambda:InvokeFunction', VERSION),
      'denied',
    ],
    [
      'function:<name>* by Ref covers a version',
      statements(
        allow(
          'lambda:InvokeFunction',
          sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${Fn}*`),
        ),
      ),
      request('lambda:InvokeFunction', VERSION),
      'allowed',
    ],
    [
      'a ? for a one-digit version is unknown',
      statements(allow('lambda:InvokeFunction', sub(`\${Fn.Arn}:?`))),
      request('lambda:InvokeFunction', VERSION),
      'unknown',
    ],
    [
      'a literal function name against the template’s FunctionName',
      statements(allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:orders-api')),
      request('lambda:InvokeFunction', { 'Fn::GetAtt': ['Named', 'Arn'] }),
      'allowed',
    ],
    [
      'a literal function name against a generated one is unknown',
      statements(allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:sam-app-Fn')),
      request('lambda:InvokeFunction', { 'Fn::GetAtt': ['Fn', 'Arn'] }),
      'unknown',
    ],
    [
      'CodeDeployHook_* against another name',
      statements(allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:CodeDeployHook_*')),
      request('lambda:InvokeFunction', { 'Fn::GetAtt': ['Named', 'Arn'] }),
      'denied',
    ],
    [
      'a Resource of AWS::NoValue is left out',
      statements(allow(PUT, ['*', { Ref: 'AWS::NoValue' }])),
      request(PUT, GROUP),
      'allowed',
    ],
    [
      'an unreadable Resource is unknown',
      statements(allow(PUT, { 'Fn::ImportValue': 'groups' })),
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'a statement without Resource is unknown',
      statements({ Effect: 'Allow', Action: PUT }),
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'a policy shiftguard cannot read is unknown',
      [opaqueStatement(source, 'unreadable')],
      request(PUT, GROUP),
      'unknown',
    ],
    [
      'one that cannot grant CodeDeploy actions is not',
      [opaqueStatement(source, 'unreadable', { not: true, patterns: ['codedeploy:*'] })],
      request(PUT, GROUP),
      'denied',
    ],
  ];
  it.each(table)('%s', (_name, policy, call, expected) => {
    expect(result(evaluate(policy, call))).toBe(expected);
  });

  it('says which statement decided', () => {
    const policy = statements(allow('lambda:*', '*'), allow(PUT, '*'), deny(PUT, 'arn:aws:s3:::*'));
    const allowed = evaluate(policy, request(PUT, GROUP));
    expect(allowed).toEqual({ result: 'allowed', statement: policy[1] });
    expect(allowed.result === 'allowed' && allowed.statement.path).toBe('P.Statement[1]');
    const denied = evaluate([...policy, ...statements(deny('codedeploy:Put*', '*'))], request(PUT, GROUP));
    expect(denied.result === 'denied' && denied.statement?.effect).toBe('Deny');
    expect(evaluate(policy, request('s3:GetObject', 'arn:aws:s3:::b/k'))).toEqual({
      result: 'denied',
      statement: undefined,
    });
    const unknown = evaluate(statements(allow(PUT, '*', { Condition: {} })), request(PUT, GROUP));
    expect(unknown.result === 'unknown' && unknown.statements.map((one) => one.conditional)).toEqual([true]);
  });

  it('locates each Action and Resource where it is written, Fn::If branches included', () => {
    const [statement] = readPolicyDocument(
      values,
      { Statement: [{ Effect: 'Allow', Action: [PUT], Resource: { 'Fn::If': ['Missing', 'a', 'b'] } }] },
      'Doc',
      source,
    );
    expect(statement!.action!.entries[0]!.path).toBe('Doc.Statement[0].Action[0]');
    // Conditions the template does not define leave the value unreadable: unknown, not a grant.
    expect(applies(statement!, request(PUT, GROUP))).toBe('maybe');
  });
});
