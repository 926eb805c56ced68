// Template values as IAM policies hold them: strings made of literal text and symbolic tokens for what
// only the deployed stack knows. This is the reader's resolution seen from IAM: it keeps as a token what
// the reader would fill in with the simulated stack's defaults (a generated function name, the region),
// since a policy must hold wherever the stack is deployed.
import { isPlainObject } from '@shiftguard/kit';
import { joinPath } from '../../template/paths';
import type { IamResource, IamRuleInput } from './input';
import { concat, literal, type SymbolToken, symbol, type Tokens } from './tokens';

/** A value with the path it is written at, once `Fn::If` has picked its branch. */
export interface Shaped {
  readonly value: unknown;
  readonly path: string;
}

/** A value that could not be read: the reason, for a message. */
export interface Unreadable {
  readonly unreadable: string;
}

export const isUnreadable = (value: unknown): value is Unreadable =>
  isPlainObject(value) && typeof (value as { unreadable?: unknown }).unreadable === 'string';

const FUNCTION_TYPES = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];
const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];
const SSM_PARAMETER = /^AWS::SSM::Parameter::Value<.+>$/;

/**
 * What the strings known only once deployed are made of: version numbers and account ids are digits,
 * regions `us-east-1`, stack names letters, digits and hyphens
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html). The names
 * CloudFormation generates join the stack name, the (alphanumeric) logical id and a random suffix with
 * hyphens (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html):
 * no underscore, so never `CodeDeployHook_…`.
 */
const DIGITS = '0-9';
const PSEUDO_CHARS: Readonly<Record<string, string>> = {
  'AWS::Region': 'a-z0-9-',
  'AWS::AccountId': DIGITS,
  'AWS::StackName': 'A-Za-z0-9-',
};
const GENERATED_NAME = 'A-Za-z0-9-';

export class IamValues {
  private readonly naming = new Set<string>();

  constructor(readonly input: IamRuleInput) {}

  resource(logicalId: string): IamResource | undefined {
    const record = this.input.resources.get(logicalId);
    return record?.included ? record : undefined;
  }

  /** The included resources of these types, in template order. */
  ofType(...types: string[]): [string, IamResource][] {
    return [...this.input.resources].filter(([, record]) => record.included && types.includes(record.type));
  }

