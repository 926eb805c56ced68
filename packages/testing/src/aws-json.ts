import { isPlainObject } from '@shiftguard/kit';
import type { OperationContext, RoutedRequest, WireProtocol, WireRequest, WireResponse } from './service';
import { ServiceError } from './service-error';

/**
 * The AWS JSON 1.x protocol (CodeDeploy speaks 1.1): `POST /` with `x-amz-target: <Prefix>.<Operation>`,
 * a JSON object body, `{"__type", "message"}` error bodies. The error name also goes in
 * `x-amzn-errortype`, which SDKs read before the body.
 */
export function awsJsonProtocol(version: '1.0' | '1.1'): WireProtocol {
  const contentType = `application/x-amz-json-${version}`;
  return {
    success(output: unknown): WireResponse {
      return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(output ?? {}) };
    },
    error(error: ServiceError): WireResponse {
      return {
        status: error.status,
        headers: { 'content-type': contentType, 'x-amzn-errortype': error.name },
        body: JSON.stringify({ __type: error.name, message: error.message }),
      };
    },
  };
}

export type JsonObject = Record<string, unknown>;

export type JsonOperation = (input: JsonObject, context: OperationContext) => unknown;

export interface AwsJsonServiceDefinition {
  readonly service: string;
  /** e.g. `CodeDeploy_20141006` */
  readonly targetPrefix: string;
  readonly version: '1.0' | '1.1';
  readonly operations: Readonly<Record<string, JsonOperation>>;
  /** Told about every call a fault answered, with its input when the body was a JSON object. */
  readonly onFaulted?: (
    operation: string,
    input: JsonObject | undefined,
    outcome: string,
    kind: string,
  ) => void;
}

/** Builds a {@link ServiceModule} route function for an AWS JSON service. */
export function awsJsonRouter(
  definition: AwsJsonServiceDefinition,
): (request: WireRequest) => RoutedRequest | undefined {
  const protocol = awsJsonProtocol(definition.version);
  const prefix = `${definition.targetPrefix}.`;
  return (request) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(prefix))
      return undefined;
    const operation = target.slice(prefix.length);
    const parsed = parseBody(request.body);
    const handler = Object.hasOwn(definition.operations, operation)
      ? definition.operations[operation]
      : undefined;
    return {
      service: definition.service,
      operation,
      protocol,
      execute(fault) {
        if (handler === undefined) {
          throw new ServiceError('UnknownOperationException', `Unknown operation ${target}`);
        }
        if (parsed instanceof ServiceError) throw parsed;
        return handler(parsed, { fault });
      },
      faulted(outcome, kind) {
        definition.onFaulted?.(operation, parsed instanceof ServiceError ? undefined : parsed, outcome, kind);
      },
    };
  };
}

function parseBody(body: Buffer): JsonObject | ServiceError {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new ServiceError(
      'SerializationException',
      `Request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (!isPlainObject(value))
    return new ServiceError('SerializationException', 'Request body must be a JSON object');
  return value;
}
