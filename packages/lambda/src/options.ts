import { InvalidLambdaCheckOptionsError } from './errors';

/** Rejects keys a factory does not know, naming the key: a typo must not silently do nothing. */
export function validateOptionKeys(options: object, known: ReadonlySet<string>, owner: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidLambdaCheckOptionsError(`${owner} options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new InvalidLambdaCheckOptionsError(
        `${owner}: unknown option "${key}"; known options: ${[...known].join(', ')}`,
      );
    }
  }
}

export function positiveInteger(value: unknown, what: string, owner: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 10_000) {
    throw new InvalidLambdaCheckOptionsError(
      `${owner}: ${what} must be an integer from 1 to 10000, got ${String(value)}`,
    );
  }
  return value as number;
}

export function optionalBoolean(value: unknown, what: string, owner: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidLambdaCheckOptionsError(`${owner}: ${what} must be a boolean, got ${typeof value}`);
  }
}

export function checkName(value: unknown, fallback: string, owner: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidLambdaCheckOptionsError(`${owner}: name must be a non-empty string`);
  }
  return value;
}

export function versionChoice(value: unknown, owner: string): 'target' | 'current' {
  if (value === undefined) return 'target';
  if (value !== 'target' && value !== 'current') {
    throw new InvalidLambdaCheckOptionsError(
      `${owner}: version must be 'target' or 'current', got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
