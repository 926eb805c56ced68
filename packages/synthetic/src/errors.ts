import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/synthetic` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side.
 */
export abstract class SyntheticError extends BrandedError {
  static override readonly brand: string = '@shiftguard/synthetic';
}

/** A journey or a step was built with wrong options (a missing name, an unknown key, a bad pointer). */
export class InvalidJourneyError extends SyntheticError {
  static override readonly brand: string = 'SG_SYNTHETIC_INVALID_JOURNEY';
  readonly code = 'SG_SYNTHETIC_INVALID_JOURNEY' as const;
}
