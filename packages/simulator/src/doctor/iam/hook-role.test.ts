import type { Decision, Request } from './evaluate';
import { decide, functionPermissions, type Permissions, rolePermissions } from './hook-role';
import { iamInput } from './iam.test-support';
import type { IamStack } from './input';
import { IamValues } from './values';

const PUT = 'codedeploy:PutLifecycleEventHookExecutionStatus';
const INVOKE = 'lambda:InvokeFunction';

/** A template whose function `Hook` has the given properties (YAML, indented 6), plus `resources`. */
function template(hookProperties: string, resources = '', head = ''): string {
  return `Transform: AWS::Serverless-2016-10-31
${head}Resources:
  Target:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
      AutoPublishAlias: live
  Hook:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
${hookProperties}
${resources}`;
}

interface Reading {
  readonly values: IamValues;
  readonly permissions: Permissions;
  /** The decision for an action on a resource written as in a template (intrinsics in long form). */
  decide(action: string, resource: unknown): Decision['result'];
}

function read(text: string, stack: Partial<IamStack> = {}): Reading {
  const input = iamInput(text, { stack });
  const values = new IamValues(input);
  const hook = input.model.functions.find((fn) => fn.logicalId === 'Hook')!;
  const permissions = functionPermissions(values, hook);
  return {
    values,
    permissions,
    decide: (action, resource) => {
      const request: Request = { action, resource: values.string(resource) };
      return decide(permissions, request).result;
    },
  };
}

const GROUP = {
  'Fn::Sub': `arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/\${TargetDeploymentGroup}`,
};
const VERSION = { 'Fn::Join': ['', [{ 'Fn::Sub': `\${Target.Arn}:` }, { versionOf: 'Target' }]] };
const UNQUALIFIED = { 'Fn::GetAtt': ['Target', 'Arn'] };

