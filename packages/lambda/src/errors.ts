/** Every error of `@shiftguard/lambda` extends this base and carries a stable literal `code`. */
export abstract class LambdaCheckError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options given to a check factory are wrong. */
export class InvalidLambdaCheckOptionsError extends LambdaCheckError {
  readonly code = 'SG_LAMBDA_INVALID_OPTIONS' as const;
}

/** The payload is over Lambda's 6 MB synchronous invocation limit; it was not sent. */
export class PayloadTooLargeError extends LambdaCheckError {
  readonly code = 'SG_LAMBDA_PAYLOAD_TOO_LARGE' as const;
}

/** The check does not know which version to invoke. */
export class TargetVersionUnknownError extends LambdaCheckError {
  readonly code = 'SG_LAMBDA_TARGET_UNKNOWN' as const;
}
