import { InvalidEventOptionsError } from '../errors';

/** Options read from a caller, before each value is checked. */
export type UnknownRecord = Record<string, unknown>;

/** `null`, `array` and `Date` are told apart so messages say what was really given. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value;
}

/** A value as a message shows it: strings quoted, anything else by its type. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describeType(value);
}

/** An object literal (or `Object.create(null)`): not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is UnknownRecord {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Sets an own property even when the key is "__proto__": names in events come from callers (headers,
 * query strings, item attributes) and a plain assignment would change the object's prototype instead.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function fail(message: string, cause?: unknown): never {
  throw new InvalidEventOptionsError(message, cause === undefined ? undefined : { cause });
}

/**
 * Checks that `value` is an options object whose keys are all `known`. A misspelt key would otherwise
 * be ignored silently and the event would carry a default instead of what was meant.
 */
export function readOptions(value: unknown, what: string, known: readonly string[]): UnknownRecord {
  if (value === undefined) return {};
  if (!isPlainObject(value)) fail(`${what} must be an object, got ${describeType(value)}`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`unknown ${what} option "${key}"; known options: ${known.join(', ')}`);
  }
  return value;
}

/** Overrides are merged into the event: anything but an object would replace it wholesale. */
export function readOverrides(value: unknown, what: string): UnknownRecord | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(`${what} overrides must be an object, got ${describeType(value)}`);
  return value;
}

export function optionalString(
  record: UnknownRecord,
  key: string,
  what: string,
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${what}.${key} must be a string, got ${describeType(value)}`);
  if (!allowEmpty && value === '') fail(`${what}.${key} must not be empty`);
  return value;
}

export function optionalBoolean(record: UnknownRecord, key: string, what: string): boolean | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(`${what}.${key} must be a boolean, got ${describeType(value)}`);
  return value;
}

export function optionalInteger(
  record: UnknownRecord,
  key: string,
  what: string,
  min: number,
): number | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(`${what}.${key} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** A Date or epoch milliseconds; an Invalid Date would turn every timestamp into "NaN". */
export function optionalInstant(record: UnknownRecord, key: string, what: string): Date | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : undefined;
  if (date === undefined) {
    fail(`${what}.${key} must be a Date or epoch milliseconds, got ${describeType(value)}`);
  }
  if (!Number.isFinite(date.getTime())) fail(`${what}.${key} is not a valid date`);
  return date;
}

/** A map of names to strings, such as path parameters or stage variables. */
export function optionalStringMap(
  record: UnknownRecord,
  key: string,
  what: string,
): Record<string, string> | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(`${what}.${key} must be an object of strings, got ${describeType(value)}`);
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      fail(`${what}.${key}.${name} must be a string, got ${describeType(entry)}`);
    }
    setOwn(out, name, entry);
  }
  return out;
}

export function oneOf<T extends string>(
  record: UnknownRecord,
  key: string,
  what: string,
  allowed: readonly T[],
): T | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`${what}.${key} must be one of ${allowed.join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

export function requireArray(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(`${what} must be an array, got ${describeType(value)}`);
  return value;
}
