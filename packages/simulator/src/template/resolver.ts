// Intrinsic functions and conditions: resolved where the simulated stack decides them, left in their
// long form (with a reason) where only a deployed stack could.
import { isPlainObject, showValue, typeName } from '@shiftguard/kit';
import type { TemplateContext } from './context';
import type { ParameterValue } from './model';
import type { ParameterEntry } from './parameters';
import { joinPath } from './paths';
import { describeIntrinsic, firstSymbolic, isIntrinsicKey, isVersionMarker, NO_VALUE } from './values';

/** A resource of the template as references see it. */
export interface ResourceEntry {
  readonly logicalId: string;
  readonly type: string;
  /** False when the resource's `Condition` is false: it is not in the stack. */
  readonly included: boolean;
  readonly condition: string | undefined;
}

/** What the resources answer to `Ref` and `Fn::GetAtt`; the reader implements it over its resource table. */
export interface ResourceAnswers {
  resource(logicalId: string): ResourceEntry | undefined;
  ref(entry: ResourceEntry, path: string): unknown;
  getAtt(entry: ResourceEntry, attribute: string, path: string): unknown;
  /**
   * SAM's references to what it generates for a function (`Fn.Alias`, `Fn.Version`, `Fn.Version.Version`):
   * undefined when the property is not one SAM makes referable.
   */
  samProperty(entry: ResourceEntry, property: string, attribute: string | undefined, path: string): unknown;
  /** A logical id SAM generates (`<Fn>Alias<Name>`, `ServerlessRestApi`, ...), or undefined. */
  generated(logicalId: string, attribute: string | undefined, path: string): unknown;
}

/**
 * `cfn`: everything CloudFormation would resolve, with the conditions of this simulated stack.
 * `sam`: only what SAM resolves while it transforms (`Ref` to parameters, `Fn::Sub` over them,
 * `Fn::FindInMap`), for the properties SAM decides on before CloudFormation runs.
 */
export type ResolveMode = 'cfn' | 'sam';

type Part = string | Record<string, unknown>;

export class Resolver {
  private readonly reasons = new WeakMap<object, string>();
  private readonly conditionValues = new Map<string, boolean>();
  private readonly evaluating: string[] = [];
  private answers: ResourceAnswers | undefined;

  constructor(
    private readonly ctx: TemplateContext,
    private readonly parameters: ReadonlyMap<string, ParameterEntry>,
    private readonly pseudo: ReadonlyMap<string, ParameterValue>,
    private readonly mappings: Readonly<Record<string, unknown>>,
    private readonly conditionDefinitions: Readonly<Record<string, unknown>>,
    private readonly imports: Readonly<Record<string, string>>,
  ) {}

  /** Given once the resource table exists (the table's names resolve through this resolver). */
  setResources(answers: ResourceAnswers): void {
    this.answers = answers;
  }

  /** Marks a value as known only after deployment, with the reason a message gives. */
  symbolic<T extends Record<string, unknown>>(value: T, reason: string): T {
    this.reasons.set(value, reason);
    return value;
  }

  /** Why a value is not known before deployment. */
  explain(value: Record<string, unknown>): string {
    const reason = this.reasons.get(value);
    if (reason !== undefined) return reason;
    const join = value['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) {
      const inner = firstSymbolic(join[1]);
      if (inner) return this.explain(inner);
    }
    return `${describeIntrinsic(value)} is known only once the stack is deployed`;
  }

  /** Throws, naming the path, if `value` holds anything not known before deployment. */
  requireConcrete(value: unknown, path: string, what: string, allowVersions = false): void {
    const piece = firstSymbolic(value, allowVersions);
    if (piece)
      this.ctx.fail(
        'unresolvable',
        path,
        `${what} must be known before deployment, but ${this.explain(piece)}`,
      );
  }

  /** Resolves a value; `undefined` for absent and `AWS::NoValue`. */
  value(raw: unknown, path: string, mode: ResolveMode = 'cfn'): unknown {
    if (raw === undefined) return undefined;
    const value = this.resolve(raw, path, mode);
    return value === NO_VALUE ? undefined : value;
  }

