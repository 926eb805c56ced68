import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Finding } from '../finding';
import { iamInput } from './iam.test-support';
import { IAM_RULES } from './rules';

/** The findings of every IAM rule on a template. */
function findings(text: string): Finding[] {
  const input = iamInput(text);
  return IAM_RULES.flatMap((rule) => rule.check(input));
}
const brief = (list: readonly Finding[]) => list.map((one) => [one.ruleId, one.severity, one.path]);

const GROUP = `!Sub arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/\${OrdersFunctionDeploymentGroup}`;
const APPLICATION = `!Sub arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:application:\${ServerlessDeploymentApplication}`;

/** The statements of the issue's least privilege (YAML list items, indented 12). */
const PUT_AND_GET = `            - Effect: Allow
              Action:
                - codedeploy:PutLifecycleEventHookExecutionStatus
                - codedeploy:GetDeployment
              Resource: ${GROUP}`;
const REVISION = `            - Effect: Allow
              Action: codedeploy:GetApplicationRevision
              Resource: ${APPLICATION}`;
const INVOKE_VERSIONS = `            - Effect: Allow
              Action: lambda:InvokeFunction
              Resource: !Sub \${OrdersFunction.Arn}:*`;
const METRICS = `            - Effect: Allow
              Action: cloudwatch:GetMetricData
              Resource: "*"`;

const inline = (...statements: string[]) => `        - Statement:\n${statements.join('\n')}`;

interface Parts {
  /** The hook's `Policies` items (YAML, indented 8); none when empty. */
  readonly policies?: string;
  /** More properties of the hook (indented 6). */
  readonly hook?: string;
  /** More keys of the DeploymentPreference (indented 8). */
  readonly preference?: string;
  /** More resources (indented 2). */
  readonly resources?: string;
  readonly hookName?: string;
}

function template(parts: Parts = {}): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
      AutoPublishAlias: live
      DeploymentPreference:
        Type: Canary10Percent5Minutes
        Hooks:
          PreTraffic: !Ref PreTrafficHook
