// The doctor's IAM rules: whether each hook's role lets it report and invoke what it tests, whether a
// custom CodeDeploy role may invoke the hooks, and whether a hook's role holds far more than it needs.
// Least privilege for a hook (issue 12 research note §9): codedeploy:PutLifecycleEventHookExecutionStatus
// and codedeploy:GetDeployment on its deployment group, codedeploy:GetApplicationRevision on the
// application, lambda:InvokeFunction on the target function's versions, CloudWatch reads for metric gates.
// Only a proven denial is an error; what the template cannot tell is an `info`.

import type { HookTarget, SamFunction } from '../../template/model';
import type { Finding, RuleDescription, Severity } from '../finding';
import { applies, coversAction, type Decision, type Request } from './evaluate';
import { decide, fixPath, functionPermissions, type Permissions, rolePermissions } from './hook-role';
import type { IamRuleInput } from './input';
import { managedPolicyByName } from './managed-policies';
import type { Entry, Statement } from './policy';
import { concat, containsTokens, literal, matchPattern, showTokens, type Tokens } from './tokens';
import { IamValues } from './values';

export interface IamRule {
  readonly description: RuleDescription;
  check(input: IamRuleInput): Finding[];
}

const PUT_STATUS = 'codedeploy:PutLifecycleEventHookExecutionStatus';
const GET_DEPLOYMENT = 'codedeploy:GetDeployment';
const GET_REVISION = 'codedeploy:GetApplicationRevision';
const INVOKE = 'lambda:InvokeFunction';
const APPLICATION = 'ServerlessDeploymentApplication';

/** The YAML a fix writes for a resource. */
const groupArn = (target: string) =>
  `!Sub arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${${APPLICATION}}/\${${target}DeploymentGroup}`;
const applicationArn = `!Sub arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:application:\${${APPLICATION}}`;
const versionsArn = (target: string) => `!Sub \${${target}.Arn}:*`;

/** One hook of one function's enabled DeploymentPreference. */
interface HookUse {
  readonly target: SamFunction;
  readonly event: 'PreTraffic' | 'PostTraffic';
  readonly hook: HookTarget;
  /** The hook function, when it is a function of this template. */
  readonly hookFunction: SamFunction | undefined;
  /** `Resources.<target>.Properties.DeploymentPreference.Hooks.<event>`. */
  readonly path: string;
}

class Context {
  readonly values: IamValues;
  readonly uses: readonly HookUse[];
  private readonly permissions = new Map<string, Permissions>();

  constructor(readonly input: IamRuleInput) {
    this.values = new IamValues(input);
    const uses: HookUse[] = [];
    for (const target of input.model.functions) {
      const preference = target.deploymentPreference;
      if (!preference?.enabled) continue;
      for (const [event, hook] of [
        ['PreTraffic', preference.hooks.preTraffic],
        ['PostTraffic', preference.hooks.postTraffic],
      ] as const) {
        if (!hook) continue;
        uses.push({
          target,
          event,
          hook,
          hookFunction: input.model.functions.find((fn) => fn.logicalId === hook.logicalId),
          path: `Resources.${target.logicalId}.Properties.DeploymentPreference.Hooks.${event}`,
        });
      }
    }
    this.uses = uses;
  }

  /** The hook uses whose hook is a function of this template, grouped by hook. */
  hooks(): Map<SamFunction, HookUse[]> {
    const out = new Map<SamFunction, HookUse[]>();
    for (const use of this.uses) {
      if (!use.hookFunction) continue;
      out.set(use.hookFunction, [...(out.get(use.hookFunction) ?? []), use]);
    }
    return out;
  }

  permissionsOf(fn: SamFunction): Permissions {
    let permissions = this.permissions.get(fn.logicalId);
    if (!permissions) {
      permissions = functionPermissions(this.values, fn);
      this.permissions.set(fn.logicalId, permissions);
    }
    return permissions;
  }