  /** A string known before deployment (numbers and booleans as CloudFormation writes them), or undefined. */
  string(raw: unknown, path: string, what: string): string | undefined {
    const value = this.value(raw, path);
    if (value === undefined) return undefined;
    this.requireConcrete(value, path, what);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.ctx.fail('shape', path, `${what} must be a string, got ${typeName(value)}`);
  }

  /** A number known before deployment (a numeric string, as a `Ref` to a `Number` parameter gives, counts). */
  number(raw: unknown, path: string, what: string): number | undefined {
    const value = this.value(raw, path);
    if (value === undefined) return undefined;
    this.requireConcrete(value, path, what);
    const number =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : Number.NaN;
    if (!Number.isFinite(number))
      this.ctx.fail('shape', path, `${what} must be a number, got ${showValue(value)}`);
    return number;
  }

  /** A boolean known before deployment (`"true"`/`"false"` in any case count). */
  boolean(raw: unknown, path: string, what: string): boolean | undefined {
    const value = this.value(raw, path);
    if (value === undefined) return undefined;
    this.requireConcrete(value, path, what);
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return this.ctx.fail('shape', path, `${what} must be a boolean, got ${showValue(value)}`);
  }

  /** A list of strings known before deployment. */
  strings(raw: unknown, path: string, what: string): string[] | undefined {
    const value = this.value(raw, path);
    if (value === undefined) return undefined;
    this.requireConcrete(value, path, what);
    if (!Array.isArray(value))
      return this.ctx.fail('shape', path, `${what} must be a list, got ${typeName(value)}`);
    return value.map((item, index) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' || typeof item === 'boolean') return String(item);
      return this.ctx.fail(
        'shape',
        joinPath(path, index),
        `${what} must hold strings, got ${typeName(item)}`,
      );
    });
  }

  /** The value of a condition of the `Conditions` section. */
  condition(name: string, path: string): boolean {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(this.conditionDefinitions, name)) {
      const names = Object.keys(this.conditionDefinitions);
      this.ctx.fail(
        'reference',
        path,
        `condition ${name} is not in Conditions (${names.length > 0 ? `its conditions: ${names.join(', ')}` : 'the template has none'})`,
      );
    }
    if (this.evaluating.includes(name)) {
      this.ctx.fail(
        'shape',
        path,
        `conditions refer to each other in a circle: ${[...this.evaluating, name].join(' → ')}`,
      );
    }
    this.evaluating.push(name);
    try {
      const value = this.conditionExpression(this.conditionDefinitions[name], joinPath('Conditions', name));
      this.conditionValues.set(name, value);
      return value;
    } finally {
      this.evaluating.pop();
    }
  }

  /** Every condition of the template, evaluated. */
  allConditions(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const name of Object.keys(this.conditionDefinitions))
      out[name] = this.condition(name, joinPath('Conditions', name));
    return out;
  }

  resolve(raw: unknown, path: string, mode: ResolveMode): unknown {
    if (Array.isArray(raw)) {
      const out: unknown[] = [];
      raw.forEach((item, index) => {
        const value = this.resolve(item, joinPath(path, index), mode);
        if (value !== NO_VALUE) out.push(value);
      });
      return out;
    }
    if (!isPlainObject(raw)) return raw;
    const keys = Object.keys(raw);
    if (keys.length === 1 && isIntrinsicKey(keys[0]!) && !isVersionMarker(raw)) {
      const key = keys[0]!;
      return this.intrinsic(key, raw[key], path, mode, raw);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const value = this.resolve(raw[key], joinPath(path, key), mode);
      if (value !== NO_VALUE) out[key] = value;
    }
    return out;
  }

  /** `at` is the path of the intrinsic's mapping; its argument is at `<at>.<key>`. */
  private intrinsic(
    key: string,
    arg: unknown,
    at: string,
    mode: ResolveMode,
    raw: Record<string, unknown>,
  ): unknown {
    const path = joinPath(at, key);
    if (mode === 'sam' && key !== 'Ref' && key !== 'Fn::Sub' && key !== 'Fn::FindInMap') {
      return { [key]: this.resolve(arg, path, mode) };
    }
    switch (key) {
      case 'Ref':
        return this.ref(arg, path, mode, raw);
      case 'Fn::GetAtt':
        return this.getAtt(arg, path);
      case 'Fn::Sub':
        return this.sub(arg, path, mode, raw);
      case 'Fn::Join':
        return this.join(arg, path);
      case 'Fn::If':
        return this.if(arg, path);
      case 'Fn::Select':
        return this.select(arg, path);
      case 'Fn::Split':
        return this.split(arg, path);
      case 'Fn::FindInMap':
        return this.findInMap(arg, path, mode, raw);
      case 'Fn::Base64':
        return this.base64(arg, path);
      case 'Fn::ImportValue':
        return this.importValue(arg, path);
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition':
        return this.conditionExpression(raw, at);
      case 'Fn::GetAZs':
        return this.symbolic(
          { [key]: this.resolve(arg, path, mode) },
          `Fn::GetAZs lists the region's Availability Zones only when the stack deploys`,
        );
      default:
        return this.symbolic(
          { [key]: this.resolve(arg, path, mode) },
          `${key} is not resolved before deployment by the simulator`,
        );
    }
  }

  private ref(arg: unknown, path: string, mode: ResolveMode, raw: Record<string, unknown>): unknown {
    if (typeof arg !== 'string')
      return this.ctx.fail(
        'shape',
        path,
        `Ref takes the name of a parameter or resource, got ${typeName(arg)}`,
      );
    if (arg === 'AWS::NoValue') return NO_VALUE;
    const pseudo = this.pseudo.get(arg);
    if (pseudo !== undefined) return Array.isArray(pseudo) ? [...pseudo] : pseudo;
    if (arg.startsWith('AWS::')) return this.ctx.fail('reference', path, `${arg} is not a pseudo parameter`);
    const parameter = this.parameters.get(arg);
    if (parameter?.kind === 'value')
      return Array.isArray(parameter.value) ? [...parameter.value] : parameter.value;
    if (parameter?.kind === 'ssm') {
      return this.symbolic(
        { Ref: arg },
        `parameter ${arg} is read from SSM parameter ${parameter.name} when the stack deploys; give its value in options.parameters`,
      );
    }
    if (mode === 'sam') return raw;
    const answers = this.resourceAnswers(path);
    const dot = arg.indexOf('.');
    if (dot > 0) {
      const entry = answers.resource(arg.slice(0, dot));
      if (entry) {
        this.requireIncluded(entry, path);
        const value = answers.samProperty(entry, arg.slice(dot + 1), undefined, path);
        if (value !== undefined) return value;
      }
    }
    const entry = answers.resource(arg);
    if (entry) {
      this.requireIncluded(entry, path);
      return answers.ref(entry, path);
    }
    return (
      answers.generated(arg, undefined, path) ?? this.unknownReference({ Ref: arg }, `!Ref ${arg}`, path)
    );
  }

  private getAtt(arg: unknown, path: string): unknown {
    let parts: unknown[];
    if (typeof arg === 'string') parts = [arg];
    else if (Array.isArray(arg))
      parts = arg.map((part, index) => this.resolve(part, joinPath(path, index), 'cfn'));
    else return this.ctx.fail('shape', path, `Fn::GetAtt takes [resource, attribute], got ${typeName(arg)}`);
    if (!parts.every((part): part is string => typeof part === 'string')) {
      return this.ctx.fail(
        'shape',
        path,
        'Fn::GetAtt takes a resource name and an attribute name, both strings',
      );
    }
    // As SAM does: join and split again, so ["Fn.Version", "Version"] and ["Fn", "Version.Version"] agree.
    const [logicalId, ...rest] = parts.join('.').split('.');
    if (!logicalId || rest.length === 0 || rest.some((part) => part === '')) {
      return this.ctx.fail(
        'shape',
        path,
        `Fn::GetAtt takes a resource and an attribute, got ${showValue(parts.join('.'))}`,
      );
    }
    const answers = this.resourceAnswers(path);
    const entry = answers.resource(logicalId);
    if (entry) {
      this.requireIncluded(entry, path);
      if (rest.length >= 1) {
        const property = answers.samProperty(
          entry,
          rest[0]!,
          rest.length > 1 ? rest.slice(1).join('.') : undefined,
          path,
        );
        if (property !== undefined) return property;
      }
      return answers.getAtt(entry, rest.join('.'), path);
    }
    return (
      answers.generated(logicalId, rest.join('.'), path) ??
      this.unknownReference(
        { 'Fn::GetAtt': [logicalId, rest.join('.')] },
        `!GetAtt ${logicalId}.${rest.join('.')}`,
        path,
      )
    );
  }

  private unknownReference(value: Record<string, unknown>, written: string, path: string): unknown {
    const reason = `${written} names no parameter, pseudo parameter or resource of this template`;
    this.ctx.warn('unknown-reference', path, `${reason} (left as written: SAM may generate it)`);
    return this.symbolic(value, reason);
  }

  private requireIncluded(entry: ResourceEntry, path: string): void {
    if (!entry.included) {
      this.ctx.fail(
        'reference',
        path,
        `${entry.logicalId} is not in the stack: its condition ${entry.condition} is false, so nothing may refer to it outside an Fn::If on that condition`,
      );
    }
  }

  private sub(arg: unknown, path: string, mode: ResolveMode, raw: Record<string, unknown>): unknown {
    let template: unknown;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2 || !isPlainObject(arg[1])) {
        return this.ctx.fail('shape', path, 'Fn::Sub takes a string, or [string, { name: value }]');
      }
      template = arg[0];
      const resolved: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(arg[1])) {
        resolved[name] = this.resolve(value, joinPath(joinPath(path, 1), name), mode);
      }
      variables = resolved;
    } else {
      template = arg;
    }
    const templatePath = Array.isArray(arg) ? joinPath(path, 0) : path;
    if (typeof template !== 'string') {
      return this.ctx.fail('shape', templatePath, `Fn::Sub takes a string, got ${typeName(template)}`);
    }
    const parts: Part[] = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(template.slice(last, match.index));
      last = match.index + match[0].length;
      const name = match[1]!;
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      let value: unknown;
      if (Object.hasOwn(variables, name)) value = variables[name];
      else if (mode === 'sam') {
        if (!this.pseudo.has(name) && this.parameters.get(name)?.kind !== 'value') return raw;
        value = this.ref(name, templatePath, mode, raw);
      } else if (name.includes('.')) {
        value = this.getAtt(name, templatePath);
      } else {
        value = this.ref(name, templatePath, mode, raw);
      }
      parts.push(this.textPart(value, templatePath, `\${${name}}`));
    }
    parts.push(template.slice(last));
    return this.concat('', parts);
  }

  private textPart(value: unknown, path: string, what: string): Part {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === NO_VALUE)
      return this.ctx.fail('shape', path, `${what} is AWS::NoValue, which cannot go into a string`);
    if (isPlainObject(value) && firstSymbolic(value)) return value;
    return this.ctx.fail('shape', path, `${what} is a ${typeName(value)}, which cannot go into a string`);
  }

  /** Strings joined; with parts not yet known, `{ "Fn::Join": [delimiter, parts] }`. */
  private concat(delimiter: string, parts: readonly Part[]): unknown {
    if (parts.every((part) => typeof part === 'string')) return parts.join(delimiter);
    if (delimiter !== '') return { 'Fn::Join': [delimiter, [...parts]] };
    const merged: Part[] = [];
    for (const part of parts) {
      const previous = merged[merged.length - 1];
      if (typeof part === 'string' && part === '') continue;
      if (typeof part === 'string' && typeof previous === 'string')
        merged[merged.length - 1] = previous + part;
      else merged.push(part);
    }
    if (merged.length === 1) return merged[0];
    return { 'Fn::Join': ['', merged] };
  }

  private pair(arg: unknown, path: string, name: string, shape: string): [unknown, unknown] {
    if (!Array.isArray(arg) || arg.length !== 2)
      return this.ctx.fail('shape', path, `${name} takes ${shape}`);
    return [arg[0], arg[1]];
  }

  private join(arg: unknown, path: string): unknown {
    const [rawDelimiter, rawList] = this.pair(arg, path, 'Fn::Join', '[delimiter, [values]]');
    const delimiter = this.resolve(rawDelimiter, joinPath(path, 0), 'cfn');
    if (typeof delimiter !== 'string')
      return this.ctx.fail('shape', joinPath(path, 0), 'the Fn::Join delimiter must be a string');
    const list = this.resolve(rawList, joinPath(path, 1), 'cfn');
    if (isPlainObject(list) && firstSymbolic(list)) return { 'Fn::Join': [delimiter, list] };
    if (!Array.isArray(list))
      return this.ctx.fail('shape', joinPath(path, 1), `Fn::Join joins a list, got ${typeName(list)}`);
    return this.concat(
      delimiter,
      list.map((item, index) => this.textPart(item, joinPath(joinPath(path, 1), index), 'an Fn::Join value')),
    );
  }

  private if(arg: unknown, path: string): unknown {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
      return this.ctx.fail('shape', path, 'Fn::If takes [condition name, value if true, value if false]');
    }
    const branch = this.condition(arg[0], joinPath(path, 0)) ? 1 : 2;
    return this.resolve(arg[branch], joinPath(path, branch), 'cfn');
  }

  private select(arg: unknown, path: string): unknown {
    const [rawIndex, rawList] = this.pair(arg, path, 'Fn::Select', '[index, list]');
    const index = this.resolve(rawIndex, joinPath(path, 0), 'cfn');
    const list = this.resolve(rawList, joinPath(path, 1), 'cfn');
    const number = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : Number.NaN;
    if (!Number.isInteger(number) || number < 0) {
      if (isPlainObject(index) && firstSymbolic(index)) return { 'Fn::Select': [index, list] };
      return this.ctx.fail(
        'shape',
        joinPath(path, 0),
        `the Fn::Select index must be a whole number ≥ 0, got ${showValue(index)}`,
      );
    }
    if (isPlainObject(list) && firstSymbolic(list)) return { 'Fn::Select': [number, list] };
    if (!Array.isArray(list))
      return this.ctx.fail('shape', joinPath(path, 1), `Fn::Select picks from a list, got ${typeName(list)}`);
    if (number >= list.length) {
      return this.ctx.fail(
        'shape',
        joinPath(path, 0),
        `Fn::Select index ${number} is out of range for a list of ${list.length}`,
      );
    }
    return list[number];
  }

  private split(arg: unknown, path: string): unknown {
    const [rawDelimiter, rawSource] = this.pair(arg, path, 'Fn::Split', '[delimiter, string]');
    const delimiter = this.resolve(rawDelimiter, joinPath(path, 0), 'cfn');
    if (typeof delimiter !== 'string' || delimiter === '') {
      return this.ctx.fail('shape', joinPath(path, 0), 'the Fn::Split delimiter must be a non-empty string');
    }
    const source = this.resolve(rawSource, joinPath(path, 1), 'cfn');
    if (isPlainObject(source) && firstSymbolic(source)) return { 'Fn::Split': [delimiter, source] };
    if (typeof source !== 'string')
      return this.ctx.fail('shape', joinPath(path, 1), `Fn::Split splits a string, got ${typeName(source)}`);
    return source.split(delimiter);
  }

  private findInMap(arg: unknown, path: string, mode: ResolveMode, raw: Record<string, unknown>): unknown {
    if (!Array.isArray(arg) || (arg.length !== 3 && arg.length !== 4)) {
      return this.ctx.fail('shape', path, 'Fn::FindInMap takes [map name, top-level key, second-level key]');
    }
    const keys = arg.slice(0, 3).map((key, index) => this.resolve(key, joinPath(path, index), mode));
    if (!keys.every((key) => typeof key === 'string' || typeof key === 'number')) {
      if (mode === 'sam' || keys.some((key) => isPlainObject(key) && firstSymbolic(key))) {
        return mode === 'sam' ? raw : { 'Fn::FindInMap': keys };
      }
      return this.ctx.fail('shape', path, 'Fn::FindInMap keys must be strings');
    }
    const [mapName, top, second] = keys.map(String) as [string, string, string];
    const fallback = arg[3];
    const missing = (message: string, at: number): unknown => {
      if (isPlainObject(fallback) && Object.hasOwn(fallback, 'DefaultValue')) {
        return this.resolve(fallback.DefaultValue, joinPath(joinPath(path, 3), 'DefaultValue'), mode);
      }
      return this.ctx.fail('reference', joinPath(path, at), message);
    };
    const map = this.mappings[mapName];
    if (!isPlainObject(map)) {
      const names = Object.keys(this.mappings);
      return missing(
        `mapping ${mapName} is not in Mappings (${names.length > 0 ? `its mappings: ${names.join(', ')}` : 'the template has none'})`,
        0,
      );
    }
    const level = map[top];
    if (!isPlainObject(level))
      return missing(`mapping ${mapName} has no key ${top} (its keys: ${Object.keys(map).join(', ')})`, 1);
    if (!Object.hasOwn(level, second)) {
      return missing(
        `mapping ${mapName}.${top} has no key ${second} (its keys: ${Object.keys(level).join(', ')})`,
        2,
      );
    }
    return this.resolve(level[second], joinPath(joinPath(joinPath('Mappings', mapName), top), second), mode);
  }

  private base64(arg: unknown, path: string): unknown {
    const value = this.resolve(arg, path, 'cfn');
    if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
    if (isPlainObject(value) && firstSymbolic(value)) return { 'Fn::Base64': value };
    return this.ctx.fail('shape', path, `Fn::Base64 encodes a string, got ${typeName(value)}`);
  }

  private importValue(arg: unknown, path: string): unknown {
    const name = this.resolve(arg, path, 'cfn');
    if (typeof name === 'string' && Object.hasOwn(this.imports, name)) return this.imports[name];
    if (typeof name === 'string') {
      return this.symbolic(
        { 'Fn::ImportValue': name },
        `Fn::ImportValue ${name} is another stack's export; give its value in options.imports`,
      );
    }
    if (isPlainObject(name) && firstSymbolic(name))
      return this.symbolic({ 'Fn::ImportValue': name }, this.explain(firstSymbolic(name)!));
    return this.ctx.fail('shape', path, `Fn::ImportValue takes an export name, got ${typeName(name)}`);
  }

  private conditionExpression(raw: unknown, path: string): boolean {
    if (isPlainObject(raw) && Object.keys(raw).length === 1) {
      const [key] = Object.keys(raw) as [string];
      const arg = raw[key];
      const at = joinPath(path, key);
      switch (key) {
        case 'Condition':
          if (typeof arg !== 'string')
            return this.ctx.fail('shape', at, 'Condition takes the name of a condition');
          return this.condition(arg, at);
        case 'Fn::Not':
          if (!Array.isArray(arg) || arg.length !== 1)
            return this.ctx.fail('shape', at, 'Fn::Not takes [condition]');
          return !this.conditionExpression(arg[0], joinPath(at, 0));
        case 'Fn::And':
        case 'Fn::Or': {
          if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) {
            return this.ctx.fail('shape', at, `${key} takes 2 to 10 conditions`);
          }
          const values = arg.map((item, index) => this.conditionExpression(item, joinPath(at, index)));
          return key === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
        }
        case 'Fn::Equals': {
          const [left, right] = this.pair(arg, at, 'Fn::Equals', '[value, value]').map((value, index) =>
            this.resolve(value, joinPath(at, index), 'cfn'),
          );
          for (const [index, value] of [left, right].entries()) {
            const piece = firstSymbolic(value);
            if (piece) {
              this.ctx.fail(
                'unresolvable',
                joinPath(at, index),
                `a condition must be known before deployment, but ${this.explain(piece)}`,
              );
            }
          }
          return canonical(left) === canonical(right);
        }
      }
    }
    return this.ctx.fail(
      'shape',
      path,
      `a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, got ${isPlainObject(raw) ? Object.keys(raw).join(', ') || 'an empty mapping' : showValue(raw)}`,
    );
  }

  private resourceAnswers(path: string): ResourceAnswers {
    if (!this.answers) {
      return this.ctx.fail(
        'shape',
        path,
        'a condition may refer only to parameters, pseudo parameters and mappings',
      );
    }
    return this.answers;
  }
}

/** CloudFormation compares the string forms: `1` equals `"1"`. */
function canonical(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(
    Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : String(item))) : value,
  );
}
