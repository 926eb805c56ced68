import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { hookUserAgent } from '@shiftguard/events';
import type { Validator } from '@shiftguard/kit';
import { PayloadTooLargeError } from '../errors';

/** Lambda's limit for a synchronous invocation's request payload. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** What one invocation returned, decoded. */
export interface InvocationOutcome {
  /** The version that ran (`X-Amz-Executed-Version`). */
  readonly executedVersion: string | undefined;
  /** `Unhandled` (or `Handled`) when the function threw or timed out. */
  readonly functionError: string | undefined;
  /** The response payload as text (UTF-8). */
  readonly rawPayload: string;
  /** The payload parsed as JSON; `undefined` with `parseError` set when it is not JSON. */
  readonly payload: unknown;
  readonly parseError: string | undefined;
  /** The last 4 KB of the function's log, when it was asked for. */
  readonly logTail: string | undefined;
  /** Round trip as the caller saw it, in milliseconds. */
  readonly latencyMs: number;
}

export interface InvokeRequest {
  client: LambdaClient;
  functionName: string;
  qualifier: string;
  /** From {@link encodeClientContext}, once per check run: it only depends on the run. */
  clientContext: string;
  signal: AbortSignal;
  logTail: boolean;
  /** The check's clock (`ctx.clock.now`), so a simulated run measures latency on simulated time. */
  now: () => number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Lambda's limit for the base64 `ClientContext` of an invocation. */
export const MAX_CLIENT_CONTEXT_BYTES = 3583;

/** The base64 client context a hook invocation carries: the caller's entries plus the hook marker. */
export function encodeClientContext(
  lifecycleEvent: string,
  custom: Readonly<Record<string, string>> | undefined,
): string {
  return Buffer.from(
    JSON.stringify({ Custom: { ...custom, 'user-agent': hookUserAgent(lifecycleEvent) } }),
  ).toString('base64');
}

/** Validates extra client-context entries at construction: strings only, within Lambda's size limit. */
export function validateClientContext(
  custom: unknown,
  validator: Validator,
): Readonly<Record<string, string>> | undefined {
  const entries = validator.stringMap(custom, 'clientContext');
  if (entries === undefined) return undefined;
  const size = encodeClientContext('BeforeAllowTraffic', entries).length;
  if (size > MAX_CLIENT_CONTEXT_BYTES) {
    validator.fail(
      'clientContext',
      `encodes to ${size} bytes of base64, over Lambda's ${MAX_CLIENT_CONTEXT_BYTES}-byte limit`,
    );
  }
  return entries;
}

/** Serializes a payload and refuses it before sending when Lambda would. */
export function encodePayload(payload: unknown): Uint8Array {
  const text = payload === undefined ? '' : JSON.stringify(payload);
  const bytes = encoder.encode(text ?? '');
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(
      `payload is ${bytes.byteLength} bytes, over Lambda's ${MAX_PAYLOAD_BYTES}-byte (6 MB) limit for a synchronous invoke; it was not sent`,
    );
  }
  return bytes;
}

/** Invokes one version with a marked client context and decodes what comes back. */
export async function invokeOnce(request: InvokeRequest, encoded: Uint8Array): Promise<InvocationOutcome> {
  // RequestResponse is the default invocation type: not sent, as a raw SDK call would not.
  const command = new InvokeCommand({
    FunctionName: request.functionName,
    Qualifier: request.qualifier,
    Payload: encoded,
    ClientContext: request.clientContext,
    LogType: request.logTail ? 'Tail' : undefined,
  });
  const startedAt = request.now();
  const response = await request.client.send(command, { abortSignal: request.signal });
  const latencyMs = request.now() - startedAt;
  const rawPayload = response.Payload ? decoder.decode(response.Payload) : '';
  let payload: unknown;
  let parseError: string | undefined;
  if (rawPayload !== '') {
    try {
      payload = JSON.parse(rawPayload);
    } catch (error) {
      parseError = (error as Error).message;
    }
  }
  return new DecodedInvocation(
    response.ExecutedVersion,
    response.FunctionError,
    rawPayload,
    payload,
    parseError,
    response.LogResult,
    latencyMs,
  );
}

/** A class rather than a literal with a getter: one shape for every outcome, built on the hot path. */
class DecodedInvocation implements InvocationOutcome {
  constructor(
    readonly executedVersion: string | undefined,
    readonly functionError: string | undefined,
    readonly rawPayload: string,
    readonly payload: unknown,
    readonly parseError: string | undefined,
    private readonly logResult: string | undefined,
    readonly latencyMs: number,
  ) {}

  /** Decoded only when read: a passing invocation never needs its log. */
  get logTail(): string | undefined {
    return this.logResult ? Buffer.from(this.logResult, 'base64').toString('utf8') : undefined;
  }
}
