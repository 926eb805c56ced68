// What the reader itself finds: a fatal TemplateError is one finding and the doctor stops there (as SAM
// stops at the first error, "fix and re-run"); its warnings are findings too. Each maps from the
// reader's stable `reason` or `kind`, never from a message.
import type { TemplateErrorReason } from '../../errors';
import type { TemplateWarningKind } from '../../template/model';
import type { RuleDescription } from '../finding';
import { describeRule } from '../rule';

const templateSyntax = describeRule({
  id: 'template-syntax',
  severity: 'error',
  summary: 'The template is not valid YAML or JSON',
  help: 'A syntax error, a duplicate key or an unknown short form (!Tag): neither the SAM CLI nor CloudFormation reads the file. Fix the text at the place shown.',
});
const notSam = describeRule({
  id: 'not-sam',
  severity: 'error',
  summary: 'The template has no SAM transform',
  help: 'Without Transform: AWS::Serverless-2016-10-31, AWS::Serverless::Function, AutoPublishAlias and DeploymentPreference mean nothing to CloudFormation. Add the transform.',
});
const templateShape = describeRule({
  id: 'template-shape',
  severity: 'error',
  summary: 'A section, resource or property is not the shape SAM or CloudFormation requires',
  help: 'SAM refuses the template before anything deploys. Give the value the shape named in the message.',
});
const parameterValue = describeRule({
  id: 'parameter-value',
  severity: 'error',
  summary: 'A parameter has no value, or a value its type or constraints refuse',
  help: 'CloudFormation refuses the stack. Give the parameter a Default, or pass a value (--param NAME=VALUE) within its AllowedValues, AllowedPattern and bounds.',
});
const referenceInvalid = describeRule({
  id: 'reference-invalid',
  severity: 'error',
  summary: 'A reference names nothing the template declares, or a resource its condition leaves out',
  help: 'CloudFormation refuses the template. Reference a parameter, pseudo parameter or resource of the stack, or wrap the reference in an Fn::If on the same condition.',
});
const valueUnresolvable = describeRule({
  id: 'value-unresolvable',
  severity: 'error',
  summary: 'A value the deployment depends on is known only once the stack is deployed',
  help: 'SAM decides some properties (hooks, alarm names, alias, dimensions) before CloudFormation resolves the stack. Use a parameter, a mapping or a Ref to a resource whose name the template gives.',
});
const preferenceInvalid = describeRule({
  id: 'preference-invalid',
  severity: 'error',
  summary:
    'DeploymentPreference is not a mapping of its properties, or a property is unknown or the wrong shape',
  help: 'SAM refuses the template. DeploymentPreference takes Type, Alarms (a list of alarm names), Hooks (PreTraffic, PostTraffic), Enabled, Role, TriggerConfigurations and PassthroughCondition, written as a mapping.',
});
const preferenceWithoutAlias = describeRule({
  id: 'preference-without-alias',
  severity: 'error',
  summary: 'A DeploymentPreference on a function without AutoPublishAlias',
  help: 'CodeDeploy shifts traffic between two versions behind an alias, and SAM makes that alias only for AutoPublishAlias: SAM refuses the template. Add AutoPublishAlias: live to the function (or Globals.Function).',
});
const unknownDeploymentType = describeRule({
  id: 'unknown-deployment-type',
  severity: 'error',
  summary: 'DeploymentPreference.Type is missing or names no deployment configuration',
  help: 'CodeDeploy fails the deployment group. Use one of the nine predefined types (Canary10Percent5Minutes, Linear10PercentEvery1Minute, AllAtOnce, ...), !Ref an AWS::CodeDeploy::DeploymentConfig of the template, or the name of a custom configuration that exists.',
});
const hookMissingFunction = describeRule({
  id: 'hook-missing-function',
  severity: 'error',
  summary: 'A hook names no function of the stack',
  help: 'The hook is not a resource of the template, is left out by its condition, is not a function, is a logical id written as a plain string, or is not a name; CodeDeploy cannot invoke it. Write Hooks: { PreTraffic: !Ref HookFunction } with HookFunction an AWS::Serverless::Function of the stack.',
});
const alarmReferenceInvalid = describeRule({
  id: 'alarm-reference-invalid',
  severity: 'error',
  summary: 'An alarm of DeploymentPreference.Alarms is not an alarm name CodeDeploy can watch',
  help: 'The alarm is missing, left out by its condition, not an alarm, given as an ARN or a logical id in a string, or the list has more than 10: SAM or CodeDeploy refuses it. List alarm names: - !Ref ErrorsAlarm.',
});

