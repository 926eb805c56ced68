import { Validator } from '@shiftguard/kit';
import { InvalidSimulatorOptionsError } from './errors';

/** The validator of one function: every message starts with the function's name. */
export function optionsValidator(owner: string): Validator {
  return new Validator({
    prefix: `${owner}: `,
    error: (message, { path, cause }) =>
      new InvalidSimulatorOptionsError(message, { path, ...(cause !== undefined && { cause }) }),
  });
}
