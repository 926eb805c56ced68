// A role's effective permissions, assembled from the template as SAM and CloudFormation assemble them.
//
// A function without `Role` gets the role SAM generates (`<Fn>Role`; SAM@7000d0a `sam_resources.py`
// `_construct_role`, `model/resource_policies.py` `_get_type`): AWSLambdaBasicExecutionRole always,
// then each `Policies` item by its kind — a string (a managed policy's name or ARN), an intrinsic (a
// managed policy ARN), a mapping with `Statement` (an inline document), a one-key mapping (a policy
// template), or an `Fn::If` over one of these — plus what SAM adds for `Tracing`, `VpcConfig`,
// `DeadLetterQueue`, `EventInvokeConfig` and poller events. A function with `Role`, and a
// `DeploymentPreference.Role`, is read from the template's `AWS::IAM::Role` it names (its `Policies`,
// `ManagedPolicyArns`); any other role is unknown. Either way, `AWS::IAM::Policy`,
// `AWS::IAM::ManagedPolicy` and `AWS::IAM::RolePolicy` resources attached to the role through `Roles`
// (`RoleName`) count, and so do SAM connectors whose source is the function.
import { isPlainObject } from '@shiftguard/kit';
import type { SamFunction } from '../../template/model';
import { joinPath } from '../../template/paths';
import { type Decision, evaluate, type Request } from './evaluate';
import {
  isAwsManagedArn,
  type ManagedPolicy,
  managedPolicyByArn,
  managedPolicyByName,
} from './managed-policies';
import { opaqueStatement, type PolicySource, readPolicyDocument, type Statement } from './policy';
import { NO_TEMPLATE_GRANTS, policyTemplate } from './policy-templates';
import {
  canonicalJson,
  literal,
  literalOf,
  sameString,
  sameTokens,
  showTokens,
  type Tokens,
  type Truth,
} from './tokens';
import { type IamValues, isUnreadable } from './values';

export const IAM_ROLE = 'AWS::IAM::Role';
const IAM_POLICY = 'AWS::IAM::Policy';
const IAM_MANAGED_POLICY = 'AWS::IAM::ManagedPolicy';
const IAM_ROLE_POLICY = 'AWS::IAM::RolePolicy';
const CONNECTOR = 'AWS::Serverless::Connector';
const FUNCTION_TYPES = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];

/** Whose permissions, and where a statement to fix them goes. */
export type RoleOwner =
  /** The role SAM generates for a function without `Role`: statements go into its `Policies`. */
  | { readonly kind: 'generated'; readonly functionLogicalId: string; readonly roleLogicalId: string }
  /** An `AWS::IAM::Role` of the template. */
  | { readonly kind: 'template'; readonly logicalId: string }
  /** A role shiftguard cannot read (outside the template, or not a role it recognises). */
  | { readonly kind: 'external'; readonly shown: string };

export interface Permissions {
  readonly owner: RoleOwner;
  /** How a message names the role: `the role SAM generates for PreTrafficHook`, `the role HookRole`. */
  readonly name: string;
  /** Where the role is chosen or defined (the `Role` key, the role resource, the function). */
  readonly path: string;
  readonly statements: readonly Statement[];
  /** `PermissionsBoundary`: it may take away what the statements allow. */
  readonly boundaries: readonly Statement[];
}

/** Where a finding about the role points when no statement is to blame: where a statement must go. */
export function fixPath(permissions: Permissions, values: IamValues): string {
  const { owner } = permissions;
  if (owner.kind === 'generated') {
    const fn = `Resources.${owner.functionLogicalId}.Properties`;
    return values.resource(owner.functionLogicalId)?.properties.Policies !== undefined
      ? `${fn}.Policies`
      : `Resources.${owner.functionLogicalId}`;
  }
  if (owner.kind === 'template') {
    const role = values.resource(owner.logicalId);
    return role?.properties.Policies !== undefined
      ? `Resources.${owner.logicalId}.Properties.Policies`
      : `Resources.${owner.logicalId}`;
  }
  return permissions.path;
}

/** The request under the role's statements and boundaries. */
export function decide(permissions: Permissions, request: Request): Decision {
  const decision = evaluate(permissions.statements, request);
  if (decision.result !== 'allowed' || permissions.boundaries.length === 0) return decision;
  return { result: 'unknown', statements: [decision.statement, ...permissions.boundaries] };
}

