import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/metrics` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side.
 */
export abstract class MetricsCheckError extends BrandedError {
  static override readonly brand: string = '@shiftguard/metrics';
}

/** Options given to a check factory are wrong. */
export class InvalidMetricsOptionsError extends MetricsCheckError {
  static override readonly brand: string = 'SG_METRICS_INVALID_OPTIONS';
  readonly code = 'SG_METRICS_INVALID_OPTIONS' as const;
}
