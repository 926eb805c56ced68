import { isPlainObject, showValue } from '@shiftguard/kit';
import { InvalidParameterValueError, MissingParameterError } from './errors';
import type { AlarmDimension, AlarmTag } from './types';

// Reading the parameters of an alarm operation as CloudWatch checks them: every problem is a typed
// CloudWatch error naming the parameter with its path (`Metrics[1].MetricStat.Period`). A JSON `null`
// counts as absent, as the AWS JSON protocols treat it. Values arrive typed: the wire layer has already
// turned query-protocol strings into the model's numbers and booleans.

/** `Metrics` + 1 → `Metrics[1]`, `Metrics[1]` + `Id` → `Metrics[1].Id`. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function invalid(field: string, value: unknown, expected: string): never {
  throw new InvalidParameterValueError(`Invalid value ${showValue(value)} for ${field}: ${expected}.`, field);
}

const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

/** The request (`path` `''`) or a nested structure; a key the model does not know is refused by name. */
export function structure(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new InvalidParameterValueError(
      `${path === '' ? 'The request' : path} must be a structure, got ${showValue(value)}.`,
      path === '' ? undefined : path,
    );
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const field = join(path, key);
      throw new InvalidParameterValueError(
        `Unknown parameter ${field}; known parameters${path === '' ? '' : ` of ${path}`}: ${known.join(', ')}.`,
        field,
      );
    }
  }
  return value;
}

export interface StringRules {
  /** Default 1. */
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** What `pattern` asks for, in words. */
  readonly hint?: string;
}

export function optionalString(value: unknown, field: string, rules: StringRules = {}): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string') invalid(field, value, 'must be a string');
  const min = rules.min ?? 1;
  if (value.length < min) invalid(field, value, `must have at least ${min} character${min === 1 ? '' : 's'}`);
  if (rules.max !== undefined && value.length > rules.max) {
    throw new InvalidParameterValueError(
      `Invalid value for ${field}: must have at most ${rules.max} characters, got ${value.length}.`,
      field,
    );
  }
  if (rules.pattern !== undefined && !rules.pattern.test(value)) {
    invalid(field, value, rules.hint ?? `must match ${rules.pattern}`);
  }
  return value;
}

export function requiredString(value: unknown, field: string, rules: StringRules = {}): string {
  const text = optionalString(value, field, rules);
  if (text === undefined) throw new MissingParameterError(field);
  return text;
}

export function optionalInteger(
  value: unknown,
  field: string,
  range: { readonly min: number; readonly max?: number },
): number | undefined {
  if (absent(value)) return undefined;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > max) {
    invalid(
      field,
      value,
      range.max === undefined
        ? `must be an integer ≥ ${range.min}`
        : `must be an integer from ${range.min} to ${range.max}`,
    );
  }
  return value;
}

export function optionalNumber(value: unknown, field: string): number | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(field, value, 'must be a finite number');
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') invalid(field, value, 'must be true or false');
  return value;
}

export function optionalEnum<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
): T | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(field, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A list of enum values, none absent. */
export function optionalEnumList<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
): T[] | undefined {
  const list = optionalList(value, field);
  return list?.map((entry, index) => {
    const path = join(field, index);
    return optionalEnum(entry, path, allowed) ?? invalid(path, entry, `must be one of ${allowed.join(', ')}`);
  });
}

export function optionalList(value: unknown, field: string, max?: number): readonly unknown[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) invalid(field, value, 'must be a list');
  if (max !== undefined && value.length > max) {
    throw new InvalidParameterValueError(
      `Invalid value for ${field}: at most ${max} members are allowed, got ${value.length}.`,
      field,
    );
  }
  return value;
}

/** A list of strings, each checked by `rules`. */
export function optionalStrings(
  value: unknown,
  field: string,
  max: number | undefined,
  rules: StringRules = {},
): string[] | undefined {
  const list = optionalList(value, field, max);
  return list?.map((entry, index) => requiredString(entry, join(field, index), rules));
}

/** Alarm names: 1 to 255 characters, no ASCII control character (PutMetricAlarm's rule). */
export const ALARM_NAME_RULES: StringRules = {
  max: 255,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is about control characters.
  pattern: /^[^\u0000-\u001f\u007f]*$/,
  hint: 'must not contain ASCII control characters',
};

/** OK, alarm and insufficient-data actions: at most 5 ARNs each. */
export function actions(value: unknown, field: string): string[] {
  return (
    optionalStrings(value, field, 5, { max: 1024, pattern: /^arn:/, hint: 'must be an ARN (arn:...)' }) ?? []
  );
}

/** `Dimensions`: at most 30, names 1 to 255 characters and distinct, values 1 to 1024. */
export function dimensions(value: unknown, field: string): AlarmDimension[] {
  const list = optionalList(value, field, 30) ?? [];
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const path = join(field, index);
    const dimension = structure(entry, path, ['Name', 'Value']);
    const name = requiredString(dimension.Name, join(path, 'Name'), { max: 255 });
    const dimensionValue = requiredString(dimension.Value, join(path, 'Value'), { max: 1024 });
    if (seen.has(name)) {
      throw new InvalidParameterValueError(`${field} has the dimension ${name} twice.`, join(path, 'Name'));
    }
    seen.add(name);
    return { Name: name, Value: dimensionValue };
  });
}

/** `Tags`: at most 50, keys 1 to 128 characters and distinct, values 0 to 256. */
export function tags(value: unknown, field: string): AlarmTag[] {
  const list = optionalList(value, field, 50) ?? [];
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const path = join(field, index);
    const tag = structure(entry, path, ['Key', 'Value']);
    const key = requiredString(tag.Key, join(path, 'Key'), { max: 128 });
    const tagValue = optionalString(tag.Value, join(path, 'Value'), { min: 0, max: 256 });
    if (tagValue === undefined) throw new MissingParameterError(join(path, 'Value'));
    if (seen.has(key))
      throw new InvalidParameterValueError(`${field} has the key ${key} twice.`, join(path, 'Key'));
    seen.add(key);
    return { Key: key, Value: tagValue };
  });
}
