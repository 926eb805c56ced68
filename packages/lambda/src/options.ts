import { Validator } from '@shiftguard/kit';
import { InvalidLambdaCheckOptionsError } from './errors';
import type { VersionChoice } from './invoke/version';

/** The validator of one factory: every message starts with the factory's name. */
export function optionsValidator(owner: string): Validator {
  return new Validator({
    prefix: `${owner}: `,
    error: (message, { cause }) =>
      new InvalidLambdaCheckOptionsError(message, cause === undefined ? undefined : { cause }),
  });
}

/** Bursts are bounded: a hook has minutes, not hours. */
export function burstSize(validator: Validator, value: unknown, path: string): number {
  return validator.integer(value, path, { min: 1, max: 10_000 }) ?? 1;
}

export function checkName(validator: Validator, value: unknown, fallback: string): string {
  return validator.string(value, 'name') ?? fallback;
}

export function versionChoice(validator: Validator, value: unknown): VersionChoice {
  if (value === undefined) return 'target';
  if (value !== 'target' && value !== 'current') {
    validator.fail('version', `must be 'target' or 'current', got ${JSON.stringify(value)}`);
  }
  return value;
}