${parts.preference ?? ''}
  PreTrafficHook:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ${parts.hookName ?? `!Sub CodeDeployHook_\${AWS::StackName}-pre-traffic`}
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
${parts.hook ?? ''}
${parts.policies === undefined ? '' : `      Policies:\n${parts.policies}`}
${parts.resources ?? ''}`;
}

const leastPrivilege = inline(PUT_AND_GET, REVISION, INVOKE_VERSIONS, METRICS);

describe('the IAM rules', () => {
  it('describe themselves', () => {
    expect(
      IAM_RULES.map((rule) => [rule.description.id, rule.description.name, rule.description.severity]),
    ).toEqual([
      ['custom-role-invoke-hook', 'CustomRoleInvokeHook', 'error'],
      ['hook-role-put-status', 'HookRolePutStatus', 'error'],
      ['hook-role-invoke-versions', 'HookRoleInvokeVersions', 'error'],
      ['hook-role-too-wide', 'HookRoleTooWide', 'warning'],
    ]);
  });

  it('pass the least privilege a hook needs', () => {
    expect(findings(template({ policies: leastPrivilege }))).toEqual([]);
  });

  it('on examples/canary-smoke: nothing', () => {
    const file = path.join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      '..',
      'examples',
      'canary-smoke',
      'template.yaml',
    );
    // Least privilege: Put status and GetDeployment on its deployment group, GetApplicationRevision
    // on its application, invoke on the function's versions.
    expect(brief(findings(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('say nothing for a disabled preference', () => {
    const text = template({ policies: inline(METRICS), preference: '        Enabled: false' });
    expect(findings(text)).toEqual([]);
  });
});

describe('hook-role-put-status', () => {
  const put = (parts: Parts) =>
    findings(template(parts)).filter((one) => one.ruleId === 'hook-role-put-status');

  it('is an error when the hook’s role does not allow reporting, at its Policies', () => {
    const parts = { policies: inline(INVOKE_VERSIONS) };
    const [finding, ...rest] = put(parts);
    expect(rest).toEqual([]);
    expect(finding!.line).toBe(template(parts).split('\n').indexOf('      Policies:') + 1);
    expect(finding!.column).toBe(7);
    expect(finding).toMatchObject({
      severity: 'error',
      logicalId: 'PreTrafficHook',
      path: 'Resources.PreTrafficHook.Properties.Policies',
      file: 'template.yaml',
    });
    expect(finding!.message).toMatch(/cannot report its result/);
    expect(finding!.message).toMatch(/waits an hour/);
    expect(finding!.fix).toContain('codedeploy:PutLifecycleEventHookExecutionStatus');
    expect(finding!.fix).toContain(
      `deploymentgroup:\${ServerlessDeploymentApplication}/\${OrdersFunctionDeploymentGroup}`,
    );
    expect(finding!.fix).toMatch(
      /^Add to the Policies of PreTrafficHook:\n- Statement:\n {4}- Effect: Allow/,
    );
  });

  it('is an error for a hook without Policies, at the hook', () => {
    const [finding] = put({});
    expect(finding).toMatchObject({ severity: 'error', path: 'Resources.PreTrafficHook' });
  });

  it('points at the statement that allows it on the wrong resource', () => {
    const wrong = `            - Effect: Allow
              Action: codedeploy:PutLifecycleEventHookExecutionStatus
              Resource: !GetAtt OrdersFunction.Arn`;
    const [finding] = put({ policies: inline(wrong) });
    expect(finding).toMatchObject({
      severity: 'error',
      path: 'Resources.PreTrafficHook.Properties.Policies[0].Statement[0].Resource',
    });
    expect(finding!.message).toContain('allows it only on arn:aws:lambda:');
  });

  it('is an error at an explicit Deny', () => {
    const denied = `            - Effect: Deny
              Action: codedeploy:*
              Resource: "*"`;
    const [finding] = put({ policies: inline(PUT_AND_GET, denied) });
    expect(finding).toMatchObject({
      severity: 'error',
      path: 'Resources.PreTrafficHook.Properties.Policies[0].Statement[1]',
    });
    expect(finding!.message).toContain('a Deny of');
  });

  it('accepts * and every group of the application', () => {
    const star = `            - Effect: Allow
              Action: codedeploy:PutLifecycleEventHookExecutionStatus
              Resource: "*"`;
    expect(put({ policies: inline(star) })).toEqual([]);
    const app = star.replace(
      '"*"',
      `!Sub arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/*`,
    );
    expect(put({ policies: inline(app) })).toEqual([]);
  });

  it('is an info for an unknown managed policy, at that Policies item', () => {
    const [finding, ...rest] = put({ policies: `${inline(INVOKE_VERSIONS)}\n        - MyTeamHookPolicy` });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'info',
      path: 'Resources.PreTrafficHook.Properties.Policies[1]',
    });
    expect(finding!.message).toMatch(/^Cannot verify/);
    expect(finding!.message).toContain('MyTeamHookPolicy');
  });

  it('is an info for a literal application name, which only the deployed stack can confirm', () => {
    const literal = `            - Effect: Allow
              Action: codedeploy:PutLifecycleEventHookExecutionStatus
              Resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:my-app/*`;
    const [finding] = put({ policies: inline(literal) });
    expect(finding).toMatchObject({
      severity: 'info',
      path: 'Resources.PreTrafficHook.Properties.Policies[0].Statement[0].Resource',
    });
  });

  it('is an info under a PermissionsBoundary, at the boundary', () => {
    const [finding] = put({
      policies: leastPrivilege,
      hook: '      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary',
    });
    expect(finding).toMatchObject({
      severity: 'info',
      path: 'Resources.PreTrafficHook.Properties.PermissionsBoundary',
    });
    expect(finding!.message).toContain(
      'the permissions boundary arn:aws:iam::123456789012:policy/boundary may take it away',
    );
  });

  it('is an error when the only other policy is a SAM template (none grants CodeDeploy actions)', () => {
    const [finding] = put({ policies: '        - DynamoDBReadPolicy:\n            TableName: orders' });
    expect(finding).toMatchObject({ severity: 'error' });
  });

  it('checks a hook whose Role is an AWS::IAM::Role of the template, and points the fix there', () => {
    const role = `  HookRole2:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: logs:*
                Resource: "*"
`;
    const [finding] = put({ hook: '      Role: !GetAtt HookRole2.Arn', resources: role });
    expect(finding).toMatchObject({ severity: 'error', path: 'Resources.HookRole2.Properties.Policies' });
    expect(finding!.fix).toMatch(
      /^Add to the Policies of role HookRole2:\n- PolicyName: report-hook-status\n {2}PolicyDocument:/,
    );
  });
});

describe('hook-role-invoke-versions', () => {
  const invoke = (parts: Parts) =>
    findings(template(parts)).filter((one) => one.ruleId === 'hook-role-invoke-versions');
  const on = (resource: string) => `            - Effect: Allow
              Action: lambda:InvokeFunction
              Resource: ${resource}`;

  it('is an error for a grant on the unqualified ARN only, at that Resource', () => {
    const [finding, ...rest] = invoke({ policies: inline(PUT_AND_GET, on('!GetAtt OrdersFunction.Arn')) });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'error',
      logicalId: 'PreTrafficHook',
      path: 'Resources.PreTrafficHook.Properties.Policies[0].Statement[1].Resource',
    });
    expect(finding!.message).toMatch(/may invoke OrdersFunction only as arn:aws:lambda:/);
    expect(finding!.message).toMatch(/another resource/);
    expect(finding!.fix).toContain(`!Sub \${OrdersFunction.Arn}:*`);
    expect(finding!.fix).toContain('LambdaInvokePolicy');
  });

  it('is an error for a grant on the alias only', () => {
    const [finding] = invoke({ policies: inline(on('!Ref OrdersFunction.Alias')) });
    expect(finding).toMatchObject({ severity: 'error' });
  });

  it('passes ARN:*, ARN*, * and LambdaInvokePolicy with the function name', () => {
    expect(invoke({ policies: inline(INVOKE_VERSIONS) })).toEqual([]);
    expect(invoke({ policies: inline(on(`!Sub \${OrdersFunction.Arn}*`)) })).toEqual([]);
    expect(invoke({ policies: inline(on('"*"')) })).toEqual([]);
    expect(
      invoke({ policies: '        - LambdaInvokePolicy:\n            FunctionName: !Ref OrdersFunction' }),
    ).toEqual([]);
  });

  it('is an error for LambdaInvokePolicy given an ARN, which matches nothing', () => {
    const [finding] = invoke({
      policies: '        - LambdaInvokePolicy:\n            FunctionName: !GetAtt OrdersFunction.Arn',
    });
    expect(finding).toMatchObject({
      severity: 'error',
      path: 'Resources.PreTrafficHook.Properties.Policies[0]',
    });
    expect(finding!.message).toContain('takes a function name');
  });

  it('says nothing for a hook that does not invoke the function (an HTTP-only hook)', () => {
    expect(invoke({ policies: inline(PUT_AND_GET) })).toEqual([]);
    expect(invoke({ policies: inline(PUT_AND_GET, on('!GetAtt PreTrafficHook.Arn')) })).toEqual([]);
  });

  it('is an info when the grant is under a Condition', () => {
    const conditional = `${on('!GetAtt OrdersFunction.Arn')}
            - Effect: Allow
              Action: lambda:InvokeFunction
              Resource: !Sub \${OrdersFunction.Arn}:*
              Condition:
                StringEquals:
                  aws:RequestedRegion: us-east-1`;
    const [finding] = invoke({ policies: inline(conditional) });
    expect(finding).toMatchObject({ severity: 'info' });
    expect(finding!.message).toContain('only under a Condition');
  });

  it('is an error for a connector, which grants the unqualified ARN', () => {
    const connector = `  HookInvokesOrders:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
        Id: PreTrafficHook
      Destination:
        Id: OrdersFunction
      Permissions: [Write]
`;
    const [finding] = invoke({ policies: inline(PUT_AND_GET), resources: connector });
    expect(finding).toMatchObject({ severity: 'error', path: 'Resources.HookInvokesOrders' });
  });
});

describe('hook-role-too-wide', () => {
  const wide = (parts: Parts) =>
    findings(template(parts)).filter((one) => one.ruleId === 'hook-role-too-wide');

  it('warns for Action: *, at the action', () => {
    const all = `            - Effect: Allow
              Action: "*"
              Resource: "*"`;
    const [finding, ...rest] = wide({ policies: inline(all) });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'warning',
      path: 'Resources.PreTrafficHook.Properties.Policies[0].Statement[0].Action',
    });
    expect(finding!.message).toContain('every action (`*`)');
  });

  it('warns for a whole service, and for NotAction', () => {
    const service = `            - Effect: Allow
              Action: [lambda:*]
              Resource: !Sub \${OrdersFunction.Arn}:*
            - Effect: Allow
              NotAction: iam:*
              Resource: "*"`;
    expect(brief(wide({ policies: inline(PUT_AND_GET, service) }))).toEqual([
      [
        'hook-role-too-wide',
        'warning',
        'Resources.PreTrafficHook.Properties.Policies[0].Statement[1].Action[0]',
      ],
      [
        'hook-role-too-wide',
        'warning',
        'Resources.PreTrafficHook.Properties.Policies[0].Statement[2].NotAction',
      ],
    ]);
  });

  it('warns for the hook’s actions on every resource, never for cloudwatch:GetMetricData', () => {
    const everywhere = `            - Effect: Allow
              Action:
                - codedeploy:PutLifecycleEventHookExecutionStatus
                - codedeploy:GetApplicationRevision
                - cloudwatch:GetMetricData
              Resource: "*"
            - Effect: Allow
              Action: lambda:InvokeFunction
              Resource: arn:aws:lambda:*:*:function:*`;
    const found = wide({ policies: inline(everywhere) });
    expect(brief(found)).toEqual([
      [
        'hook-role-too-wide',
        'warning',
        'Resources.PreTrafficHook.Properties.Policies[0].Statement[0].Resource',
      ],
      [
        'hook-role-too-wide',
        'warning',
        'Resources.PreTrafficHook.Properties.Policies[0].Statement[1].Resource',
      ],
    ]);
    expect(found[0]!.message).toContain(
      'codedeploy:PutLifecycleEventHookExecutionStatus and codedeploy:GetApplicationRevision on `*`',
    );
    expect(found[0]!.message).toContain('only on its deployment group and its application');
    expect(found[0]!.message).not.toContain('GetMetricData');
    expect(found[0]!.fix).toContain(`application:\${ServerlessDeploymentApplication}`);
    expect(found[1]!.fix).toContain(`!Sub \${OrdersFunction.Arn}:*`);
    expect(wide({ policies: leastPrivilege })).toEqual([]);
  });

  it('warns once for a statement of a role two hooks share', () => {
    const shared = `  SharedHookRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
  PostTrafficHook:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'ok';
      Handler: index.handler
      Runtime: nodejs22.x
      Role: !GetAtt SharedHookRole.Arn
`;
    const text = template({ hook: '      Role: !GetAtt SharedHookRole.Arn', resources: shared }).replace(
      '          PreTraffic: !Ref PreTrafficHook',
      '          PreTraffic: !Ref PreTrafficHook\n          PostTraffic: !Ref PostTrafficHook',
    );
    expect(brief(findings(text))).toEqual([
      [
        'hook-role-too-wide',
        'warning',
        'Resources.SharedHookRole.Properties.Policies[0].PolicyDocument.Statement[0].Action',
      ],
    ]);
  });

  it('warns for wide managed policies by name, and for AWSLambdaRole (invoke on *)', () => {
    const found = wide({
      policies: '        - AdministratorAccess\n        - AWSLambda_FullAccess\n        - AWSLambdaRole',
    });
    expect(brief(found)).toEqual([
      ['hook-role-too-wide', 'warning', 'Resources.PreTrafficHook.Properties.Policies[0]'],
      ['hook-role-too-wide', 'warning', 'Resources.PreTrafficHook.Properties.Policies[1]'],
      ['hook-role-too-wide', 'warning', 'Resources.PreTrafficHook.Properties.Policies[2]'],
    ]);
    expect(found[0]!.message).toContain('AdministratorAccess');
    expect(found[2]!.message).toContain('the managed policy AWSLambdaRole');
  });
});

describe('custom-role-invoke-hook', () => {
  const custom = (parts: Parts) =>
    findings(template(parts)).filter((one) => one.ruleId === 'custom-role-invoke-hook');
  const codeDeployRole = (extra: string) => `  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: codedeploy.amazonaws.com }
            Action: sts:AssumeRole
${extra}`;
  const preference = '        Role: !GetAtt DeployRole.Arn';

  it('is an error for a role of the template that cannot invoke the hook, at the hook', () => {
    const role = codeDeployRole(`      Policies:
        - PolicyName: alias
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [lambda:UpdateAlias, lambda:GetAlias]
                Resource: "*"
`);
    const [finding, ...rest] = custom({ policies: leastPrivilege, preference, resources: role });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'error',
      logicalId: 'OrdersFunction',
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PreTraffic',
    });
    expect(finding!.message).toMatch(
      /CodeDeploy cannot invoke the PreTraffic hook PreTrafficHook of OrdersFunction/,
    );
    expect(finding!.fix).toContain('Resource: !GetAtt PreTrafficHook.Arn');
    expect(finding!.fix).toMatch(/^Add to the Policies of role DeployRole:/);
  });

  it('passes a role of the template with the right statement', () => {
    const role = codeDeployRole(`      Policies:
        - PolicyName: hooks
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: lambda:InvokeFunction
                Resource: !GetAtt PreTrafficHook.Arn
`);
    expect(custom({ policies: leastPrivilege, preference, resources: role })).toEqual([]);
  });

  it('reads AWSCodeDeployRoleForLambda: CodeDeployHook_* names pass, others fail at the managed policy', () => {
    const role = codeDeployRole(`      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda
`);
    expect(custom({ policies: leastPrivilege, preference, resources: role })).toEqual([]);
    const [finding] = custom({
      policies: leastPrivilege,
      preference,
      resources: role,
      hookName: 'orders-pre-traffic',
    });
    expect(finding).toMatchObject({
      severity: 'error',
      path: 'Resources.DeployRole.Properties.ManagedPolicyArns[0]',
    });
    expect(finding!.message).toContain('CodeDeployHook_*');
    expect(finding!.fix).toContain('Or name the hook so it starts with CodeDeployHook_');
  });

  it('is an info for a role outside the template, at DeploymentPreference.Role', () => {
    const [finding] = custom({
      policies: leastPrivilege,
      preference: '        Role: arn:aws:iam::123456789012:role/deployer',
    });
    expect(finding).toMatchObject({
      severity: 'info',
      path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Role',
    });
    expect(finding!.message).toContain('arn:aws:iam::123456789012:role/deployer');
  });

  it('writes one fix per hook, a valid statement each', () => {
    const role = codeDeployRole('');
    const text = template({ policies: leastPrivilege, preference, resources: role }).replace(
      '          PreTraffic: !Ref PreTrafficHook',
      '          PreTraffic: !Ref PreTrafficHook\n          PostTraffic: !Ref PreTrafficHook',
    );
    const found = findings(text).filter((one) => one.ruleId === 'custom-role-invoke-hook');
    expect(found.map((one) => one.path)).toEqual([
      'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PreTraffic',
      'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PostTraffic',
    ]);
    expect(found[0]!.fix).toBe(`Add to the Policies of role DeployRole:
- PolicyName: invoke-hooks
  PolicyDocument:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Action:
          - lambda:InvokeFunction
        Resource: !GetAtt PreTrafficHook.Arn`);
  });

  it('says nothing without a custom Role', () => {
    expect(custom({ policies: leastPrivilege, hookName: 'orders-pre-traffic' })).toEqual([]);
  });
});

describe('odd templates', () => {
  const odd: [string, Parts][] = [
    ['Policies a number', { policies: '        - 5' }],
    ['Policies null items', { policies: '        - null\n        - ~' }],
    ['Policies a bare string', { hook: '      Policies: AWSLambdaRole' }],
    ['a Statement that is a string', { policies: '        - Statement: oops' }],
    ['a statement that is a list', { policies: '        - Statement:\n            - [a, b]' }],
    [
      'a Resource list of lists',
      {
        policies: inline(
          '            - Effect: Allow\n              Action: "*"\n              Resource: [[1]]',
        ),
      },
    ],
    [
      'an Effect that is neither',
      {
        policies: inline(
          '            - Effect: Maybe\n              Action: "*"\n              Resource: "*"',
        ),
      },
    ],
    [
      'an unknown intrinsic',
      {
        policies: inline(
          '            - Effect: Allow\n              Action: !Select [0, !GetAZs ""]\n              Resource: !ImportValue shared',
        ),
      },
    ],
    ['a policy template with a list', { policies: '        - LambdaInvokePolicy: [a]' }],
    ['a Role that is a number', { hook: '      Role: 5' }],
    [
      'an IAM::Policy with odd Roles',
      {
        resources:
          '  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Roles: !Split [",", !ImportValue roles]\n      PolicyDocument: 7\n',
      },
    ],
    [
      'a connector without Destination',
      {
        resources:
          '  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source: {Id: PreTrafficHook}\n      Permissions: [Read]\n',
      },
    ],
  ];
  it.each(odd)('%s: findings, no throw', (_name, parts) => {
    const found = findings(template(parts));
    for (const finding of found) expect(['error', 'warning', 'info']).toContain(finding.severity);
  });
});

describe('fixes', () => {
  it('write statements that parse as the Policies items they name', () => {
    const texts = [
      template({ policies: inline(METRICS) }),
      template({
        policies: inline(
          PUT_AND_GET,
          `            - Effect: Allow\n              Action: lambda:InvokeFunction\n              Resource: !GetAtt OrdersFunction.Arn`,
        ),
      }),
    ];
    const fixes = texts
      .flatMap(findings)
      .map((one) => one.fix)
      .filter((fix) => fix.startsWith('Add to the Policies'));
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      const yaml = fix.split('\n').slice(1).join('\n').split('\nOr ')[0]!;
      const items = parse(yaml, {
        customTags: [{ tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) }],
      });
      expect(Array.isArray(items)).toBe(true);
      expect(items[0].Statement[0]).toMatchObject({
        Effect: 'Allow',
        Action: expect.any(Array),
        Resource: expect.anything(),
      });
    }
  });
});
