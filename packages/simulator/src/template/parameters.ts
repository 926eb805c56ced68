// Parameters and pseudo parameters: the values every Ref to them resolves to, held to the parameter's
// type and constraints as CloudFormation holds them.
import { isPlainObject, showValue } from '@shiftguard/kit';
import { InvalidSimulatorOptionsError } from '../errors';
import type { TemplateContext } from './context';
import type { ParameterValue, SamParameter, SamStack } from './model';
import { joinPath } from './paths';

/** A parameter's value, or for an `AWS::SSM::Parameter::Value<…>` without an override, the SSM name it reads at deployment. */
export type ParameterEntry =
  | { readonly kind: 'value'; readonly value: ParameterValue }
  | { readonly kind: 'ssm'; readonly name: string };

export type OverrideValue = string | number | boolean | readonly (string | number)[];

const LIST_TYPE = /^List<.+>$/;
const SSM_VALUE_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const KNOWN_KEYS = [
  'Type',
  'Default',
  'Description',
  'AllowedValues',
  'AllowedPattern',
  'ConstraintDescription',
  'MinLength',
  'MaxLength',
  'MinValue',
  'MaxValue',
  'NoEcho',
];

/** The pseudo parameters of the simulated stack, `AWS::NoValue` aside (the resolver's own). */
export function pseudoParameters(stack: SamStack): Map<string, ParameterValue> {
  return new Map<string, ParameterValue>([
    ['AWS::Region', stack.region],
    ['AWS::AccountId', stack.accountId],
    ['AWS::StackName', stack.name],
    [
      'AWS::StackId',
      `arn:${stack.partition}:cloudformation:${stack.region}:${stack.accountId}:stack/${stack.name}/00000000-0000-4000-8000-000000000000`,
    ],
    ['AWS::Partition', stack.partition],
    ['AWS::URLSuffix', stack.urlSuffix],
    ['AWS::NotificationARNs', []],
  ]);
}