/** The permissions of a function's execution role. */
export function functionPermissions(values: IamValues, fn: SamFunction): Permissions {
  const path = `Resources.${fn.logicalId}`;
  const record = values.resource(fn.logicalId);
  const properties = record?.properties ?? {};
  const connectors = connectorStatements(values, fn.logicalId);
  if (values.shape(properties.Role, `${path}.Properties.Role`) !== undefined) {
    const permissions = rolePermissions(values, properties.Role, `${path}.Properties.Role`);
    return { ...permissions, statements: [...permissions.statements, ...connectors] };
  }
  if (fn.resourceType !== 'AWS::Serverless::Function') {
    return external(`${path}.Properties.Role`, 'the function has no Role', 'no role');
  }
  const roleLogicalId = `${fn.logicalId}Role`;
  const statements: Statement[] = [
    ...managedStatements(values, managedPolicyByName('AWSLambdaBasicExecutionRole')!, {
      kind: 'sam',
      name: 'AWSLambdaBasicExecutionRole (SAM attaches it to the role it generates)',
      path,
      policyName: 'AWSLambdaBasicExecutionRole',
    }),
    ...samAdditions(path, properties),
  ];
  const seen = new Set<string>();
  const policiesPath = `${path}.Properties.Policies`;
  for (const item of values.list(properties.Policies, policiesPath)) {
    if (isUnreadable(item)) {
      statements.push(opaqueStatement(source('inline', 'a Policies item', policiesPath), item.unreadable));
      continue;
    }
    statements.push(...samPolicy(values, item.value, item.path, seen));
  }
  statements.push(...attached(values, [values.generated(roleLogicalId)], roleLogicalId, seen), ...connectors);
  return {
    owner: { kind: 'generated', functionLogicalId: fn.logicalId, roleLogicalId },
    name: `the role SAM generates for ${fn.logicalId}`,
    path,
    statements,
    boundaries: boundary(values, properties.PermissionsBoundary, `${path}.Properties.PermissionsBoundary`),
  };
}

/**
 * The permissions of a role given as a value: `!GetAtt Role.Arn` of an `AWS::IAM::Role` here, or its ARN
 * (`!Sub arn:…:role/${Role}`, or a literal ARN with the role's `RoleName`); any other role is unknown.
 * `raw` may be as written or as the reader resolved it.
 */
export function rolePermissions(values: IamValues, raw: unknown, path: string): Permissions {
  const shaped = values.shape(raw, path);
  if (shaped === undefined) return external(path, 'no role is given', 'no role');
  if (isUnreadable(shaped)) return external(path, shaped.unreadable, 'an unreadable role');
  const tokens = values.string(shaped.value);
  const logicalId = templateRole(values, tokens);
  if (logicalId === undefined) {
    const shown = showTokens(tokens);
    return external(shaped.path, `the role ${shown} is not an AWS::IAM::Role of this template`, shown);
  }
  const rolePath = `Resources.${logicalId}`;
  const properties = values.resource(logicalId)!.properties;
  const seen = new Set<string>();
  const statements: Statement[] = [];
  const policiesPath = `${rolePath}.Properties.Policies`;
  for (const item of values.list(properties.Policies, policiesPath)) {
    if (isUnreadable(item)) {
      statements.push(
        opaqueStatement(source('inline', `a policy of role ${logicalId}`, policiesPath), item.unreadable),
      );
      continue;
    }
    const policy = isPlainObject(item.value) ? item.value : {};
    const name =
      typeof policy.PolicyName === 'string'
        ? policy.PolicyName
        : `Policies${item.path.slice(policiesPath.length)}`;
    statements.push(
      ...readPolicyDocument(
        values,
        policy.PolicyDocument,
        joinPath(item.path, 'PolicyDocument'),
        source('inline', `the policy ${name} of role ${logicalId}`, item.path),
      ),
    );
  }
  const arnsPath = `${rolePath}.Properties.ManagedPolicyArns`;
  for (const item of values.list(properties.ManagedPolicyArns, arnsPath)) {
    if (isUnreadable(item)) {
      statements.push(opaqueStatement(source('managed', 'a managed policy', arnsPath), item.unreadable));
      continue;
    }
    statements.push(...managedArn(values, values.string(item.value), item.path, seen, false));
  }
  statements.push(...attached(values, roleNameOf(values, logicalId), logicalId, seen));
  return {
    owner: { kind: 'template', logicalId },
    name: `the role ${logicalId}`,
    path: rolePath,
    statements,
    boundaries: boundary(
      values,
      properties.PermissionsBoundary,
      `${rolePath}.Properties.PermissionsBoundary`,
    ),
  };
}

function source(kind: PolicySource['kind'], name: string, path: string, policyName?: string): PolicySource {
  return { kind, name, path, ...(policyName !== undefined && { policyName }) };
}