describe('the role SAM generates for a function', () => {
  it('always holds AWSLambdaBasicExecutionRole (logs only)', () => {
    const role = read(template(''));
    expect(role.permissions.owner).toEqual({
      kind: 'generated',
      functionLogicalId: 'Hook',
      roleLogicalId: 'HookRole',
    });
    expect(role.decide('logs:PutLogEvents', 'arn:aws:logs:us-east-1:1:log-group:x')).toBe('allowed');
    expect(role.decide(PUT, GROUP)).toBe('denied');
    expect(role.decide(INVOKE, VERSION)).toBe('denied');
  });

  it('reads an inline policy, given alone or in a list', () => {
    const statement = `
          Statement:
            - Effect: Allow
              Action: codedeploy:PutLifecycleEventHookExecutionStatus
              Resource: !Sub arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/*`;
    expect(
      read(template(`      Policies:${statement.replace(/\n {10}/g, '\n        ')}`)).decide(PUT, GROUP),
    ).toBe('allowed');
    expect(
      read(template(`      Policies:\n        -${statement.slice(1).replace(/^ {9}/, '')}`)).decide(
        PUT,
        GROUP,
      ),
    ).toBe('allowed');
  });

  it('reads the managed policies it knows by name and by ARN', () => {
    const byName = read(template('      Policies:\n        - AWSLambdaRole'));
    expect(byName.decide(INVOKE, VERSION)).toBe('allowed');
    expect(byName.decide(PUT, GROUP)).toBe('denied');
    const byArn = read(
      template(
        `      Policies:\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaRole`,
      ),
    );
    expect(byArn.decide(INVOKE, VERSION)).toBe('allowed');
    // The wrong path is not that policy: unknown.
    expect(
      read(template('      Policies:\n        - arn:aws:iam::aws:policy/AWSLambdaRole')).decide(
        INVOKE,
        VERSION,
      ),
    ).toBe('unknown');
  });

  it('leaves other managed policies unknown, never a denial', () => {
    const role = read(
      template(
        '      Policies:\n        - AmazonDynamoDBReadOnlyAccess\n        - arn:aws:iam::123456789012:policy/mine',
      ),
    );
    expect(role.decide(PUT, GROUP)).toBe('unknown');
    expect(role.decide(INVOKE, VERSION)).toBe('unknown');
  });

  it('expands the policy templates it knows, parameters through Fn::Sub', () => {
    const role = read(
      template('      Policies:\n        - LambdaInvokePolicy:\n            FunctionName: !Ref Target'),
    );
    expect(role.decide(INVOKE, VERSION)).toBe('allowed');
    expect(role.decide(INVOKE, UNQUALIFIED)).toBe('allowed');
    expect(role.decide(PUT, GROUP)).toBe('denied');
    // An ARN where it takes a name matches nothing.
    const arn = read(
      template(
        '      Policies:\n        - LambdaInvokePolicy:\n            FunctionName: !GetAtt Target.Arn',
      ),
    );
    expect(arn.decide(INVOKE, VERSION)).toBe('denied');
    const metrics = read(template('      Policies:\n        - CloudWatchPutMetricPolicy: {}'));
    expect(metrics.decide('cloudwatch:PutMetricData', '*')).toBe('allowed');
    expect(metrics.decide('cloudwatch:DescribeAlarms', 'arn:aws:cloudwatch:us-east-1:1:alarm:a')).toBe(
      'denied',
    );
    const history = read(template('      Policies:\n        - CloudWatchDescribeAlarmHistoryPolicy: {}'));
    expect(history.decide('cloudwatch:DescribeAlarmHistory', '*')).toBe('allowed');
  });

  it('knows that no policy template grants CodeDeploy actions, whatever else it grants', () => {
    const role = read(
      template('      Policies:\n        - DynamoDBReadPolicy:\n            TableName: orders'),
    );
    expect(role.decide(PUT, GROUP)).toBe('denied');
    expect(role.decide(INVOKE, VERSION)).toBe('unknown');
    expect(role.decide('dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:1:table/orders')).toBe('unknown');
  });

  it('takes the branch of an Fn::If its condition picks', () => {
    const head =
      'Parameters:\n  Stage:\n    Type: String\n    Default: prod\nConditions:\n  IsProd: !Equals [!Ref Stage, prod]\n';
    const policies = '      Policies:\n        - !If [IsProd, AWSLambdaRole, !Ref AWS::NoValue]';
    expect(read(template(policies, '', head)).decide(INVOKE, VERSION)).toBe('allowed');
    const dev = head.replace('Default: prod', 'Default: dev');
    expect(read(template(policies, '', dev)).decide(INVOKE, VERSION)).toBe('denied');
  });

  it('counts AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources attached to <Fn>Role', () => {
    const resources = `  HookPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: report
      Roles: [!Ref HookRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: codedeploy:PutLifecycleEventHookExecutionStatus
            Resource: "*"
  OtherPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref TargetRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: lambda:InvokeFunction
            Resource: "*"
`;
    const role = read(template('', resources));
    expect(role.decide(PUT, GROUP)).toBe('allowed');
    expect(role.decide(INVOKE, VERSION)).toBe('denied');
    expect(
      role.permissions.statements.find((one) => one.source.name === 'AWS::IAM::Policy HookPolicy')?.path,
    ).toBe('Resources.HookPolicy.Properties.PolicyDocument.Statement[0]');
  });

  it('reads Function-to-Function connectors: Write allows the unqualified ARN only', () => {
    const embedded = read(
      template(''.trimEnd(), '').replace(
        '  Hook:\n    Type: AWS::Serverless::Function\n',
        '  Hook:\n    Type: AWS::Serverless::Function\n    Connectors:\n      Invoke:\n        Properties:\n          Destination:\n            Id: Target\n          Permissions: [Write]\n',
      ),
    );
    expect(embedded.decide(INVOKE, UNQUALIFIED)).toBe('allowed');
    expect(embedded.decide(INVOKE, VERSION)).toBe('denied');
    const resource = read(
      template(
        '',
        '  Link:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: Hook\n      Destination:\n        Id: Target\n      Permissions: [Write]\n',
      ),
    );
    expect(resource.decide(INVOKE, VERSION)).toBe('denied');
    const queue = read(
      template(
        '',
        '  Queue:\n    Type: AWS::SQS::Queue\n  Link:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: Hook\n      Destination:\n        Id: Queue\n      Permissions: [Write]\n',
      ),
    );
    expect(queue.decide(PUT, GROUP)).toBe('denied');
    expect(queue.decide('sqs:SendMessage', '*')).toBe('unknown');
  });

  it('bounds what SAM adds for Tracing, VpcConfig and poller events to their services', () => {
    const role = read(template('      Tracing: Active\n      Policies:\n        - AWSLambdaRole'));
    expect(role.decide(PUT, GROUP)).toBe('denied');
    expect(role.decide(INVOKE, VERSION)).toBe('allowed');
    expect(role.decide('xray:PutTraceSegments', '*')).toBe('unknown');
  });

  it('makes a grant unknown under a PermissionsBoundary', () => {
    const role = read(
      template(
        '      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary\n      Policies:\n        - AWSLambdaRole',
      ),
    );
    expect(role.decide(INVOKE, VERSION)).toBe('unknown');
    expect(role.decide(PUT, GROUP)).toBe('denied');
  });
});

