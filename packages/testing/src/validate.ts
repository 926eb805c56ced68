import { Validator } from '@shiftguard/kit';
import { InvalidEmulatorInputError } from './errors';

/**
 * The validator of one input of the emulator, named by `label` (`startEmulator options`,
 * `seed file ./seed.json`): every message starts with `Invalid <label>: ` so the reader knows which
 * input to fix, and quotes the path, which runs long in a seed (`"seed.functions[0].handler.module"`).
 */
export function inputValidator(label: string): Validator {
  return new Validator({
    prefix: `Invalid ${label}: `,
    quotePaths: true,
    error: (message, { path, cause }) =>
      new InvalidEmulatorInputError(message, { path, ...(cause !== undefined && { cause }) }),
  });
}
