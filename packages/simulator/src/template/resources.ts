// The resources of the template as references see them: which are in the stack, the physical names
// the simulated stack gives them, and what Ref and Fn::GetAtt answer for each.
import type { TemplateContext } from './context';
import type { SamStack } from './model';
import { joinPath } from './paths';
import type { Resolver, ResourceAnswers, ResourceEntry } from './resolver';

export const SERVERLESS_FUNCTION = 'AWS::Serverless::Function';
export const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
export const METRIC_ALARM = 'AWS::CloudWatch::Alarm';
export const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';
export const DEPLOYMENT_CONFIG = 'AWS::CodeDeploy::DeploymentConfig';

export const isFunctionType = (type: string) => type === SERVERLESS_FUNCTION || type === LAMBDA_FUNCTION;
export const isAlarmType = (type: string) => type === METRIC_ALARM || type === COMPOSITE_ALARM;

/** SAM's pattern for an alias name (`_construct_alias`): letters, digits, `-`, `_`, not only digits. */
const ALIAS_NAME = /^(?!\d+$)[a-zA-Z0-9\-_]+$/;

/** The physical name a resource without an explicit one gets in the simulated stack. */
export type PhysicalName = (logicalId: string, resourceType: string, stackName: string) => string;

/**
 * CloudFormation's generated names (`<stack>-<logical id>-<random suffix>`) are not documented and
 * change per stack; the simulator's default is `<stack>-<logical id>`, cut to Lambda's 64 characters
 * for a function.
 */
export const defaultPhysicalName: PhysicalName = (logicalId, resourceType, stackName) => {
  const name = `${stackName}-${logicalId}`;
  return isFunctionType(resourceType) ? name.slice(0, 64) : name;
};

export interface ResourceRecord extends ResourceEntry {
  /** `Resources.<logical id>`. */
  readonly path: string;
  /** The resource as written. */
  readonly raw: Record<string, unknown>;
  /** `Properties` with `Globals` merged in, intrinsics not yet resolved. */
  readonly properties: Record<string, unknown>;
}

/** SAM-generated logical ids that references may name; known only once deployed. */
const GENERATED = [
  'ServerlessRestApi',
  'ServerlessHttpApi',
  'ServerlessDeploymentApplication',
  'CodeDeployServiceRole',
];

export class ResourceTable implements ResourceAnswers {
  private readonly names = new Map<string, string>();
  private readonly generatedNames = new Set<string>();
  private readonly aliases = new Map<string, string | undefined>();
  private readonly naming: string[] = [];

  constructor(
    private readonly ctx: TemplateContext,
    private readonly resolver: Resolver,
    readonly records: ReadonlyMap<string, ResourceRecord>,
    readonly stack: SamStack,
    private readonly physicalName: PhysicalName,
  ) {}

  resource(logicalId: string): ResourceRecord | undefined {
    return this.records.get(logicalId);
  }

  /** The included resources of one of the types, in template order. */
  ofType(...types: string[]): ResourceRecord[] {
    return [...this.records.values()].filter((record) => record.included && types.includes(record.type));
  }

  ref(entry: ResourceEntry, _path: string): unknown {
    if (isFunctionType(entry.type)) return this.functionName(entry.logicalId);
    if (isAlarmType(entry.type)) return this.alarmName(entry.logicalId);
    if (entry.type === DEPLOYMENT_CONFIG) return this.configName(entry.logicalId);
    return this.resolver.symbolic(
      { Ref: entry.logicalId },
      `!Ref ${entry.logicalId} (${entry.type}) is known only once the stack is deployed`,
    );
  }

