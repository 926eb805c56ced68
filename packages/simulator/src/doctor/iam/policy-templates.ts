// The SAM policy templates a hook uses, as what they allow. Our own table of the few that matter for the
// hooks' permissions, written from SAM's public list (each entry links it); SAM expands a template's
// parameters with Fn::Sub, and so does this table, so `!Ref Fn` in a parameter reads as the template
// reads it. Any other template is unknown to the rules.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html

const LIST =
  'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html';

export interface PolicyTemplate {
  readonly name: string;
  /** The parameters it requires. */
  readonly parameters: readonly string[];
  /** Its policy document, parameters as `Fn::Sub` variables. */
  readonly document: (parameters: Readonly<Record<string, unknown>>) => unknown;
  readonly url: string;
}

const statement = (action: readonly string[], resource: unknown) => ({
  Statement: [{ Effect: 'Allow', Action: [...action], Resource: resource }],
});

const TEMPLATES: readonly PolicyTemplate[] = [
  {
    // The trailing `*` covers the function's versions and aliases (`name:7`, `name:live`), and any
    // function whose name starts with it. It takes a function *name*: an ARN there matches nothing.
    name: 'LambdaInvokePolicy',
    parameters: ['FunctionName'],
    document: ({ FunctionName }) =>
      statement(['lambda:InvokeFunction'], {
        'Fn::Sub': [
          `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${FunctionName}*`,
          { FunctionName },
        ],
      }),
    url: LIST,
  },
  {
    name: 'CloudWatchPutMetricPolicy',
    parameters: [],
    document: () => statement(['cloudwatch:PutMetricData'], '*'),
    url: LIST,
  },
  {
    // It does not grant cloudwatch:DescribeAlarms, which an alarm gate calls.
    name: 'CloudWatchDescribeAlarmHistoryPolicy',
    parameters: [],
    document: () => statement(['cloudwatch:DescribeAlarmHistory'], '*'),
    url: LIST,
  },
  {
    // Near misses of hooks that read a probe's credentials.
    name: 'SSMParameterReadPolicy',
    parameters: ['ParameterName'],
    document: ({ ParameterName }) => ({
      Statement: [
        { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
          Resource: {
            'Fn::Sub': [
              `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/\${ParameterName}`,
              { ParameterName },
            ],
          },
        },
      ],
    }),
    url: LIST,
  },
  {
    name: 'AWSSecretsManagerGetSecretValuePolicy',
    parameters: ['SecretArn'],
    document: ({ SecretArn }) =>
      statement(['secretsmanager:GetSecretValue'], { 'Fn::Sub': [`\${SecretArn}`, { SecretArn }] }),
    url: LIST,
  },
];

const BY_NAME = new Map(TEMPLATES.map((template) => [template.name, template]));

export function policyTemplate(name: string): PolicyTemplate | undefined {
  return BY_NAME.get(name);
}

/**
 * What is known of every SAM policy template, this table's or not: none grants a `codedeploy:` action
 * (all 81 of SAM's templates checked, issue 12 research note §2). So an unknown template still cannot
 * be what lets a hook report its status.
 */
export const NO_TEMPLATE_GRANTS: readonly string[] = ['codedeploy:*'];
