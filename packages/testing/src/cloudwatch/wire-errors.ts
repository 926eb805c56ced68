import { ServiceError } from '../service-error';

/**
 * CloudWatch's errors by their query code (what `<Code>` and `x-amzn-query-error` carry and what
 * both SDKs and botocore report), with the shape the JSON protocol names in `__type` and the HTTP
 * status of the API model. Recorded AWS answers show the JSON forms: modeled errors as
 * `com.amazonaws.cloudwatch.v2010_08_01#<Shape>`, the unmodeled `ValidationError` as
 * `com.amazon.coral.validate#ValidationException`.
 */
const MODELED: Readonly<Record<string, { readonly type: string; readonly status: number }>> = {
  InvalidParameterValue: { type: shape('InvalidParameterValueException'), status: 400 },
  MissingParameter: { type: shape('MissingRequiredParameterException'), status: 400 },
  InvalidParameterCombination: { type: shape('InvalidParameterCombinationException'), status: 400 },
  InvalidNextToken: { type: shape('InvalidNextToken'), status: 400 },
  LimitExceeded: { type: shape('LimitExceededFault'), status: 400 },
  InvalidFormat: { type: shape('InvalidFormatFault'), status: 400 },
  ResourceNotFound: { type: shape('ResourceNotFound'), status: 404 },
  InternalServiceError: { type: shape('InternalServiceFault'), status: 500 },
  ValidationError: { type: 'com.amazon.coral.validate#ValidationException', status: 400 },
  // Not recorded from AWS: the coral name other JSON services send for throttling.
  Throttling: { type: 'com.amazon.coral.availability#ThrottlingException', status: 400 },
};

function shape(name: string): string {
  return `com.amazonaws.cloudwatch.v2010_08_01#${name}`;
}

/** Names other parts of the emulator use (faults) mapped to CloudWatch's codes. */
const ALIASES: Readonly<Record<string, string>> = {
  ThrottlingException: 'Throttling',
  InvalidParameterValueException: 'InvalidParameterValue',
  MissingRequiredParameterException: 'MissingParameter',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  LimitExceededFault: 'LimitExceeded',
  InternalServiceFault: 'InternalServiceError',
  InvalidFormatFault: 'InvalidFormat',
  ValidationException: 'ValidationError',
};

export interface WireError {
  /** The query code, e.g. `InvalidParameterValue`. */
  readonly code: string;
  /** The JSON protocol's `__type`. */
  readonly type: string;
  /** The model's status (what query answers, and JSON in query mode). */
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
  readonly message: string;
}

export function wireError(error: ServiceError): WireError {
  // The alarm model's errors carry their query code themselves.
  const own = (error as { readonly code?: unknown }).code;
  const code = typeof own === 'string' ? own : (ALIASES[error.name] ?? error.name);
  const modeled = MODELED[code];
  const status = modeled?.status ?? error.status;
  return {
    code,
    type: modeled?.type ?? code,
    status,
    fault: status >= 500 ? 'Receiver' : 'Sender',
    message: error.message,
  };
}

export const invalidParameterValue = (message: string) =>
  new ServiceError('InvalidParameterValue', message, 400);
export const missingParameter = (message: string) => new ServiceError('MissingParameter', message, 400);
export const invalidParameterCombination = (message: string) =>
  new ServiceError('InvalidParameterCombination', message, 400);
export const validationError = (message: string) => new ServiceError('ValidationError', message, 400);
export const invalidNextToken = (message: string) => new ServiceError('InvalidNextToken', message, 400);
export const resourceNotFound = (message: string) => new ServiceError('ResourceNotFound', message, 404);