  finding(
    description: RuleDescription,
    severity: Severity,
    logicalId: string | undefined,
    path: string,
    message: string,
    fix: string,
  ): Finding {
    const at = this.locate(path);
    return {
      ruleId: description.id,
      severity,
      logicalId,
      path: this.input.written?.(path) ?? path,
      file: this.input.file,
      line: at?.line,
      column: at?.column,
      endLine: at?.endLine,
      endColumn: at?.endColumn,
      message,
      fix,
    };
  }

  /** A function's own locations first: they follow values merged from Globals to where they are written. */
  private locate(path: string) {
    const match = /^Resources\.([A-Za-z0-9]+)\.(.+)$/.exec(path);
    const fn = match && this.input.model.functions.find((one) => one.logicalId === match[1]);
    return (fn && match ? fn.locations[match[2]!] : undefined) ?? this.input.locate(path);
  }
}

const contexts = new WeakMap<IamRuleInput, Context>();
function contextOf(input: IamRuleInput): Context {
  let context = contexts.get(input);
  if (!context) {
    context = new Context(input);
    contexts.set(input, context);
  }
  return context;
}

/** One finding per place and message (`byPath`: per place, for a statement shared by several hooks). */
function unique(findings: Finding[], byPath = false): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}\u0000${finding.path}\u0000${byPath ? '' : finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first entry of the statement's resources that may match the request: where to point. */
function entryFor(statement: Statement, request: Request): Entry | undefined {
  return statement.resource?.entries.find(
    (entry) => matchPattern(entry.tokens, request.resource, { ignoreCase: false }) !== 'no',
  );
}

/** Where a statement is best pointed at: its resource for the request, or its source. */
function statementPath(statement: Statement, request: Request): string {
  if (statement.opaque !== undefined) return statement.source.path;
  return entryFor(statement, request)?.path ?? statement.resource?.path ?? statement.path;
}

/** A statement that allows the action, but on other resources: the near miss a message names. */
function nearMiss(permissions: Permissions, request: Request): Statement | undefined {
  return permissions.statements.find(
    (statement) =>
      statement.effect === 'Allow' &&
      statement.opaque === undefined &&
      statement.source.kind !== 'sam' &&
      coversAction(statement, request.action) === 'yes',
  );
}

const shownResources = (statement: Statement) =>
  (statement.resource?.entries ?? []).map((entry) => showTokens(entry.tokens)).join(', ');

/** The statements that leave a decision unknown (not the Allow it would otherwise be). */
function uncertain(decision: Extract<Decision, { result: 'unknown' }>, request: Request): Statement[] {
  const doubtful = decision.statements.filter(
    (statement) => !(statement.effect === 'Allow' && applies(statement, request) === 'yes'),
  );
  return doubtful.length > 0 ? doubtful : [...decision.statements];
}

/** Why a decision is unknown, in a sentence. */
function reasons(decision: Extract<Decision, { result: 'unknown' }>, request: Request): string {
  const out = uncertain(decision, request).map((statement) => {
    if (statement.opaque !== undefined) return statement.opaque;
    if (statement.conditional) {
      return statement.effect === 'Allow'
        ? `${statement.source.name} allows it only under a Condition`
        : `a Deny of ${statement.source.name} may apply, under its Condition`;
    }
    const entry = entryFor(statement, request);
    const what = `whether ${entry ? showTokens(entry.tokens) : shownResources(statement)} in ${statement.source.name} covers ${showTokens(request.resource)} is known only once the stack is deployed`;
    return statement.effect === 'Allow' ? what : `a Deny: ${what}`;
  });
  return [...new Set(out)].join('; ');
}

/** Where an unknown decision is best pointed at: the first statement that leaves it open. */
const unknownPath = (decision: Extract<Decision, { result: 'unknown' }>, request: Request) =>
  statementPath(uncertain(decision, request)[0]!, request);

/** Where a statement for the fix goes, and the statement, in YAML. */
function statementFix(
  permissions: Permissions,
  policyName: string,
  actions: string[],
  resources: string[],
): string {
  const resource =
    resources.length === 1 ? ` ${resources[0]}` : `\n${resources.map((one) => `  - ${one}`).join('\n')}`;
  const statement = [
    '- Effect: Allow',
    '  Action:',
    ...actions.map((action) => `    - ${action}`),
    `  Resource:${resource.replace(/\n {2}/g, '\n    ')}`,
  ];
  const indent = (lines: string[], by: string) =>
    lines
      .join('\n')
      .split('\n')
      .map((line) => by + line)
      .join('\n');
  const { owner } = permissions;
  if (owner.kind === 'generated') {
    return `Add to the Policies of ${owner.functionLogicalId}:\n- Statement:\n${indent(statement, '    ')}`;
  }
  if (owner.kind === 'template') {
    return `Add to the Policies of role ${owner.logicalId}:\n- PolicyName: ${policyName}\n  PolicyDocument:\n    Version: "2012-10-17"\n    Statement:\n${indent(statement, '      ')}`;
  }
  return `Allow it in a policy of role ${owner.shown}:\n${indent(statement, '')}`;
}

const describe = (use: HookUse) =>
  `${use.hook.logicalId ?? use.hook.functionName} (the ${use.event} hook of ${use.target.logicalId})`;

// ───────────────────────────── hook-role-put-status ─────────────────────────────

const putStatus: IamRule = {
  description: {
    id: 'hook-role-put-status',
    name: 'HookRolePutStatus',
    severity: 'error',
    summary:
      "A hook's role does not allow codedeploy:PutLifecycleEventHookExecutionStatus on its deployment group",
    help:
      'A hook reports its verdict with codedeploy:PutLifecycleEventHookExecutionStatus on the deployment group ' +
      'of the function it tests. Without that permission the call is denied, CodeDeploy waits an hour for a ' +
      'status that never comes, then fails the deployment and rolls it back. Allow the action on ' +
      `arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:\${ServerlessDeploymentApplication}/\${<Function>DeploymentGroup} ` +
      `(or deploymentgroup:\${ServerlessDeploymentApplication}/* for every group of the stack).`,
  },
  check(input) {
    const context = contextOf(input);
    const findings: Finding[] = [];
    for (const use of context.uses) {
      if (!use.hookFunction) continue;
      const permissions = context.permissionsOf(use.hookFunction);
      const request: Request = {
        action: PUT_STATUS,
        resource: concat(
          context.values.arnPrefix('codedeploy'),
          'deploymentgroup:',
          context.values.generated(APPLICATION),
          '/',
          context.values.generated(`${use.target.logicalId}DeploymentGroup`),
        ),
      };
      const decision = decide(permissions, request);
      if (decision.result === 'allowed') continue;
      const group = `${use.target.logicalId}'s deployment group`;
      const consequence =
        'CodeDeploy waits an hour for a status, then fails the deployment and rolls it back';
      const fix = statementFix(
        permissions,
        'report-hook-status',
        [PUT_STATUS],
        [groupArn(use.target.logicalId)],
      );
      const hook = use.hookFunction.logicalId;
      if (decision.result === 'denied' && decision.statement) {
        findings.push(
          context.finding(
            this.description,
            'error',
            hook,
            decision.statement.path,
            `${describe(use)} cannot report its result: a Deny of ${decision.statement.source.name} refuses ${PUT_STATUS} on ${group}, so ${consequence}.`,
            `Narrow that Deny so it leaves ${PUT_STATUS} on ${groupArn(use.target.logicalId)} alone.`,
          ),
        );
      } else if (decision.result === 'denied') {
        const miss = nearMiss(permissions, request);
        const allowedOn = miss ? ` (${miss.source.name} allows it only on ${shownResources(miss)})` : '';
        findings.push(
          context.finding(
            this.description,
            'error',
            hook,
            miss ? (miss.resource?.path ?? miss.path) : fixPath(permissions, context.values),
            `${describe(use)} cannot report its result: ${permissions.name} does not allow ${PUT_STATUS} on ${group}${allowedOn}, so the call is denied and ${consequence}.`,
            fix,
          ),
        );
      } else {
        findings.push(
          context.finding(
            this.description,
            'info',
            hook,
            unknownPath(decision, request),
            `Cannot verify that ${describe(use)} may report its result (${PUT_STATUS} on ${group}): ${reasons(decision, request)}. Without it, ${consequence}.`,
            `Make sure ${permissions.name} allows it. ${fix}`,
          ),
        );
      }
    }
    return unique(findings);
  },
};

// ─────────────────────────── hook-role-invoke-versions ──────────────────────────

const invokeVersions: IamRule = {
  description: {
    id: 'hook-role-invoke-versions',
    name: 'HookRoleInvokeVersions',
    severity: 'error',
    summary: "A hook's role allows invoking the function it tests, but not the function's versions",
    help:
      'A hook tests the new version by invoking it with its version number as the qualifier, and IAM ' +
      'matches that call against the version ARN (arn:…:function:name:7), a different resource from the ' +
      "function's unqualified ARN (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html). " +
      'A grant on !GetAtt Function.Arn alone, an alias or a connector (which grants the unqualified ARN) lets ' +
      `every invocation of the new version fail, and the hook with it. Allow !Sub \${Function.Arn}:* or use the ` +
      'policy template LambdaInvokePolicy with the function name.',
  },
  check(input) {
    const context = contextOf(input);
    const findings: Finding[] = [];
    for (const use of context.uses) {
      if (!use.hookFunction) continue;
      const permissions = context.permissionsOf(use.hookFunction);
      const { values } = context;
      const target = use.target.logicalId;
      const unqualified: Request = { action: INVOKE, resource: values.functionArn(target) };
      const request: Request = {
        action: INVOKE,
        resource: concat(values.functionArn(target), ':', values.version(target)),
      };
      // The hook invokes the function it tests only if its role says so: a grant of invoke on the
      // function, its name or its alias. A hook that only probes HTTP needs none.
      const name = values.functionName(target);
      const mention = mentionOf(permissions, unqualified, name);
      if (!mention) continue;
      const decision = decide(permissions, request);
      if (decision.result === 'allowed') continue;
      const hook = use.hookFunction.logicalId;
      const versions = `${target}'s versions (${showTokens(values.functionArn(target))}:<version>)`;
      const consequence =
        'each invocation of the new version is denied, so the hook fails and every deployment rolls back';
      const fix = statementFix(permissions, 'invoke-target-versions', [INVOKE], [versionsArn(target)]);
      const templateFix =
        permissions.owner.kind === 'generated'
          ? `\nOr use the policy template:\n- LambdaInvokePolicy:\n    FunctionName: !Ref ${target}`
          : '';
      if (decision.result === 'denied' && decision.statement) {
        findings.push(
          context.finding(
            this.description,
            'error',
            hook,
            decision.statement.path,
            `${describe(use)} cannot invoke ${versions}: a Deny of ${decision.statement.source.name} refuses it, so ${consequence}.`,
            `Narrow that Deny so it leaves ${INVOKE} on ${versionsArn(target)} alone.`,
          ),
        );
      } else if (decision.result === 'denied') {
        const shown = showTokens(mention.entry.tokens);
        const why = /:function:arn:/.test(shown)
          ? ` (${mention.statement.source.name} is given an ARN where it takes a function name, so it matches no function at all)`
          : '';
        findings.push(
          context.finding(
            this.description,
            'error',
            hook,
            mention.entry.path,
            `${describe(use)} may invoke ${target} only as ${shown}${why}: the new version it tests is another resource, ${versions}, so ${consequence}.`,
            `Replace that resource with ${versionsArn(target)}, or: ${fix}${templateFix}`,
          ),
        );
      } else {
        findings.push(
          context.finding(
            this.description,
            'info',
            hook,
            unknownPath(decision, request),
            `Cannot verify that ${describe(use)} may invoke ${versions}: ${reasons(decision, request)}. If it may not, ${consequence}.`,
            `Make sure ${permissions.name} allows it. ${fix}${templateFix}`,
          ),
        );
      }
    }
    return unique(findings);
  },
};

/** An Allow of invoke whose resource is the function (unqualified) or one of its qualifiers (an alias). */
function mentionOf(
  permissions: Permissions,
  unqualified: Request,
  name: Tokens,
): { statement: Statement; entry: Entry } | undefined {
  for (const statement of permissions.statements) {
    if (statement.effect !== 'Allow' || statement.opaque !== undefined || !statement.resource) continue;
    if (statement.resource.not || coversAction(statement, INVOKE) === 'no') continue;
    for (const entry of statement.resource.entries) {
      if (
        matchPattern(entry.tokens, unqualified.resource, { ignoreCase: false }) !== 'no' ||
        containsTokens(entry.tokens, concat('function:', name, ':')) ||
        containsTokens(entry.tokens, concat('function:', name, '*'))
      ) {
        return { statement, entry };
      }
    }
  }
  return undefined;
}

// ──────────────────────────── custom-role-invoke-hook ───────────────────────────

const customRoleInvokeHook: IamRule = {
  description: {
    id: 'custom-role-invoke-hook',
    name: 'CustomRoleInvokeHook',
    severity: 'error',
    summary: 'A custom DeploymentPreference Role cannot invoke the hooks',
    help:
      'With DeploymentPreference.Role set, CodeDeploy invokes the hooks with that role instead of the one SAM ' +
      'generates. If it does not allow lambda:InvokeFunction on a hook, the deployment fails at that hook ' +
      '(IAM_ROLE_PERMISSIONS) and rolls back. AWSCodeDeployRoleForLambda allows it only on functions named ' +
      'CodeDeployHook_* (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html): ' +
      'name the hooks so, or allow lambda:InvokeFunction on each hook in the role.',
  },
  check(input) {
    const context = contextOf(input);
    const { values } = context;
    const findings: Finding[] = [];
    for (const use of context.uses) {
      const preference = use.target.deploymentPreference!;
      if (preference.role === undefined) continue;
      const rolePath = `Resources.${use.target.logicalId}.Properties.DeploymentPreference.Role`;
      const permissions = rolePermissions(values, preference.role, rolePath);
      const hookArn = use.hook.logicalId
        ? values.functionArn(use.hook.logicalId)
        : use.hook.functionName.startsWith('arn:')
          ? literal(use.hook.functionName)
          : concat(values.arnPrefix('lambda'), 'function:', use.hook.functionName);
      const request: Request = { action: INVOKE, resource: hookArn };
      const decision = decide(permissions, request);
      if (decision.result === 'allowed') continue;
      const hookName = use.hook.logicalId ?? use.hook.functionName;
      const what = `CodeDeploy cannot invoke the ${use.event} hook ${hookName} of ${use.target.logicalId}`;
      const consequence = `so the deployment fails at ${use.event} (IAM_ROLE_PERMISSIONS) and rolls back`;
      const resource = use.hook.logicalId ? `!GetAtt ${use.hook.logicalId}.Arn` : showTokens(hookArn);
      const fix = statementFix(permissions, 'invoke-hooks', [INVOKE], [resource]);
      if (decision.result === 'denied' && decision.statement) {
        findings.push(
          context.finding(
            this.description,
            'error',
            use.target.logicalId,
            decision.statement.path,
            `${what}: a Deny of ${decision.statement.source.name} in its DeploymentPreference.Role refuses ${INVOKE} on it, ${consequence}.`,
            `Narrow that Deny so it leaves ${INVOKE} on ${resource} alone.`,
          ),
        );
      } else if (decision.result === 'denied') {
        const miss = nearMiss(permissions, request);
        const allowedOn = miss ? ` (${miss.source.name} allows it only on ${shownResources(miss)})` : '';
        // AWSCodeDeployRoleForLambda's own way: a hook named CodeDeployHook_*.
        const prefixed = miss && /function:CodeDeployHook_\*$/.test(shownResources(miss));
        const rename = prefixed
          ? `\nOr name the hook so it starts with CodeDeployHook_, e.g. FunctionName: !Sub CodeDeployHook_\${AWS::StackName}-${use.event === 'PreTraffic' ? 'pre' : 'post'}-traffic`
          : '';
        findings.push(
          context.finding(
            this.description,
            'error',
            use.target.logicalId,
            miss ? statementPath(miss, request) : use.path,
            `${what}: its DeploymentPreference.Role, ${permissions.name}, does not allow ${INVOKE} on ${showTokens(hookArn)}${allowedOn}, ${consequence}.`,
            `${fix}${rename}`,
          ),
        );
      } else {
        findings.push(
          context.finding(
            this.description,
            'info',
            use.target.logicalId,
            permissions.owner.kind === 'external' ? rolePath : unknownPath(decision, request),
            `Cannot verify that CodeDeploy may invoke the ${use.event} hook ${hookName} of ${use.target.logicalId} with its DeploymentPreference.Role: ${reasons(decision, request)}. If it may not, the deployment fails at ${use.event} and rolls back.`,
            `Make sure ${permissions.name} allows ${INVOKE} on ${resource}. ${fix}`,
          ),
        );
      }
    }
    return unique(findings);
  },
};

// ─────────────────────────────── hook-role-too-wide ─────────────────────────────

/** What a hook holding the action on every resource could do, for the message. */
const RISK: Readonly<Record<string, string>> = {
  [PUT_STATUS]: "report any hook's status in the account (passing or failing other deployments)",
  [GET_DEPLOYMENT]: 'read every deployment in the account',
  [GET_REVISION]: "read every application's revisions",
  [INVOKE]: 'invoke every function in the account',
};

/** What a hook needs each of them on. */
const NEEDS: Readonly<Record<string, string>> = {
  [PUT_STATUS]: 'its deployment group',
  [GET_DEPLOYMENT]: 'its deployment group',
  [GET_REVISION]: 'its application',
  [INVOKE]: 'the versions it tests',
};

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The scoped `Resource` for each group of actions that share one. */
function scopedFix(actions: readonly string[], scoped: Readonly<Record<string, string[]>>): string {
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const resources = scoped[action]!;
    const yaml =
      resources.length === 1 ? ` ${resources[0]}` : `\n${resources.map((one) => `  - ${one}`).join('\n')}`;
    groups.set(yaml, [...(groups.get(yaml) ?? []), action]);
  }
  const parts = [...groups].map(([yaml, group]) => `Action: [${group.join(', ')}]\nResource:${yaml}`);
  return parts.length === 1
    ? `Scope the statement:\n${parts[0]}`
    : `Split the statement, one per resource:\n${parts.join('\n---\n')}`;
}

