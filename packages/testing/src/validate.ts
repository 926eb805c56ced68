import { InvalidEmulatorInputError } from './errors';

/**
 * Where a value being validated came from, e.g. `startEmulator options` or `seed file ./seed.json`;
 * every message starts with it so the reader knows which input to fix.
 */
export interface InputSource {
  readonly label: string;
}

/** Joins a path into the input: `deployments` + 0 → `deployments[0]`, `deployments[0]` + `appSpec` → `deployments[0].appSpec`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

export function invalid(source: InputSource, path: string, problem: string): InvalidEmulatorInputError {
  const where = path === '' ? '' : ` "${path}"`;
  return new InvalidEmulatorInputError(`Invalid ${source.label}:${where} ${problem}`, { path });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks that `value` is a plain object and has no keys besides `allowed`, naming the first stranger. */
export function expectObject(
  source: InputSource,
  path: string,
  value: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw invalid(source, path, `must be an object (got ${describeValue(value)})`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalid(source, childPath(path, key), `is not a known key (allowed: ${allowed.join(', ')})`);
    }
  }
  return value;
}

export function optionalString(
  source: InputSource,
  path: string,
  value: unknown,
  options?: { pattern?: RegExp; patternHint?: string; maxLength?: number },
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(source, path, `must be a non-empty string (got ${describeValue(value)})`);
  }
  if (options?.maxLength !== undefined && value.length > options.maxLength) {
    throw invalid(source, path, `must be at most ${options.maxLength} characters (got ${value.length})`);
  }
  if (options?.pattern && !options.pattern.test(value)) {
    throw invalid(
      source,
      path,
      `must be ${options.patternHint ?? `like ${options.pattern}`} (got ${describeValue(value)})`,
    );
  }
  return value;
}

export function optionalEnum<T extends string>(
  source: InputSource,
  path: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(source, path, `must be one of ${allowed.join(', ')} (got ${describeValue(value)})`);
  }
  return value as T;
}

export function optionalInteger(
  source: InputSource,
  path: string,
  value: unknown,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalid(
      source,
      path,
      `must be an integer from ${range.min} to ${range.max} (got ${describeValue(value)})`,
    );
  }
  return value;
}

export function optionalBoolean(source: InputSource, path: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean')
    throw invalid(source, path, `must be a boolean (got ${describeValue(value)})`);
  return value;
}
