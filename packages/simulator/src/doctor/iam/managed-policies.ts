// The AWS managed policies the IAM rules can read: those a hook's or CodeDeploy's role typically holds,
// written from the AWS Managed Policy Reference (each entry links its page). Every other managed policy
// is unknown: the rules then say they cannot verify, never that a permission is missing.

/** A statement as a policy document writes it (literal strings only). */
export interface LiteralStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, unknown>>;
}

export interface ManagedPolicy {
  readonly name: string;
  /** The ARN's path: `service-role/` for `arn:aws:iam::aws:policy/service-role/AWSLambdaRole`. */
  readonly path: string;
  readonly statements: readonly LiteralStatement[];
  /**
   * Actions of the policy not encoded here (none when undefined): the rules treat it as unknown for
   * those actions only.
   */
  readonly unencodedActions?: readonly string[];
  /** Why it is far wider than a hook needs, for `hook-role-too-wide`; undefined when it is not. */
  readonly tooWide?: string;
  readonly url: string;
}

const reference = (name: string) =>
  `https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${name}.html`;

/** CodeDeploy's own statements for Lambda deployments, policy version v3 (edited 2019-12-03). */
const codeDeployForLambda = (sns: boolean): LiteralStatement[] => [
  {
    Effect: 'Allow',
    Action: [
      'cloudwatch:DescribeAlarms',
      'lambda:UpdateAlias',
      'lambda:GetAlias',
      'lambda:GetProvisionedConcurrencyConfig',
      ...(sns ? ['sns:Publish'] : []),
    ],
    Resource: '*',
  },
  {
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:GetObjectVersion'],
    Resource: 'arn:aws:s3:::*/CodeDeploy/*',
  },
  {
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:GetObjectVersion'],
    Resource: '*',
    Condition: { StringEquals: { 's3:ExistingObjectTag/UseWithCodeDeploy': 'true' } },
  },
  // Why the default role can invoke only hooks named CodeDeployHook_* (reference note §1, §8 item 1).
  {
    Effect: 'Allow',
    Action: 'lambda:InvokeFunction',
    Resource: 'arn:aws:lambda:*:*:function:CodeDeployHook_*',
  },
];

const POLICIES: readonly ManagedPolicy[] = [
  {
    name: 'AWSCodeDeployRoleForLambda',
    path: 'service-role/',
    statements: codeDeployForLambda(true),
    url: reference('AWSCodeDeployRoleForLambda'),
  },
  {
    // The same without sns:Publish; SAM attaches it in aws-iso and aws-iso-b.
    name: 'AWSCodeDeployRoleForLambdaLimited',
    path: 'service-role/',
    statements: codeDeployForLambda(false),
    url: reference('AWSCodeDeployRoleForLambdaLimited'),
  },
  {
    // SAM attaches it to every role it generates for a function (logs only).
    name: 'AWSLambdaBasicExecutionRole',
    path: 'service-role/',
    statements: [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '*',
      },
    ],
    url: reference('AWSLambdaBasicExecutionRole'),
  },
  {
    name: 'AWSLambdaRole',
    path: 'service-role/',
    statements: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] }],
    url: reference('AWSLambdaRole'),
  },
  {
    name: 'AdministratorAccess',
    path: '',
    statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    tooWide: 'it allows every action on every resource',
    url: reference('AdministratorAccess'),
  },
  {
    // Everything but IAM, Organizations and Account management; its other statements grant a few
    // actions of those three, which the rules never ask about.
    name: 'PowerUserAccess',
    path: '',
    statements: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }],
    unencodedActions: ['iam:*', 'organizations:*', 'account:*'],
    tooWide: 'it allows every action outside IAM, Organizations and Account management',
    url: reference('PowerUserAccess'),
  },
  {
    name: 'AWSLambda_FullAccess',
    path: '',
    statements: [],
    unencodedActions: ['*'],
    tooWide: 'it allows every Lambda action on every function, and more',
    url: reference('AWSLambda_FullAccess'),
  },
  {
    // Deprecated, replaced by AWSLambda_FullAccess.
    name: 'AWSLambdaFullAccess',
    path: '',
    statements: [],
    unencodedActions: ['*'],
    tooWide: 'it allows every Lambda action on every function, and more',
    url: reference('AWSLambdaFullAccess'),
  },
  {
    name: 'AWSCodeDeployFullAccess',
    path: '',
    statements: [],
    unencodedActions: ['*'],
    tooWide: 'it allows every CodeDeploy action on every application and deployment group',
    url: reference('AWSCodeDeployFullAccess'),
  },
];

const BY_NAME = new Map(POLICIES.map((policy) => [policy.name, policy]));

/** A managed policy by its name (`AWSLambdaRole`), as SAM's `Policies` takes it. */
export function managedPolicyByName(name: string): ManagedPolicy | undefined {
  return BY_NAME.get(name);
}

/**
 * An AWS managed policy by its ARN (`arn:aws:iam::aws:policy/service-role/AWSLambdaRole`); undefined for
 * a customer managed policy, one not encoded here, or an ARN whose path is not the policy's.
 */
export function managedPolicyByArn(arn: string): ManagedPolicy | undefined {
  const match = /^arn:[^:]+:iam::aws:policy\/(.*?)([^/]+)$/.exec(arn);
  if (!match) return undefined;
  const policy = BY_NAME.get(match[2]!);
  return policy && policy.path === match[1] ? policy : undefined;
}

/** Whether the ARN names an AWS managed policy (`arn:…:iam::aws:policy/…`), known here or not. */
export const isAwsManagedArn = (arn: string): boolean => /^arn:[^:]+:iam::aws:policy\//.test(arn);
