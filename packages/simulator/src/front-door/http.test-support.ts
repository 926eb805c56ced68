// A raw HTTP exchange for the front door's tests: node:http rather than fetch, because fetch folds a
// repeated header into one line and these tests need to send a header twice.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { FrontDoorInvoke } from './front-door';

export interface Sent {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Uint8Array;
}

export interface Received {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  json(): unknown;
}

export function send(url: string, sent: Sent = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: sent.method ?? 'GET',
        headers: sent.headers as Record<string, string | string[]> | undefined,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            text: body.toString('utf8'),
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(sent.body === undefined ? undefined : Buffer.from(sent.body));
  });
}

export interface Call {
  readonly functionName: string;
  readonly qualifier: string | undefined;
  readonly event: Record<string, unknown>;
}

/**
 * An invoke that calls handlers directly, as Lambda's Node.js runtime would answer: the handler's
 * result as JSON, or a thrown error as the payload with `FunctionError: Unhandled`.
 */
export function directInvoke(
  handlers: Readonly<Record<string, (event: Record<string, unknown>) => unknown>>,
  calls: Call[] = [],
): FrontDoorInvoke {
  return async (functionName, qualifier, event) => {
    const handler = handlers[functionName];
    if (!handler) throw new Error(`Function not found: ${functionName}`);
    calls.push({ functionName, qualifier, event: event as Record<string, unknown> });
    try {
      const result = await handler(event as Record<string, unknown>);
      return { payload: JSON.stringify(result ?? null), executedVersion: '1' };
    } catch (error) {
      const { name, message } = error as Error;
      return {
        payload: JSON.stringify({ errorType: name, errorMessage: message, trace: [] }),
        functionError: 'Unhandled',
        executedVersion: '1',
      };
    }
  };
}