/** The partition and URL suffix of a region, by its prefix. */
export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  if (region.startsWith('us-isob-')) return { partition: 'aws-iso-b', urlSuffix: 'sc2s.sgov.gov' };
  if (region.startsWith('us-iso-')) return { partition: 'aws-iso', urlSuffix: 'c2s.ic.gov' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

export interface ReadParameters {
  readonly entries: Map<string, ParameterEntry>;
  readonly model: Record<string, SamParameter>;
}

export function readParameters(
  ctx: TemplateContext,
  section: unknown,
  overrides: Readonly<Record<string, OverrideValue>> | undefined,
  owner = 'readSamTemplate',
): ReadParameters {
  const entries = new Map<string, ParameterEntry>();
  const model: Record<string, SamParameter> = {};
  if (section !== undefined && section !== null && !isPlainObject(section)) {
    ctx.fail('shape', 'Parameters', 'Parameters must be a mapping of parameter names to declarations');
  }
  const declared = isPlainObject(section) ? section : {};
  for (const name of Object.keys(overrides ?? {})) {
    if (!(name in declared)) {
      const known = Object.keys(declared);
      throw new InvalidSimulatorOptionsError(
        `${owner}: parameters.${name} is not a parameter of the template; its parameters: ${known.length > 0 ? known.join(', ') : 'none'}`,
        { path: `parameters.${name}` },
      );
    }
  }
  for (const [name, declaration] of Object.entries(declared)) {
    const path = joinPath('Parameters', name);
    if (!isPlainObject(declaration))
      ctx.fail('shape', path, `parameter ${name} must be a mapping with a Type`);
    for (const key of Object.keys(declaration)) {
      if (!KNOWN_KEYS.includes(key)) {
        ctx.fail(
          'shape',
          joinPath(path, key),
          `${key} is not a parameter attribute; known: ${KNOWN_KEYS.join(', ')}`,
        );
      }
    }
    const type = declaration.Type;
    if (typeof type !== 'string')
      ctx.fail('shape', joinPath(path, 'Type'), `parameter ${name} must have a Type`);
    if (!isKnownType(type)) ctx.fail('shape', joinPath(path, 'Type'), `${type} is not a parameter type`);
    const override = overrides?.[name];
    const from = override !== undefined ? 'option' : 'default';
    const raw = override !== undefined ? override : declaration.Default;
    const where = override !== undefined ? path : joinPath(path, 'Default');
    const source = override !== undefined ? 'options.parameters' : 'its Default';
    if (raw === undefined || raw === null) {
      ctx.fail(
        'missing-parameter',
        path,
        `parameter ${name} has no value: the template gives it no Default and options.parameters gives it none`,
      );
    }
    const ssm = SSM_VALUE_TYPE.exec(type);
    if (ssm && override === undefined) {
      if (typeof raw !== 'string') {
        ctx.fail(
          'invalid-parameter',
          where,
          `parameter ${name} must name an SSM parameter, got ${showValue(raw)}`,
        );
      }
      entries.set(name, { kind: 'ssm', name: raw });
      model[name] = { type, value: raw, from, location: ctx.locate(path) };
      continue;
    }
    const valueType = ssm ? ssm[1]! : type;
    const value = checkValue(ctx, name, valueType, declaration, raw, where, source);
    entries.set(name, { kind: 'value', value });
    model[name] = { type, value, from, location: ctx.locate(path) };
  }
  return { entries, model };
}

function isKnownType(type: string): boolean {
  return (
    type === 'String' ||
    type === 'Number' ||
    type === 'CommaDelimitedList' ||
    LIST_TYPE.test(type) ||
    type.startsWith('AWS::')
  );
}

function checkValue(
  ctx: TemplateContext,
  name: string,
  type: string,
  declaration: Record<string, unknown>,
  raw: unknown,
  path: string,
  source: string,
): ParameterValue {
  const bad = (expected: string, value: unknown): never =>
    ctx.fail(
      'invalid-parameter',
      path,
      `parameter ${name} (${type}) must be ${expected}, got ${showValue(value)} from ${source}`,
    );
  const isList = type === 'CommaDelimitedList' || LIST_TYPE.test(type);
  const itemType = type === 'List<Number>' ? 'Number' : 'String';
  let items: string[];
  if (Array.isArray(raw)) {
    if (!isList) bad('a single value', raw);
    items = raw.map((item) => scalarText(item) ?? bad('a list of strings', raw));
  } else {
    const text = scalarText(raw) ?? bad(isList ? 'a comma-delimited string' : 'a string', raw);
    // CloudFormation: "each member string is space trimmed".
    items = isList ? text.split(',').map((item) => item.trim()) : [text];
  }
  const allowed = declaration.AllowedValues;
  for (const item of items) {
    if (itemType === 'Number' || type === 'Number') {
      if (!NUMBER.test(item.trim())) bad('a number', item);
      const number = Number(item);
      const min = numberAttribute(ctx, declaration, 'MinValue', name);
      const max = numberAttribute(ctx, declaration, 'MaxValue', name);
      if (min !== undefined && number < min) bad(`at least ${min} (MinValue)`, item);
      if (max !== undefined && number > max) bad(`at most ${max} (MaxValue)`, item);
    } else {
      const minLength = numberAttribute(ctx, declaration, 'MinLength', name);
      const maxLength = numberAttribute(ctx, declaration, 'MaxLength', name);
      if (minLength !== undefined && item.length < minLength)
        bad(`at least ${minLength} characters long (MinLength)`, item);
      if (maxLength !== undefined && item.length > maxLength)
        bad(`at most ${maxLength} characters long (MaxLength)`, item);
      const pattern = declaration.AllowedPattern;
      if (pattern !== undefined) {
        if (typeof pattern !== 'string') {
          ctx.fail(
            'shape',
            joinPath(`Parameters.${name}`, 'AllowedPattern'),
            'AllowedPattern must be a string',
          );
        }
        let regex: RegExp;
        try {
          regex = new RegExp(`^(?:${pattern})$`, 'u');
        } catch (error) {
          return ctx.fail(
            'shape',
            joinPath(`Parameters.${name}`, 'AllowedPattern'),
            `AllowedPattern is not a regular expression: ${(error as Error).message}`,
          );
        }
        if (!regex.test(item)) bad(`matching AllowedPattern ${pattern}`, item);
      }
    }
    if (allowed !== undefined) {
      if (!Array.isArray(allowed)) {
        ctx.fail('shape', joinPath(`Parameters.${name}`, 'AllowedValues'), 'AllowedValues must be a list');
      }
      const texts = allowed.map((value) => scalarText(value));
      if (!texts.includes(item)) bad(`one of ${texts.join(', ')} (AllowedValues)`, item);
    }
  }
  return isList ? items : items[0]!;
}

function numberAttribute(
  ctx: TemplateContext,
  declaration: Record<string, unknown>,
  key: string,
  name: string,
): number | undefined {
  const value = declaration[key];
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) ctx.fail('shape', `Parameters.${name}.${key}`, `${key} must be a number`);
  return number;
}

/** A scalar as CloudFormation takes it: every parameter value is a string. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
