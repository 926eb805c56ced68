// A request as it came off the socket: the raw path and query, every header value in arrival order
// under the name's first spelling, the whole body.
import type { IncomingMessage } from 'node:http';

export interface ReceivedRequest {
  readonly method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  readonly path: string;
  /** The query string as sent, without `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
  readonly sourceIp: string;
}

export async function readRequest(request: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const target = request.url ?? '/';
  const question = target.indexOf('?');
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: question === -1 ? target : target.slice(0, question),
    query: question === -1 ? '' : target.slice(question + 1),
    headers: groupHeaders(request.rawHeaders),
    body: Buffer.concat(chunks),
    sourceIp: clientAddress(request.socket.remoteAddress),
  };
}

/** `rawHeaders` (name, value, name, value…) grouped case-insensitively, repeats kept. */
function groupHeaders(raw: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const spelling = new Map<string, string>();
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    const lower = name.toLowerCase();
    const known = spelling.get(lower);
    if (known === undefined) {
      spelling.set(lower, name);
      // A header may be called `__proto__`: define it rather than assign it.
      Object.defineProperty(out, name, {
        value: [raw[index + 1]!],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[known]!.push(raw[index + 1]!);
    }
  }
  return out;
}

/** The last value of a header, by any spelling of its name. */
export function headerValue(
  headers: Readonly<Record<string, readonly string[]>>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, values] of Object.entries(headers)) if (key.toLowerCase() === lower) return values.at(-1);
  return undefined;
}

/** An IPv4 client over a dual-stack socket shows as `::ffff:127.0.0.1`; API Gateway would say `127.0.0.1`. */
function clientAddress(address: string | undefined): string {
  if (address === undefined) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