function external(path: string, reason: string, shown: string): Permissions {
  return {
    owner: { kind: 'external', shown },
    name: `the role ${shown}`,
    path,
    statements: [opaqueStatement(source('role', `role ${shown}`, path), reason)],
    boundaries: [],
  };
}

/** The logical id of the template's `AWS::IAM::Role` these tokens name (its ARN), if any. */
function templateRole(values: IamValues, tokens: Tokens): string | undefined {
  const key = tokens.length === 1 && typeof tokens[0] !== 'string' ? tokens[0]!.symbol : undefined;
  for (const [logicalId] of values.ofType(IAM_ROLE)) {
    if (key === canonicalJson({ 'Fn::GetAtt': [logicalId, 'Arn'] })) return logicalId;
    // arn:<partition>:iam::<account>:role/<path><name>
    const last = tokens[tokens.length - 1];
    const before = tokens[tokens.length - 2];
    if (
      last !== undefined &&
      typeof last !== 'string' &&
      last.symbol === canonicalJson({ Ref: logicalId }) &&
      typeof before === 'string' &&
      /:role\/(.*\/)?$/.test(before)
    ) {
      return logicalId;
    }
    const name = literalOf(roleNameOf(values, logicalId));
    const arn = literalOf(tokens);
    if (
      name !== undefined &&
      arn !== undefined &&
      /^arn:[^:]+:iam::[^:]*:role\//.test(arn) &&
      arn.endsWith(`/${name}`)
    )
      return logicalId;
  }
  return undefined;
}

/** A role's name (what `!Ref Role` gives): its `RoleName`, or a token for the generated one. */
function roleNameOf(values: IamValues, logicalId: string): Tokens {
  const written = values.resource(logicalId)?.properties.RoleName;
  const shaped = values.shape(written, '');
  return shaped === undefined || isUnreadable(shaped)
    ? [values.generated(logicalId)]
    : values.string(shaped.value);
}

/** Whether `entry` (a `Roles` item, a `RoleName`) names the role whose name is `name`. */
function namesRole(values: IamValues, entry: Tokens, name: Tokens): Truth {
  const same = sameString(entry, name);
  if (same !== 'maybe') return same;
  // Two resources' Refs (distinct roles) have distinct names.
  const refOf = (tokens: Tokens) => {
    if (tokens.length !== 1 || typeof tokens[0] === 'string') return undefined;
    const parsed = JSON.parse(tokens[0]!.symbol) as unknown;
    return isPlainObject(parsed) && typeof parsed.Ref === 'string' && Object.keys(parsed).length === 1
      ? parsed.Ref
      : undefined;
  };
  const [a, b] = [refOf(entry), refOf(name)];
  const isResource = (id: string | undefined) =>
    id !== undefined && !id.startsWith('AWS::') && values.input.model.parameters[id] === undefined;
  return isResource(a) && isResource(b) ? 'no' : 'maybe';
}

/** The statements of policy resources attached to the role (`Roles`, `RoleName`). */
function attached(
  values: IamValues,
  roleName: Tokens,
  roleLogicalId: string,
  seen: Set<string>,
): Statement[] {
  const out: Statement[] = [];
  for (const [logicalId, record] of values.ofType(IAM_POLICY, IAM_MANAGED_POLICY, IAM_ROLE_POLICY)) {
    const path = `Resources.${logicalId}`;
    const key = record.type === IAM_ROLE_POLICY ? 'RoleName' : 'Roles';
    let holds: Truth = 'no';
    for (const item of values.list(record.properties[key], `${path}.Properties.${key}`)) {
      const truth = isUnreadable(item) ? 'maybe' : namesRole(values, values.string(item.value), roleName);
      holds = truth === 'yes' ? 'yes' : holds === 'no' ? truth : holds;
    }
    if (holds === 'no' || seen.has(logicalId)) continue;
    seen.add(logicalId);
    const from = source('inline', `${record.type} ${logicalId}`, path);
    if (holds === 'maybe') {
      out.push(
        opaqueStatement(
          from,
          `${record.type} ${logicalId} may be attached to ${roleLogicalId}: its ${key} is known only once deployed`,
        ),
      );
      continue;
    }
    out.push(
      ...readPolicyDocument(
        values,
        record.properties.PolicyDocument,
        `${path}.Properties.PolicyDocument`,
        from,
      ),
    );
  }
  return out;
}

