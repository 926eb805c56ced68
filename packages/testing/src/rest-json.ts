import type { IncomingHttpHeaders } from 'node:http';
import { isPlainObject } from '@shiftguard/kit';
import type { OperationContext, RoutedRequest, WireProtocol, WireRequest, WireResponse } from './service';
import type { ServiceError } from './service-error';

/** A REST-JSON request after routing: path parameters decoded, body still raw (Invoke's is a blob). */
export interface RestRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What a REST-JSON operation answers: the status is part of the contract (201 for creates, 202/204 for Invoke). */
export interface RestResult {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent verbatim; an operation with a JSON output passes it through {@link jsonResult}. */
  readonly body?: string;
}

export type RestOperation = (
  request: RestRequest,
  context: OperationContext,
) => RestResult | Promise<RestResult>;

export interface RestRoute {
  readonly method: string;
  /** e.g. `/2015-03-31/functions/{FunctionName}/aliases/{Name}`; a `{param}` matches one path segment. */
  readonly path: string;
  readonly operation: string;
}

export interface RestJsonServiceDefinition {
  readonly service: string;
  readonly routes: readonly RestRoute[];
  readonly operations: Readonly<Record<string, RestOperation>>;
  /** The error body: each service has its own shape (Lambda's `{"Type", "message"}`, casing per error). */
  readonly errorBody: (error: ServiceError) => Record<string, unknown>;
  /** Told about every call a fault answered, so the service can still record it. */
  readonly onFaulted?: (operation: string, request: RestRequest, outcome: string, kind: string) => void;
}

export function jsonResult(status: number, value: unknown): RestResult {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/**
 * The REST-JSON protocol (Lambda's): operations are named by method and path, answer with their own
 * status, and errors carry their name in `x-amzn-errortype`, which the AWS SDK reads before the body.
 */
export function restJsonProtocol(errorBody: (error: ServiceError) => Record<string, unknown>): WireProtocol {
  return {
    success(output: unknown): WireResponse {
      const result = output as RestResult;
      return { status: result.status, headers: { ...result.headers }, body: result.body ?? '' };
    },
    error(error: ServiceError): WireResponse {
      return {
        status: error.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.name },
        body: JSON.stringify(errorBody(error)),
      };
    },
  };
}

/** Builds a {@link ServiceModule} route function for a REST-JSON service. */
export function restJsonRouter(
  definition: RestJsonServiceDefinition,
): (request: WireRequest) => RoutedRequest | undefined {
  const protocol = restJsonProtocol(definition.errorBody);
  const routes = definition.routes.map((route) => ({ ...route, segments: route.path.split('/') }));
  return (request) => {
    const segments = request.path.split('/');
    for (const route of routes) {
      if (route.method !== request.method) continue;
      const params = matchSegments(route.segments, segments);
      if (params === undefined) continue;
      const handler = definition.operations[route.operation];
      if (handler === undefined) continue;
      const restRequest: RestRequest = {
        params,
        query: request.query,
        headers: request.headers,
        body: request.body,
      };
      return {
        service: definition.service,
        operation: route.operation,
        protocol,
        execute: (fault) => handler(restRequest, { fault }),
        faulted(outcome, kind) {
          definition.onFaulted?.(route.operation, restRequest, outcome, kind);
        },
      };
    }
    return undefined;
  };
}

function matchSegments(
  template: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index += 1) {
    const expected = template[index] as string;
    const segment = actual[index] as string;
    if (expected.startsWith('{') && expected.endsWith('}')) {
      if (segment === '') return undefined;
      try {
        params[expected.slice(1, -1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Parses a JSON object body; an empty body is an empty input. */
export function parseJsonObjectBody(
  body: Buffer,
  invalid: (detail: string) => ServiceError,
): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (!isPlainObject(value)) throw invalid('the body must be a JSON object');
  return value;
}
