import { Validator } from '@shiftguard/kit';
import { InvalidMetricsOptionsError } from './errors';

/** The validator of one factory: every message starts with the factory's name. */
export function optionsValidator(owner: string): Validator {
  return new Validator({
    prefix: `${owner}: `,
    error: (message, { cause }) =>
      new InvalidMetricsOptionsError(message, cause === undefined ? undefined : { cause }),
  });
}