/** One item of a SAM function's `Policies`, by the kind SAM gives it. */
function samPolicy(values: IamValues, value: unknown, path: string, seen: Set<string>): Statement[] {
  const index = path.slice(path.indexOf('.Policies') + 1);
  if (typeof value === 'string') return managedArn(values, [value], path, seen, true);
  if (!isPlainObject(value)) {
    return [opaqueStatement(source('inline', index, path), `${index} is not a policy SAM reads`)];
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
    return managedArn(values, values.string(value), path, seen, true);
  }
  if ('Statement' in value) {
    return readPolicyDocument(values, value, path, source('inline', `the inline policy at ${index}`, path));
  }
  if (keys.length === 1) {
    const name = keys[0]!;
    const template = policyTemplate(name);
    const from = source('template', `the policy template ${name} (${index})`, path, name);
    if (!template) {
      return [
        opaqueStatement(from, `the policy template ${name} is not one shiftguard reads`, {
          not: true,
          patterns: NO_TEMPLATE_GRANTS,
        }),
      ];
    }
    const parameters = isPlainObject(value[name]) ? value[name] : {};
    const missing = template.parameters.filter((parameter) => parameters[parameter] === undefined);
    if (missing.length > 0) return [opaqueStatement(from, `${name} needs ${missing.join(', ')}`)];
    return readPolicyDocument(values, template.document(parameters), path, from, false);
  }
  return [opaqueStatement(source('inline', index, path), `${index} is not a policy SAM reads`)];
}

/** A managed policy named by a string or an ARN (`byName`: SAM's `Policies` also takes a bare name). */
function managedArn(
  values: IamValues,
  tokens: Tokens,
  path: string,
  seen: Set<string>,
  byName: boolean,
): Statement[] {
  const arn = literalOf(tokens);
  const shown = showTokens(tokens);
  if (arn !== undefined) {
    const policy = byName && !arn.startsWith('arn:') ? managedPolicyByName(arn) : managedPolicyByArn(arn);
    const name = policy?.name ?? arn.slice(arn.lastIndexOf('/') + 1);
    const from = source('managed', `the managed policy ${name}`, path, name);
    if (policy) return managedStatements(values, policy, from);
    const why =
      isAwsManagedArn(arn) || (byName && !arn.startsWith('arn:'))
        ? `the AWS managed policy ${name} is not one shiftguard reads`
        : `the managed policy ${arn} is not in this template`;
    return [opaqueStatement(from, why)];
  }
  // `!Ref Policy` of an AWS::IAM::ManagedPolicy here is its ARN.
  for (const [logicalId, record] of values.ofType(IAM_MANAGED_POLICY)) {
    if (!sameTokens(tokens, [values.generated(logicalId)])) continue;
    if (seen.has(logicalId)) return [];
    seen.add(logicalId);
    const policyPath = `Resources.${logicalId}`;
    return readPolicyDocument(
      values,
      record.properties.PolicyDocument,
      `${policyPath}.Properties.PolicyDocument`,
      source('inline', `${IAM_MANAGED_POLICY} ${logicalId}`, policyPath),
    );
  }
  return [
    opaqueStatement(
      source('managed', `the managed policy ${shown}`, path),
      `the managed policy ${shown} is known only once deployed`,
    ),
  ];
}

function managedStatements(values: IamValues, policy: ManagedPolicy, from: PolicySource): Statement[] {
  const statements = readPolicyDocument(values, { Statement: policy.statements }, from.path, from, false);
  if (policy.unencodedActions) {
    statements.push(
      opaqueStatement(from, `shiftguard does not read all of the managed policy ${policy.name}`, {
        patterns: policy.unencodedActions,
      }),
    );
  }
  return statements;
}

/**
 * What SAM adds to the role it generates for these properties: AWSXrayWriteOnlyAccess (`Tracing`),
 * AWSLambdaVPCAccessExecutionRole (`VpcConfig`), sqs:SendMessage/sns:Publish (`DeadLetterQueue`), the
 * destinations of `EventInvokeConfig`, and the pollers' reads for queue and stream events. Not read here,
 * only bounded by the services they concern.
 */
