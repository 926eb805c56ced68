import type { Finding, RuleDescription, Severity } from './finding';
import type { DoctorRule, DoctorTemplate } from './rule';

/** What a rule says about one place; `severity` defaults to the rule's. */
export interface FindingSpec {
  /** The resource it is about; undefined for the template as a whole. */
  readonly logicalId: string | undefined;
  /** The path the reader reads the value at (`Resources.Fn.Properties.Timeout`): located where it is written. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  readonly severity?: Severity;
}

/**
 * A finding of `rule`, located at the written place of `spec.path` (or the nearest written value
 * above it, e.g. the resource when a property is missing).
 *
 * @example
 * ```ts
 * findingAt(input, rule, {
 *   logicalId: 'PreTrafficHook',
 *   path: 'Resources.PreTrafficHook.Properties.FunctionName',
 *   message: 'PreTrafficHook is named orders-pre, which AWSCodeDeployRoleForLambda may not invoke',
 *   fix: 'Name it CodeDeployHook_orders-pre',
 * });
 * ```
 */
export function findingAt(
  template: Pick<DoctorTemplate, 'file' | 'locate' | 'writtenPath'>,
  rule: DoctorRule | RuleDescription,
  spec: FindingSpec,
): Finding {
  const description = 'description' in rule ? rule.description : rule;
  const at = template.locate(spec.path);
  return Object.freeze({
    ruleId: description.id,
    severity: spec.severity ?? description.severity,
    logicalId: spec.logicalId,
    path: template.writtenPath(spec.path),
    file: template.file,
    line: at?.line,
    column: at?.column,
    endLine: at?.endLine,
    endColumn: at?.endColumn,
    message: spec.message,
    fix: spec.fix,
  });
}