const tooWide: IamRule = {
  description: {
    id: 'hook-role-too-wide',
    name: 'HookRoleTooWide',
    severity: 'warning',
    summary: "A hook's role allows far more than a hook needs",
    help:
      'A hook needs codedeploy:PutLifecycleEventHookExecutionStatus and codedeploy:GetDeployment on its ' +
      'deployment group, codedeploy:GetApplicationRevision on the application, lambda:InvokeFunction on the ' +
      "target function's versions, and CloudWatch reads for metric gates (cloudwatch:GetMetricData takes no " +
      'resource, so `*` is right for it). `*` actions, whole services (`lambda:*`), these four actions on ' +
      'every resource, or managed policies like AdministratorAccess let a faulty or compromised hook pass ' +
      "or fail other deployments and touch anything. Scope each statement to the hook's own resources.",
  },
  check(input) {
    const context = contextOf(input);
    const { values } = context;
    const findings: Finding[] = [];
    for (const [hookFunction, uses] of context.hooks()) {
      const permissions = context.permissionsOf(hookFunction);
      const hook = hookFunction.logicalId;
      const targets = [...new Set(uses.map((use) => use.target.logicalId))];
      const scoped: Readonly<Record<string, string[]>> = {
        [PUT_STATUS]: targets.map(groupArn),
        [GET_DEPLOYMENT]: targets.map(groupArn),
        [GET_REVISION]: [applicationArn],
        [INVOKE]: targets.map(versionsArn),
      };
      const probes: Readonly<Record<string, Tokens>> = {
        [PUT_STATUS]: concat(
          values.arnPrefix('codedeploy'),
          'deploymentgroup:shiftguard-other-app/shiftguard-other-group',
        ),
        [GET_DEPLOYMENT]: concat(
          values.arnPrefix('codedeploy'),
          'deploymentgroup:shiftguard-other-app/shiftguard-other-group',
        ),
        [GET_REVISION]: concat(values.arnPrefix('codedeploy'), 'application:shiftguard-other-app'),
        [INVOKE]: concat(values.arnPrefix('lambda'), 'function:shiftguard-other-function'),
      };
      const reported = new Set<string>();
      for (const statement of permissions.statements) {
        const { source } = statement;
        const managed = source.policyName === undefined ? undefined : managedPolicyByName(source.policyName);
        if (source.kind === 'managed' && managed?.tooWide) {
          if (reported.has(source.path)) continue;
          reported.add(source.path);
          findings.push(
            context.finding(
              this.description,
              'warning',
              hook,
              source.path,
              `${hook}'s role holds the managed policy ${managed.name}: ${managed.tooWide}, far more than a hook needs.`,
              `Replace it with statements scoped to the hook's resources, e.g.\n${statementFix(permissions, 'hook', [PUT_STATUS, GET_DEPLOYMENT], scoped[PUT_STATUS]!)}`,
            ),
          );
          continue;
        }
        if (statement.effect !== 'Allow' || statement.opaque !== undefined || !statement.action) continue;
        if (source.kind === 'sam') continue;
        // Whole actions: `*`, `service:*`, or NotAction (everything but a few).
        const wideAction = statement.action.not
          ? statement.action
          : statement.action.entries.find((entry) => /^(\*|[a-z0-9-]+:\*)$/i.test(showTokens(entry.tokens)));
        if (wideAction) {
          const shown = statement.action.not
            ? `every action but ${statement.action.entries.map((entry) => showTokens(entry.tokens)).join(', ')} (NotAction)`
            : showTokens((wideAction as Entry).tokens) === '*'
              ? 'every action (`*`)'
              : `every ${showTokens((wideAction as Entry).tokens).split(':')[0]} action (\`${showTokens((wideAction as Entry).tokens)}\`)`;
          findings.push(
            context.finding(
              this.description,
              'warning',
              hook,
              wideAction.path,
              `${hook}'s role allows ${shown} in ${source.name}, far more than a hook needs.`,
              `List only the actions the hook calls: ${PUT_STATUS} and ${GET_DEPLOYMENT} on its deployment group, ${INVOKE} on the versions it tests, CloudWatch reads for metric gates.`,
            ),
          );
          continue;
        }
        // The hook's four actions on every resource.
        if (!statement.resource) continue;
        const { resource } = statement;
        const everywhere = (entry: Entry, action: string) =>
          matchPattern(entry.tokens, probes[action]!, { ignoreCase: false }) === 'yes' ||
          /(^\*$|:(function|deploymentgroup|application):\*$)/.test(showTokens(entry.tokens));
        const wide = Object.keys(RISK).filter(
          (action) =>
            coversAction(statement, action) === 'yes' &&
            (resource.not || resource.entries.some((entry) => everywhere(entry, action))),
        );
        if (wide.length === 0) continue;
        const entry = resource.not
          ? undefined
          : resource.entries.find((one) => wide.some((action) => everywhere(one, action)));
        const where = entry ? `\`${showTokens(entry.tokens)}\`` : 'every resource but a few (NotResource)';
        const needs = [...new Set(wide.map((action) => NEEDS[action]!))];
        const them = wide.length === 1 ? 'it' : 'them';
        findings.push(
          context.finding(
            this.description,
            'warning',
            hook,
            entry?.path ?? resource.path,
            `${hook}'s role allows ${list(wide)} on ${where} in ${source.name}, but a hook needs ${them} only on ${list(needs)}: with ${them} everywhere, a faulty or compromised hook could ${list(wide.map((action) => RISK[action]!))}.`,
            scopedFix(wide, scoped),
          ),
        );
      }
    }
    return unique(findings, true);
  },
};

/** The IAM rules, in the order the doctor runs them. */
export const IAM_RULES: readonly IamRule[] = [customRoleInvokeHook, putStatus, invokeVersions, tooWide];
