import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/lambda` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side.
 */
export abstract class LambdaCheckError extends BrandedError {
  static override readonly brand: string = '@shiftguard/lambda';
}

/** Options given to a check factory are wrong. */
export class InvalidLambdaCheckOptionsError extends LambdaCheckError {
  static override readonly brand: string = 'SG_LAMBDA_INVALID_OPTIONS';
  readonly code = 'SG_LAMBDA_INVALID_OPTIONS' as const;
}

/** The payload is over Lambda's 6 MB synchronous invocation limit; it was not sent. */
export class PayloadTooLargeError extends LambdaCheckError {
  static override readonly brand: string = 'SG_LAMBDA_PAYLOAD_TOO_LARGE';
  readonly code = 'SG_LAMBDA_PAYLOAD_TOO_LARGE' as const;
}

/** The check does not know which version to invoke. */
export class TargetVersionUnknownError extends LambdaCheckError {
  static override readonly brand: string = 'SG_LAMBDA_TARGET_UNKNOWN';
  readonly code = 'SG_LAMBDA_TARGET_UNKNOWN' as const;
}