  /**
   * The value as CloudFormation takes it: `Fn::If` decided by the template's conditions (as the reader
   * decided them), `undefined` for `AWS::NoValue` or a missing value.
   */
  shape(raw: unknown, path: string): Shaped | Unreadable | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (!isPlainObject(raw) || Object.keys(raw).length !== 1) return { value: raw, path };
    if (raw.Ref === 'AWS::NoValue') return undefined;
    const branches = raw['Fn::If'];
    if (branches === undefined) return { value: raw, path };
    if (!Array.isArray(branches) || branches.length !== 3 || typeof branches[0] !== 'string')
      return { unreadable: 'an Fn::If that is not [condition, value if true, value if false]' };
    const holds = this.input.model.conditions[branches[0]];
    if (holds === undefined) return { unreadable: `condition ${branches[0]} is not in Conditions` };
    const branch = holds ? 1 : 2;
    return this.shape(branches[branch], `${joinPath(path, 'Fn::If')}[${branch}]`);
  }

  /** A value that may be one item or a list, as a list (`AWS::NoValue` items left out). */
  list(raw: unknown, path: string): (Shaped | Unreadable)[] {
    const shaped = this.shape(raw, path);
    if (shaped === undefined) return [];
    if (isUnreadable(shaped)) return [shaped];
    const { value } = shaped;
    if (Array.isArray(value)) {
      return value.flatMap((item, index) => {
        const one = this.shape(item, joinPath(shaped.path, index));
        return one === undefined ? [] : [one];
      });
    }
    const listed = this.listParameter(value);
    if (listed) return listed.map((item) => ({ value: item, path: shaped.path }));
    return [shaped];
  }

  /** A string: literal text and symbolic tokens. */
  string(raw: unknown): Tokens {
    if (typeof raw === 'string') return literal(raw);
    if (typeof raw === 'number' || typeof raw === 'boolean') return literal(String(raw));
    if (!isPlainObject(raw)) return [symbol(raw ?? null, `\${?}`)];
    const keys = Object.keys(raw);
    if (keys.length === 1 && typeof raw.versionOf === 'string')
      return [symbol(raw, `\${${raw.versionOf}.Version.Version}`, DIGITS)];
    if (keys.length !== 1) return [symbol(raw, `\${?}`)];
    const key = keys[0]!;
    const arg = raw[key];
    switch (key) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg) : [symbol(raw, `\${?}`)];
      case 'Fn::GetAtt': {
        const parts = typeof arg === 'string' ? [arg] : Array.isArray(arg) ? arg : [];
        if (!parts.every((part): part is string => typeof part === 'string')) return [symbol(raw, `\${?}`)];
        const [logicalId, ...attribute] = parts.join('.').split('.');
        if (!logicalId || attribute.length === 0) return [symbol(raw, `\${?}`)];
        return this.getAtt(logicalId, attribute.join('.'));
      }
      case 'Fn::Sub':
        return this.sub(arg, raw);
      case 'Fn::Join':
        return this.join(arg, raw);
      case 'Fn::If': {
        const shaped = this.shape(raw, '');
        return shaped === undefined || isUnreadable(shaped)
          ? [symbol(raw, `\${?}`)]
          : this.string(shaped.value);
      }
      case 'Fn::Select': {
        if (Array.isArray(arg) && arg.length === 2 && Array.isArray(arg[1])) {
          const index = Number(arg[0]);
          const item = Number.isInteger(index) ? this.list(arg[1], '')[index] : undefined;
          if (item && !isUnreadable(item)) return this.string(item.value);
        }
        return [symbol(raw, `\${Fn::Select}`)];
      }
      default:
        return [symbol(raw, `\${${key}}`)];
    }
  }

  /** A resource's `Ref` (a function's name), a parameter's value or a pseudo parameter. */
  ref(name: string): Tokens {
    const { stack } = this.input;
    const pinned: Record<string, string | undefined> = {
      'AWS::Partition': stack.partition,
      'AWS::Region': stack.region,
      'AWS::AccountId': stack.accountId,
      'AWS::StackName': stack.name,
    };
    if (name.startsWith('AWS::')) {
      const value = pinned[name];
      return value === undefined
        ? [symbol({ Ref: name }, `\${${name}}`, PSEUDO_CHARS[name])]
        : literal(value);
    }
    const parameter = this.input.model.parameters[name];
    if (parameter && !this.ssm(name)) {
      return literal(
        Array.isArray(parameter.value) ? parameter.value.join(',') : (parameter.value as string),
      );
    }
    const dot = name.indexOf('.');
    if (dot > 0) {
      // SAM's `!Ref Fn.Alias` (the alias's ARN) and `!Ref Fn.Version` (the version's ARN).
      const logicalId = name.slice(0, dot);
      const property = name.slice(dot + 1);
      const fn = this.input.model.functions.find((one) => one.logicalId === logicalId);
      if (fn && property === 'Alias' && fn.autoPublishAlias !== undefined)
        return concat(this.functionArn(logicalId), `:${fn.autoPublishAlias}`);
      if (fn && property === 'Version')
        return concat(this.functionArn(logicalId), ':', this.version(logicalId));
    }
    const record = this.resource(name);
    if (record && FUNCTION_TYPES.includes(record.type)) return this.functionName(name);
    if (record && ALARM_TYPES.includes(record.type)) return this.named(name, 'AlarmName');
    if (!record && this.samGenerated(name)) return [this.generated(name)];
    return [symbol({ Ref: name }, `\${${name}}`)];
  }

  getAtt(logicalId: string, attribute: string): Tokens {
    const record = this.resource(logicalId);
    if (record && FUNCTION_TYPES.includes(record.type) && attribute === 'Arn')
      return this.functionArn(logicalId);
    if (record && ALARM_TYPES.includes(record.type) && attribute === 'Arn') {
      return concat(this.arnPrefix('cloudwatch'), 'alarm:', this.named(logicalId, 'AlarmName'));
    }
    if (record && FUNCTION_TYPES.includes(record.type) && attribute === 'Version.Version')
      return [this.version(logicalId)];
    return [symbol({ 'Fn::GetAtt': [logicalId, attribute] }, `\${${logicalId}.${attribute}}`)];
  }

  /** `arn:<partition>:<service>:<region>:<account>:`. */
  arnPrefix(service: string): Tokens {
    return concat(
      'arn:',
      this.ref('AWS::Partition'),
      `:${service}:`,
      this.ref('AWS::Region'),
      ':',
      this.ref('AWS::AccountId'),
      ':',
    );
  }

  /** The function's name: its `FunctionName`, or a token for the name CloudFormation generates. */
  functionName(logicalId: string): Tokens {
    return this.named(logicalId, 'FunctionName');
  }

  /** The function's unqualified ARN. */
  functionArn(logicalId: string): Tokens {
    return concat(this.arnPrefix('lambda'), 'function:', this.functionName(logicalId));
  }

  /** The number of the version a deployment publishes, known only then. */
  version(logicalId: string): SymbolToken {
    return symbol({ versionOf: logicalId }, `\${${logicalId}.Version.Version}`, DIGITS);
  }

  /** `!Ref ServerlessDeploymentApplication`-style token for a resource SAM generates. */
  generated(logicalId: string): SymbolToken {
    return symbol({ Ref: logicalId }, `\${${logicalId}}`, GENERATED_NAME);
  }

  private named(logicalId: string, property: string): Tokens {
    const written = this.resource(logicalId)?.properties[property];
    if (written === undefined || this.naming.has(logicalId)) return [this.generated(logicalId)];
    this.naming.add(logicalId);
    try {
      const shaped = this.shape(written, '');
      return shaped === undefined || isUnreadable(shaped)
        ? [this.generated(logicalId)]
        : this.string(shaped.value);
    } finally {
      this.naming.delete(logicalId);
    }
  }

  /** The strings of a `Ref` to a `List<...>` parameter. */
  private listParameter(value: unknown): readonly string[] | undefined {
    if (!isPlainObject(value) || typeof value.Ref !== 'string' || Object.keys(value).length !== 1)
      return undefined;
    const parameter = this.input.model.parameters[value.Ref];
    return parameter && Array.isArray(parameter.value) && !this.ssm(value.Ref) ? parameter.value : undefined;
  }

  /** A logical id SAM generates: the CodeDeploy application, a function's deployment group or role. */
  private samGenerated(logicalId: string): boolean {
    if (logicalId === 'ServerlessDeploymentApplication') return true;
    const owner = /^(.+)(DeploymentGroup|Role)$/.exec(logicalId)?.[1];
    return owner !== undefined && this.resource(owner)?.type === 'AWS::Serverless::Function';
  }

  /** An SSM parameter type without a value given: its value is read when the stack deploys. */
  private ssm(name: string): boolean {
    const parameter = this.input.model.parameters[name];
    return parameter !== undefined && SSM_PARAMETER.test(parameter.type) && parameter.from === 'default';
  }

  private sub(arg: unknown, raw: Record<string, unknown>): Tokens {
    let text: unknown = arg;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2 || !isPlainObject(arg[1])) return [symbol(raw, `\${Fn::Sub}`)];
      text = arg[0];
      variables = arg[1];
    }
    if (typeof text !== 'string') return [symbol(raw, `\${Fn::Sub}`)];
    const parts: Tokens[] = [];
    let last = 0;
    for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(literal(text.slice(last, match.index)));
      last = match.index + match[0].length;
      const name = match[1]!.trim();
      if (name.startsWith('!')) parts.push(literal(`\${${name.slice(1)}}`));
      else if (Object.hasOwn(variables, name)) {
        const shaped = this.shape(variables[name], '');
        parts.push(
          shaped === undefined || isUnreadable(shaped)
            ? [symbol(raw, `\${${name}}`)]
            : this.string(shaped.value),
        );
      } else if (name.includes('.')) {
        const dot = name.indexOf('.');
        parts.push(this.getAtt(name.slice(0, dot), name.slice(dot + 1)));
      } else parts.push(this.ref(name));
    }
    parts.push(literal(text.slice(last)));
    return concat(...parts);
  }

  private join(arg: unknown, raw: Record<string, unknown>): Tokens {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string')
      return [symbol(raw, `\${Fn::Join}`)];
    const delimiter = arg[0];
    const shaped = this.shape(arg[1], '');
    if (shaped === undefined) return [];
    if (isUnreadable(shaped)) return [symbol(raw, `\${Fn::Join}`)];
    const items = Array.isArray(shaped.value)
      ? this.list(shaped.value, '')
      : this.listParameter(shaped.value)?.map((value) => ({ value, path: '' }));
    if (!items) return [symbol(raw, `\${Fn::Join}`)];
    const parts: Tokens[] = [];
    for (const item of items) {
      if (parts.length > 0) parts.push(literal(delimiter));
      parts.push(isUnreadable(item) ? [symbol(raw, `\${Fn::Join}`)] : this.string(item.value));
    }
    return concat(...parts);
  }
}
