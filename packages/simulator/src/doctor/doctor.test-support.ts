// Small templates for the rules' tests: one deployed function, its hook and an alarm, each part
// replaceable, so a test writes only the lines its rule reads.
import type { Finding } from './finding';
import type { ValidateOptions } from './options';
import type { DoctorRule } from './rule';
import { runDoctor } from './validate';

export interface TemplateParts {
  /** Lines under `Globals: Function:`. */
  readonly globals?: readonly string[];
  /** Extra lines under OrdersFunction's Properties. */
  readonly orders?: readonly string[];
  /** Lines under its DeploymentPreference (default: Type and the PreTraffic hook). */
  readonly preference?: readonly string[];
  /** Lines under PreTrafficHook's Properties (default: its CodeDeployHook_ name). */
  readonly hook?: readonly string[];
  /** Whole resources appended, indented two spaces. */
  readonly resources?: readonly string[];
}

export const DEFAULT_PREFERENCE = [
  'Type: Canary10Percent5Minutes',
  'Hooks:',
  '  PreTraffic: !Ref PreTrafficHook',
];
export const DEFAULT_HOOK = [`FunctionName: !Sub CodeDeployHook_\${AWS::StackName}-pre-traffic`];

/**
 * Line numbers: OrdersFunction at 5, its Properties from 7 (`CodeUri` 7, `Handler` 8, `Runtime` 9,
 * `AutoPublishAlias` 10, then `orders`), then DeploymentPreference.
 */
export function template(parts: TemplateParts = {}): string {
  const indent = (by: number, lines: readonly string[]) => lines.map((line) => `${' '.repeat(by)}${line}`);
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    ...(parts.globals ? ['Globals:', '  Function:', ...indent(4, parts.globals)] : []),
    'Resources:',
    '  OrdersFunction:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: src/',
    '      Handler: orders.handler',
    '      Runtime: nodejs22.x',
    '      AutoPublishAlias: live',
    ...indent(6, parts.orders ?? []),
    '      DeploymentPreference:',
    ...indent(8, parts.preference ?? DEFAULT_PREFERENCE),
    '  PreTrafficHook:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: src/',
    '      Handler: pre-traffic.handler',
    '      Runtime: nodejs22.x',
    ...indent(6, parts.hook ?? DEFAULT_HOOK),
    ...indent(2, parts.resources ?? []),
    '',
  ].join('\n');
}

/** The 1-based line of the first line of `text` that contains `needle` (and `after` lines past it). */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line holds ${needle}`);
  return index + 1;
}

/**
 * The findings of one rule over a template given as text. Hooks' code is not loaded unless a test
 * gives its own budget provider: these templates have no code to build.
 */
export async function findingsOf(
  rule: DoctorRule,
  text: string,
  options: ValidateOptions = {},
): Promise<Finding[]> {
  const settings = { loadHooks: options.hookBudget !== undefined, ...options };
  const report = await runDoctor({ text, file: 'template.yaml' }, settings, [rule]);
  return report.findings.filter((finding) => finding.ruleId === rule.description.id);
}

/** The alarm resource lines for `Alarms: [!Ref ErrorsAlarm]`, dimensions and extra properties given. */
export function errorsAlarm(
  dimensions: readonly string[],
  extra: readonly string[] = ['TreatMissingData: notBreaching'],
): string[] {
  return [
    'ErrorsAlarm:',
    '  Type: AWS::CloudWatch::Alarm',
    '  Properties:',
    '    Namespace: AWS/Lambda',
    '    MetricName: Errors',
    ...(dimensions.length === 0 ? [] : ['    Dimensions:', ...dimensions.map((line) => `      ${line}`)]),
    '    Statistic: Sum',
    '    Period: 60',
    '    EvaluationPeriods: 1',
    '    Threshold: 1',
    '    ComparisonOperator: GreaterThanOrEqualToThreshold',
    ...extra.map((line) => `    ${line}`),
  ];
}

/** The three dimensions of OrdersFunction's new version. */
export const VERSION_DIMENSIONS = [
  '- Name: FunctionName',
  '  Value: !Ref OrdersFunction',
  '- Name: Resource',
  `  Value: !Sub \${OrdersFunction}:live`,
  '- Name: ExecutedVersion',
  '  Value: !GetAtt OrdersFunction.Version.Version',
];

export const WITH_ALARM = [...DEFAULT_PREFERENCE, 'Alarms:', '  - !Ref ErrorsAlarm'];