describe('a role of the template', () => {
  const ROLE = `  HookExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - !Ref InvokePolicy
      Policies:
        - PolicyName: report
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: codedeploy:PutLifecycleEventHookExecutionStatus
                Resource: "*"
  InvokePolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref HookExecutionRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: lambda:InvokeFunction
            Resource: !Sub \${Target.Arn}:*
`;

  it('reads Role: !GetAtt R.Arn: its Policies, ManagedPolicyArns and attached policies, once each', () => {
    const role = read(
      template('      Role: !GetAtt HookExecutionRole.Arn\n      Policies: [AdministratorAccess]', ROLE),
    );
    expect(role.permissions.owner).toEqual({ kind: 'template', logicalId: 'HookExecutionRole' });
    expect(role.decide(PUT, GROUP)).toBe('allowed');
    expect(role.decide(INVOKE, VERSION)).toBe('allowed');
    // With Role set, SAM ignores Policies.
    expect(role.decide('s3:GetObject', 'arn:aws:s3:::b/k')).toBe('denied');
    const invoke = role.permissions.statements.filter((one) => one.source.name.includes('InvokePolicy'));
    expect(invoke).toHaveLength(1);
  });

  it('reads a role named by its ARN built from !Ref', () => {
    const role = read(
      template(
        `      Role: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${HookExecutionRole}`,
        ROLE,
      ),
    );
    expect(role.permissions.owner).toEqual({ kind: 'template', logicalId: 'HookExecutionRole' });
    expect(role.decide(PUT, GROUP)).toBe('allowed');
  });

  it('reads a role named by a literal ARN with its RoleName', () => {
    const named = ROLE.replace(
      '    Properties:\n      AssumeRolePolicyDocument',
      '    Properties:\n      RoleName: hook-role\n      AssumeRolePolicyDocument',
    );
    const role = read(template('      Role: arn:aws:iam::123456789012:role/hook-role', named));
    expect(role.permissions.owner).toEqual({ kind: 'template', logicalId: 'HookExecutionRole' });
  });

  it('leaves a role outside the template unknown', () => {
    const role = read(template('      Role: arn:aws:iam::123456789012:role/elsewhere'));
    expect(role.permissions.owner).toEqual({
      kind: 'external',
      shown: 'arn:aws:iam::123456789012:role/elsewhere',
    });
    expect(role.decide(PUT, GROUP)).toBe('unknown');
  });

  it('reads DeploymentPreference.Role-style values as the reader resolved them', () => {
    const input = iamInput(template('', ROLE));
    const values = new IamValues(input);
    const resolved = { 'Fn::Join': ['', ['arn:aws:iam::123456789012:role/', { Ref: 'HookExecutionRole' }]] };
    expect(rolePermissions(values, resolved, 'P').owner).toEqual({
      kind: 'template',
      logicalId: 'HookExecutionRole',
    });
    expect(rolePermissions(values, { 'Fn::GetAtt': ['HookExecutionRole', 'Arn'] }, 'P').owner.kind).toBe(
      'template',
    );
    expect(rolePermissions(values, { 'Fn::GetAtt': ['Target', 'Arn'] }, 'P').owner.kind).toBe('external');
  });
});
