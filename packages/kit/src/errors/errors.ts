import { BrandedError } from './branded-error';

/** Every error `@shiftguard/kit` raises for itself extends this base and carries a stable literal `code`. */
export abstract class KitError extends BrandedError {
  static override readonly brand: string = '@shiftguard/kit';
}

/**
 * Options given to a kit helper are wrong. Check families validate through their own
 * {@link Validator}, so their users see the family's own error; this one is for the kit's own API.
 */
export class InvalidKitOptionsError extends KitError {
  static override readonly brand: string = 'SG_KIT_INVALID_OPTIONS';
  readonly code = 'SG_KIT_INVALID_OPTIONS' as const;
  /** The path of the bad value inside the options, e.g. `expect.status`. */
  readonly path: string;

  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options);
    this.path = options?.path ?? '';
  }
}
