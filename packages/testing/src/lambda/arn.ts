import { ACCOUNT_ID } from '../account';
import { ServiceError } from '../service-error';

/** What an Invoke's `FunctionName` named: the function and, if the name carried one, a qualifier. */
export interface FunctionReference {
  readonly name: string;
  readonly qualifier: string | undefined;
}

export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;
export const ALIAS_NAME_PATTERN = /^(?!\d+$)[a-zA-Z0-9-_]{1,128}$/;

/**
 * The API model's pattern for `FunctionName`: a name, a partial ARN (`123456789012:function:name`)
 * or a full ARN, each optionally ending in `:qualifier`.
 */
const FUNCTION_NAME_FORMS =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

export function functionArn(region: string, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/**
 * Reads a `FunctionName` path parameter. A malformed one is a `ValidationException`, as the real
 * service's model validation answers; one in another region or account names nothing here.
 */
export function parseFunctionName(value: string, region: string): FunctionReference {
  const match = FUNCTION_NAME_FORMS.exec(value);
  if (match === null || value.length > 170) {
    throw validationError(
      value,
      'functionName',
      `Member must satisfy regular expression pattern: ${FUNCTION_NAME_FORMS.source.slice(1, -1)}`,
    );
  }
  const arnRegion = match[3]?.slice(0, -1);
  const account = match[5]?.slice(0, -1);
  const name = match[7] as string;
  const qualifier = match[9];
  if (
    (arnRegion !== undefined && arnRegion !== region) ||
    (account !== undefined && account !== ACCOUNT_ID)
  ) {
    throw notFound(`Function not found: ${value}`);
  }
  return { name, qualifier };
}

/** Combines the qualifier in the name with the `Qualifier` parameter; both must agree when both are given. */
export function combineQualifier(reference: FunctionReference, parameter: string | null): string | undefined {
  if (parameter === null || parameter === '') return reference.qualifier;
  if (reference.qualifier !== undefined && reference.qualifier !== parameter) {
    throw new ServiceError(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  return parameter;
}

/** Lambda's not-found shape: `{"Type":"User","Message":"Function not found: arn:..."}`, HTTP 404. */
export function notFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', message, 404);
}

/** The generic AWS input-validation answer, worded as the real service words it. */
export function validationError(value: unknown, member: string, constraint: string): ServiceError {
  const shown = value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return new ServiceError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
