import { isPlainObject, Validator } from '@shiftguard/kit';
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

/**
 * The kit's `object()`, with an unknown key named by its whole quoted path
 * (`"seed.deployments[1].app" is not a known key; known keys: …`) where the kit names the key alone:
 * in a seed the key alone would not say which entry to fix.
 */
export function objectWithKeys(
  v: Validator,
  value: unknown,
  path: string,
  known: readonly string[],
): Record<string, unknown> {
  const stranger = isPlainObject(value) ? Object.keys(value).find((key) => !known.includes(key)) : undefined;
  if (stranger !== undefined) {
    v.fail(Validator.join(path, stranger), `is not a known key; known keys: ${known.join(', ')}`);
  }
  return v.object(value, path, known);
}