/** The rule of each fatal reason (`read` and `not-a-template` are bad input, thrown rather than found). */
const ERROR_RULES: Readonly<
  Record<Exclude<TemplateErrorReason, 'read' | 'not-a-template'>, RuleDescription>
> = {
  syntax: templateSyntax,
  'not-sam': notSam,
  shape: templateShape,
  'missing-parameter': parameterValue,
  'invalid-parameter': parameterValue,
  reference: referenceInvalid,
  unresolvable: valueUnresolvable,
  'deployment-preference': preferenceInvalid,
  'preference-shape': preferenceInvalid,
  'unknown-hook': preferenceInvalid,
  'no-auto-publish-alias': preferenceWithoutAlias,
  'deployment-type': unknownDeploymentType,
  'no-deployment-type': unknownDeploymentType,
  'unknown-deployment-type': unknownDeploymentType,
  hook: hookMissingFunction,
  'hook-missing': hookMissingFunction,
  'hook-excluded': hookMissingFunction,
  'hook-not-function': hookMissingFunction,
  'hook-logical-id': hookMissingFunction,
  'hook-not-name': hookMissingFunction,
  alarm: alarmReferenceInvalid,
  'too-many-alarms': alarmReferenceInvalid,
  'alarm-missing': alarmReferenceInvalid,
  'alarm-excluded': alarmReferenceInvalid,
  'alarm-not-alarm': alarmReferenceInvalid,
  'alarm-arn': alarmReferenceInvalid,
  'alarm-logical-id': alarmReferenceInvalid,
  'alarm-not-name': alarmReferenceInvalid,
};

/** The rule a fatal reader error is reported under; undefined for bad input (the file unreadable, no template). */
export function ruleOfReason(reason: TemplateErrorReason): RuleDescription | undefined {
  return Object.hasOwn(ERROR_RULES, reason) ? ERROR_RULES[reason as keyof typeof ERROR_RULES] : undefined;
}

const enabledUnresolvable = describeRule({
  id: 'enabled-unresolvable',
  severity: 'warning',
  summary: 'DeploymentPreference.Enabled is an intrinsic SAM cannot resolve',
  help: 'SAM decides Enabled while it transforms, with parameters and mappings only: an Fn::If on a condition, a Ref to a resource or an import counts as enabled whatever it resolves to later. Use a parameter (Enabled: !Ref CanaryEnabled) or a mapping.',
});
const hookOutsideStack = describeRule({
  id: 'hook-outside-stack',
  severity: 'warning',
  summary: 'A hook names a function outside the stack',
  help: 'CodeDeploy invokes a function of that name, which this template neither makes nor versions with the deployment; a typo here fails every deployment. Write !Ref HookFunction for a hook of the stack.',
});
const hookArn = describeRule({
  id: 'hook-arn',
  severity: 'warning',
  summary: "A hook is given as its function's ARN",
  help: "CodeDeploy's AppSpec hooks are function names. Write !Ref HookFunction, which gives the name.",
});
const alarmOutsideStack = describeRule({
  id: 'alarm-outside-stack',
  severity: 'warning',
  summary: 'An alarm of the deployment group is named outside the stack',
  help: 'The deployment group watches an alarm of that name, which this template does not make: if it does not exist, or watches another function, it never stops a bad canary. Write !Ref ErrorsAlarm for an alarm of the stack.',
});
const unknownReference = describeRule({
  id: 'unknown-reference',
  severity: 'warning',
  summary: 'A reference names nothing the template declares (SAM may generate it)',
  help: 'A Ref, Fn::GetAtt or Fn::Sub variable names no parameter, pseudo parameter or resource of the template. SAM generates some (ServerlessRestApi, <Function>Role); anything else fails when CloudFormation resolves it. Check the spelling.',
});

