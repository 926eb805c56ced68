import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/http` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side.
 */
export abstract class HttpCheckError extends BrandedError {
  static override readonly brand: string = '@shiftguard/http';
}

/** Options given to a check factory are wrong. */
export class InvalidHttpCheckOptionsError extends HttpCheckError {
  static override readonly brand: string = 'SG_HTTP_INVALID_OPTIONS';
  readonly code = 'SG_HTTP_INVALID_OPTIONS' as const;
}