  getAtt(entry: ResourceEntry, attribute: string, _path: string): unknown {
    if (isFunctionType(entry.type) && attribute === 'Arn')
      return this.functionArn(this.functionName(entry.logicalId));
    if (isAlarmType(entry.type) && attribute === 'Arn') {
      const { partition, region, accountId } = this.stack;
      return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${this.alarmName(entry.logicalId)}`;
    }
    return this.resolver.symbolic(
      { 'Fn::GetAtt': [entry.logicalId, attribute] },
      `!GetAtt ${entry.logicalId}.${attribute} (${entry.type}) is known only once the stack is deployed`,
    );
  }

  samProperty(entry: ResourceEntry, property: string, attribute: string | undefined, path: string): unknown {
    if (entry.type !== SERVERLESS_FUNCTION) return undefined;
    const written = `${entry.logicalId}.${property}${attribute === undefined ? '' : `.${attribute}`}`;
    if (property === 'DestinationTopic' || property === 'DestinationQueue') {
      return this.resolver.symbolic(
        { Ref: `${entry.logicalId}.${property}` },
        `${written} is known only once the stack is deployed`,
      );
    }
    if (property !== 'Alias' && property !== 'Version') return undefined;
    const alias = this.aliasName(entry.logicalId);
    if (alias === undefined) {
      return this.ctx.fail(
        'reference',
        path,
        `${written} refers to the ${property.toLowerCase()} SAM generates for AutoPublishAlias, which ${entry.logicalId} does not set`,
      );
    }
    const functionArn = this.functionArn(this.functionName(entry.logicalId));
    if (property === 'Alias') {
      // Ref of an AWS::Lambda::Alias is its ARN.
      if (attribute === undefined) return `${functionArn}:${alias}`;
      return this.resolver.symbolic(
        { 'Fn::GetAtt': [aliasLogicalId(entry.logicalId, alias), attribute] },
        `${written} is known only once the stack is deployed`,
      );
    }
    // Ref of an AWS::Lambda::Version and its FunctionArn are the version's ARN; Version is its number.
    const version = { versionOf: entry.logicalId };
    if (attribute === 'Version') return version;
    if (attribute === undefined || attribute === 'FunctionArn')
      return { 'Fn::Join': ['', [`${functionArn}:`, version]] };
    return this.ctx.fail(
      'reference',
      path,
      `${written}: an AWS::Lambda::Version has the attributes Version and FunctionArn`,
    );
  }

  generated(logicalId: string, attribute: string | undefined, path: string): unknown {
    for (const record of this.ofType(SERVERLESS_FUNCTION)) {
      if (!logicalId.startsWith(`${record.logicalId}Alias`)) continue;
      const alias = this.aliasName(record.logicalId);
      if (alias !== undefined && aliasLogicalId(record.logicalId, alias) === logicalId) {
        return this.samProperty(record, 'Alias', attribute, path);
      }
    }
    const generatedBy = this.ofType(SERVERLESS_FUNCTION).find(
      (record) =>
        logicalId === `${record.logicalId}Role` || logicalId === `${record.logicalId}DeploymentGroup`,
    );
    if (generatedBy || GENERATED.includes(logicalId)) {
      const written = attribute === undefined ? `!Ref ${logicalId}` : `!GetAtt ${logicalId}.${attribute}`;
      const value = attribute === undefined ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, attribute] };
      return this.resolver.symbolic(
        value,
        `${written} names a resource SAM generates, known only once the stack is deployed`,
      );
    }
    return undefined;
  }

  functionArn(name: string): string {
    const { partition, region, accountId } = this.stack;
    return `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
  }

  /** `FunctionName` as resolved, or the simulated stack's name for the function. */
  functionName(logicalId: string): string {
    return this.physical(logicalId, 'FunctionName', 'the function name');
  }

  alarmName(logicalId: string): string {
    return this.physical(logicalId, 'AlarmName', 'the alarm name');
  }

  configName(logicalId: string): string {
    return this.physical(logicalId, 'DeploymentConfigName', 'the deployment configuration name');
  }

  /** Whether the resource's name is its own (`template`) or the simulated stack's (`generated`). */
  nameFrom(logicalId: string): 'template' | 'generated' {
    return this.generatedNames.has(logicalId) ? 'generated' : 'template';
  }

  private physical(logicalId: string, property: string, what: string): string {
    const known = this.names.get(logicalId);
    if (known !== undefined) return known;
    const record = this.records.get(logicalId);
    if (!record) throw new Error(`no resource ${logicalId}`);
    if (this.naming.includes(logicalId)) {
      this.ctx.fail(
        'shape',
        joinPath(joinPath(record.path, 'Properties'), property),
        `names refer to each other in a circle: ${[...this.naming, logicalId].join(' → ')}`,
      );
    }
    this.naming.push(logicalId);
    try {
      const path = joinPath(joinPath(record.path, 'Properties'), property);
      let name = this.resolver.string(record.properties[property], path, what);
      if (name === undefined) {
        name = this.physicalName(logicalId, record.type, this.stack.name);
        this.generatedNames.add(logicalId);
      }
      if (typeof name !== 'string' || name === '') {
        this.ctx.fail(
          'shape',
          path,
          `${what} of ${logicalId} must be a non-empty string (from options.physicalName)`,
        );
      }
      this.names.set(logicalId, name);
      return name;
    } finally {
      this.naming.pop();
    }
  }

  /**
   * `AutoPublishAlias`, resolved as SAM resolves it (parameters only: "must be a string or a Ref to a
   * template parameter") and held to SAM's alias-name pattern; undefined when not set.
   */
  aliasName(logicalId: string): string | undefined {
    if (this.aliases.has(logicalId)) return this.aliases.get(logicalId);
    const record = this.records.get(logicalId);
    if (!record || record.type !== SERVERLESS_FUNCTION) return undefined;
    const path = joinPath(joinPath(record.path, 'Properties'), 'AutoPublishAlias');
    const raw = record.properties.AutoPublishAlias;
    // SAM tests the property as written (`if self.AutoPublishAlias`): an empty one is no alias at all,
    // while one that resolves to nothing is "Alias name is required to create an alias".
    const value = raw === '' || raw === null ? undefined : this.resolver.value(raw, path, 'sam');
    let alias: string | undefined;
    if (value === '') this.ctx.fail('shape', path, 'Alias name is required to create an alias');
    if (value !== undefined) {
      if (typeof value !== 'string') {
        this.ctx.fail('shape', path, "'AutoPublishAlias' must be a string or a Ref to a template parameter");
      }
      if (!ALIAS_NAME.test(value)) {
        this.ctx.fail(
          'shape',
          path,
          `AutoPublishAlias name ('${value}') must contain only alphanumeric characters, hyphens, or underscores, and not only digits`,
        );
      }
      alias = value;
    }
    this.aliases.set(logicalId, alias);
    return alias;
  }
}

/** SAM's `<Logical>Alias<Name>`, hyphens written `D` and underscores `U` (`_construct_alias`). */
export function aliasLogicalId(functionLogicalId: string, alias: string): string {
  return `${functionLogicalId}Alias${alias.replace(/-/g, 'D').replace(/_/g, 'U')}`;
}
