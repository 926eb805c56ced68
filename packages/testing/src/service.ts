import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceError } from './service-error';

/** One HTTP request, body already read. */
export interface WireRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How one service speaks: AWS JSON 1.1 for CodeDeploy, REST-JSON for Lambda, and so on. */
export interface WireProtocol {
  success(output: unknown): WireResponse;
  error(error: ServiceError): WireResponse;
}

export interface OperationContext {
  /** The injected fault this call went through, if any (`delay`, `dropResponse`). */
  readonly fault: string | undefined;
}

/** A request a service has claimed, named by operation so faults can target it before it runs. */
export interface RoutedRequest {
  readonly service: string;
  readonly operation: string;
  readonly protocol: WireProtocol;
  /**
   * Runs the operation; throws (or rejects with) {@link ServiceError} for modeled errors. May return a
   * promise: Lambda's Invoke answers only once the handler has. `fault` names a fault that let the
   * operation run (`delay`, `dropResponse`) so the service can note it in what it records.
   */
  execute(fault?: string): unknown;
  /** Told when a fault answered instead of the operation, so the service can still record the call. */
  faulted?(outcome: string, kind: string): void;
}

/**
 * A service the emulator hosts. The server asks each in turn to claim a request: CodeDeploy by
 * `x-amz-target`, Lambda by path (`/2015-03-31/functions/...`); CloudWatch later is one more module.
 */
export interface ServiceModule {
  readonly name: string;
  route(request: WireRequest): RoutedRequest | undefined;
}
