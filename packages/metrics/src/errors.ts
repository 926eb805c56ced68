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

/**
 * A sample or a count handed to a statistic cannot be judged: an empty sample, a NaN or an infinity,
 * a negative or fractional count, more events than trials. The message names the value and what was
 * wrong; a statistic never answers such input with a NaN p-value.
 */
export class InvalidSampleError extends MetricsCheckError {
  static override readonly brand: string = 'SG_METRICS_INVALID_SAMPLE';
  readonly code = 'SG_METRICS_INVALID_SAMPLE' as const;
}