/** The rule of each reader warning; the simulation's own warnings (build, environment, role) are not the doctor's. */
const WARNING_RULES: Readonly<Partial<Record<TemplateWarningKind, RuleDescription>>> = {
  'enabled-unresolvable': enabledUnresolvable,
  'hook-outside-stack': hookOutsideStack,
  'hook-arn': hookArn,
  'alarm-outside-stack': alarmOutsideStack,
  'unknown-reference': unknownReference,
};

export function ruleOfWarning(kind: TemplateWarningKind): RuleDescription | undefined {
  return WARNING_RULES[kind];
}

/** `--base` names a ref whose template could not be read: the rules comparing with it did not run. */
export const BASE_UNREADABLE = describeRule({
  id: 'base-unreadable',
  severity: 'info',
  summary: 'The template at the base ref could not be read; the rules comparing with it did not run',
  help: 'The base commit has no template at this path, or its template does not read. alarms-removed and the comparisons of auto-publish-config-only and weighted-alias-provisioned-concurrency need it; give a --base where the template reads.',
});

/** What to change, in a line, for each reader rule (its help says why). */
const FIXES: Readonly<Record<string, string>> = {
  'template-syntax': 'Fix the YAML or JSON at the place shown.',
  'not-sam': 'Add Transform: AWS::Serverless-2016-10-31.',
  'template-shape': 'Give the value the shape the message names.',
  'parameter-value': 'Give the parameter a Default, or a value (--param NAME=VALUE) its constraints allow.',
  'reference-invalid':
    'Reference a parameter or resource of the stack, or wrap the reference in an Fn::If on the same condition.',
  'value-unresolvable': 'Use a parameter, a mapping, or a Ref to a resource whose name the template gives.',
  'preference-invalid':
    'Write DeploymentPreference as a mapping of Type, Alarms, Hooks, Enabled, Role, TriggerConfigurations and PassthroughCondition.',
  'preference-without-alias': 'Add AutoPublishAlias: live to the function (or Globals.Function).',
  'unknown-deployment-type':
    'Use a predefined type (Canary10Percent5Minutes, Linear10PercentEvery1Minute, AllAtOnce, ...), or !Ref an AWS::CodeDeploy::DeploymentConfig of the template.',
  'hook-missing-function': 'Write the hook as !Ref HookFunction, an AWS::Serverless::Function of the stack.',
  'alarm-reference-invalid': 'List alarm names, at most 10: - !Ref ErrorsAlarm.',
  'enabled-unresolvable': 'Give Enabled a parameter (Enabled: !Ref CanaryEnabled) or a mapping.',
  'hook-outside-stack': 'Write !Ref HookFunction for a hook of this stack, or check the name.',
  'hook-arn': 'Write !Ref HookFunction: CodeDeploy takes the function name.',
  'alarm-outside-stack': 'Write !Ref ErrorsAlarm for an alarm of this stack, or check the name.',
  'unknown-reference': 'Check the spelling, or declare the parameter or resource.',
};

/** The one-line fix of a reader rule's findings. */
export function fixOf(rule: RuleDescription): string {
  return FIXES[rule.id] ?? rule.help;
}

/** Every rule the reader's findings are reported under, in a stable order. */
export const READER_RULES: readonly RuleDescription[] = [
  ...new Set([...Object.values(ERROR_RULES), ...Object.values(WARNING_RULES)]),
  BASE_UNREADABLE,
];