function samAdditions(path: string, properties: Readonly<Record<string, unknown>>): Statement[] {
  const out: Statement[] = [];
  const add = (key: string, patterns: readonly string[], not = false) => {
    if (properties[key] === undefined) return;
    const at = `${path}.Properties.${key}`;
    out.push(
      opaqueStatement(source('sam', `what SAM adds for ${key}`, at), `SAM adds policies for ${key}`, {
        not,
        patterns,
      }),
    );
  };
  add('Tracing', ['xray:*']);
  add('VpcConfig', ['ec2:*', 'logs:*']);
  add('DeadLetterQueue', ['sqs:*', 'sns:*']);
  add('EventInvokeConfig', ['sqs:*', 'sns:*', 'lambda:*', 'events:*', 's3:*']);
  const pollers = ['SQS', 'Kinesis', 'DynamoDB', 'MQ', 'MSK', 'SelfManagedKafka', 'DocumentDB'];
  const events = properties.Events;
  if (isPlainObject(events)) {
    for (const [name, event] of Object.entries(events)) {
      if (!isPlainObject(event) || typeof event.Type !== 'string' || !pollers.includes(event.Type)) continue;
      const at = `${path}.Properties.Events.${name}`;
      out.push(
        opaqueStatement(
          source('sam', `what SAM adds for the ${event.Type} event ${name}`, at),
          `SAM adds the ${event.Type} poller's permissions`,
          {
            not: true,
            patterns: ['codedeploy:*', 'lambda:*'],
          },
        ),
      );
    }
  }
  return out;
}

/**
 * SAM connectors whose source is the function (`AWS::Serverless::Connector` and the function's embedded
 * `Connectors`). Function to function with `Write` allows lambda:InvokeAsync and lambda:InvokeFunction on
 * the destination's ARN, unqualified (SAM@7000d0a `connector_profiles/profiles.json`); every other
 * connection is left unread, bounded away from CodeDeploy (no connector reaches it) and, for a
 * destination that is not a function, from Lambda.
 */
function connectorStatements(values: IamValues, functionLogicalId: string): Statement[] {
  const connectors: { path: string; properties: Record<string, unknown> }[] = [];
  for (const [logicalId, record] of values.ofType(CONNECTOR)) {
    const sourceRef = record.properties.Source;
    if (isPlainObject(sourceRef) && sourceRef.Id === functionLogicalId)
      connectors.push({ path: `Resources.${logicalId}`, properties: { ...record.properties } });
  }
  const embedded = values.resource(functionLogicalId)?.raw.Connectors;
  if (isPlainObject(embedded)) {
    for (const [name, connector] of Object.entries(embedded)) {
      if (isPlainObject(connector) && isPlainObject(connector.Properties))
        connectors.push({
          path: `Resources.${functionLogicalId}.Connectors.${name}`,
          properties: connector.Properties,
        });
    }
  }
  const out: Statement[] = [];
  for (const { path, properties } of connectors) {
    const from = source('connector', `the connector ${path.slice('Resources.'.length)}`, path);
    const permissions = values.list(properties.Permissions, `${path}.Properties.Permissions`);
    const write = permissions.some((item) => !isUnreadable(item) && item.value === 'Write');
    const onlyWrite = permissions.every((item) => !isUnreadable(item) && item.value === 'Write');
    for (const item of values.list(properties.Destination, `${path}.Properties.Destination`)) {
      const destination = !isUnreadable(item) && isPlainObject(item.value) ? item.value : {};
      const id = typeof destination.Id === 'string' ? destination.Id : undefined;
      const type = id === undefined ? destination.Type : values.resource(id)?.type;
      const isFunction = typeof type === 'string' && FUNCTION_TYPES.includes(type);
      const arn =
        id !== undefined
          ? values.functionArn(id)
          : destination.Arn !== undefined
            ? values.string(destination.Arn)
            : undefined;
      if (isFunction && write && arn) {
        const entries = (actions: string[]) => actions.map((action) => ({ tokens: literal(action), path }));
        out.push({
          effect: 'Allow',
          action: { not: false, entries: entries(['lambda:InvokeAsync', 'lambda:InvokeFunction']), path },
          resource: { not: false, entries: [{ tokens: arn, path }], path },
          conditional: false,
          path,
          source: from,
        });
        if (onlyWrite) continue;
      }
      out.push(
        opaqueStatement(from, `shiftguard does not read what ${from.name} allows`, {
          not: true,
          patterns: isFunction ? ['codedeploy:*'] : ['codedeploy:*', 'lambda:*'],
        }),
      );
    }
  }
  return out;
}

function boundary(values: IamValues, raw: unknown, path: string): Statement[] {
  const shaped = values.shape(raw, path);
  if (shaped === undefined) return [];
  const shown = isUnreadable(shaped) ? 'a permissions boundary' : showTokens(values.string(shaped.value));
  return [
    {
      ...opaqueStatement(
        source('role', `the permissions boundary ${shown}`, path),
        `the permissions boundary ${shown} may take it away`,
      ),
      effect: 'Deny',
    },
  ];
}
