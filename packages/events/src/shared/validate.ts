import { isPlainObject, showValue, typeName, Validator } from '@shiftguard/kit';
import { InvalidEventOptionsError } from '../errors';

// The builders read their options through the kit's one vocabulary; these adapters keep the
// builders' calls short (`optionalString(record, 'stage', what)`).

/** Options read from a caller, before each value is checked. */
export type UnknownRecord = Record<string, unknown>;

const validator: Validator = new Validator({
  error: (message, { cause }) =>
    new InvalidEventOptionsError(message, cause === undefined ? undefined : { cause }),
});

/** `null`, `array` and `Date` are told apart so messages say what was really given. */
export const describeType = typeName;

/** A value as a message shows it: strings quoted, anything else by its type. */
export const show = showValue;

export { isPlainObject };

/**
 * Sets an own property even when the key is "__proto__": names in events come from callers (headers,
 * query strings, item attributes) and a plain assignment would change the object's prototype instead.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function fail(message: string, cause?: unknown): never {
  return validator.failWith('', message, cause);
}

/**
 * Checks that `value` is an options object whose keys are all `known`. A misspelt key would otherwise
 * be ignored silently and the smoke test would exercise a default instead of what was meant.
 */
export function readOptions(value: unknown, what: string, known: readonly string[]): UnknownRecord {
  if (value === undefined) return {};
  return validator.object(value, what, known, { noun: `${what} option` });
}

/** Overrides are merged into the event: anything but an object would replace it wholesale. */
export function readOverrides(value: unknown, what: string): UnknownRecord | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) validator.wrongType(`${what} overrides`, 'an object', value);
  return value;
}

export function optionalString(
  record: UnknownRecord,
  key: string,
  what: string,
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): string | undefined {
  const path = `${what}.${key}`;
  const value = validator.string(record[key], path, { allowEmpty: true });
  if (!allowEmpty && value === '') validator.fail(path, 'must not be empty');
  return value;
}

export function optionalBoolean(record: UnknownRecord, key: string, what: string): boolean | undefined {
  return validator.boolean(record[key], `${what}.${key}`);
}

export function optionalInteger(
  record: UnknownRecord,
  key: string,
  what: string,
  min: number,
): number | undefined {
  return validator.integer(record[key], `${what}.${key}`, { min });
}

/** A Date or epoch milliseconds; an Invalid Date would turn every timestamp into "NaN". */
export function optionalInstant(record: UnknownRecord, key: string, what: string): Date | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : undefined;
  if (date === undefined) return validator.wrongType(`${what}.${key}`, 'a Date or epoch milliseconds', value);
  if (!Number.isFinite(date.getTime())) validator.fail(`${what}.${key}`, 'is not a valid date');
  return date;
}

/** A map of names to strings, such as path parameters or stage variables. */
export function optionalStringMap(
  record: UnknownRecord,
  key: string,
  what: string,
): Record<string, string> | undefined {
  const value = validator.stringMap(record[key], `${what}.${key}`);
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) setOwn(out, name, entry);
  return out;
}

export function oneOf<T extends string>(
  record: UnknownRecord,
  key: string,
  what: string,
  allowed: readonly T[],
): T | undefined {
  return validator.oneOf(record[key], `${what}.${key}`, allowed);
}

export function requireArray(value: unknown, what: string): readonly unknown[] {
  return validator.array(value, what) ?? validator.wrongType(what, 'an array', value);
}
