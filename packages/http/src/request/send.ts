import type { Dispatcher } from 'undici';

/** What one exchange (after redirects) produced. */
export interface HttpResponse {
  /** The URL that answered, after redirects. */
  readonly url: URL;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text; empty when it was over the limit. */
  readonly body: string;
  /** Set when the body was over `maxBodyBytes`: it was not read, and its stream was destroyed. */
  readonly bodyTooLarge: boolean;
  readonly redirects: number;
}

export interface HttpRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal;
  readonly headersMs: number;
  readonly bodyMs: number;
  readonly maxBodyBytes: number;
  readonly followRedirects: number;
}

/** Why an exchange ended without a response to judge; the check turns it into a failure. */
export class ExchangeProblem extends Error {
  constructor(
    message: string,
    readonly url: URL,
    readonly redirects: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Sent only to the origin the user named: a redirect elsewhere must not carry them. */
const ORIGIN_BOUND = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Sends the request and follows redirects by hand rather than through undici's interceptor, so a loop
 * is caught by URL (not only by count) and the final URL is known.
 */
export async function exchange(request: HttpRequest): Promise<HttpResponse> {
  let url = request.url;
  let method = request.method;
  let body = request.body;
  let headers: Record<string, string> = { ...request.headers };
  const visited = new Set<string>([url.href]);
  for (let redirects = 0; ; redirects++) {
    const response = await request.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      signal: request.signal,
      headersTimeout: request.headersMs,
      bodyTimeout: request.bodyMs,
    });
    const location = response.headers.location;
    if (
      !REDIRECTS.has(response.statusCode) ||
      typeof location !== 'string' ||
      request.followRedirects === 0
    ) {
      return { url, redirects, ...(await readBody(response, request.maxBodyBytes)) };
    }
    // A redirect's own body is never judged; dump() reads a little of it to keep the connection, or closes it.
    await response.body.dump({ limit: 64 * 1024, signal: request.signal });
    if (redirects >= request.followRedirects) {
      throw new ExchangeProblem(
        `more than ${request.followRedirects} redirects`,
        url,
        redirects,
        response.statusCode,
      );
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new ExchangeProblem(
        'redirected to a Location that is not a URL',
        url,
        redirects,
        response.statusCode,
      );
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new ExchangeProblem(`redirected to a ${next.protocol} URL`, url, redirects, response.statusCode);
    }
    if (visited.has(next.href)) {
      throw new ExchangeProblem('redirect loop', next, redirects + 1, response.statusCode);
    }
    visited.add(next.href);
    if (next.origin !== url.origin) {
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !ORIGIN_BOUND.includes(name.toLowerCase())),
      );
    }
    // What browsers and fetch do: 303, and 301/302 after a POST, become a GET without a body.
    if (
      response.statusCode === 303 ||
      (method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)
    ) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !/^content-(type|length)$/i.test(name)),
      );
    }
    url = next;
  }
}

async function readBody(
  response: Dispatcher.ResponseData,
  maxBodyBytes: number,
): Promise<Pick<HttpResponse, 'status' | 'headers' | 'body' | 'bodyTooLarge'>> {
  const { statusCode: status, headers } = response;
  // Destroying the stream makes undici emit an abort error on it, which is expected here.
  response.body.on('error', () => {});
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    response.body.destroy();
    return { status, headers, body: '', bodyTooLarge: true };
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    if (bytes > maxBodyBytes) {
      // Destroying the stream closes the connection: the rest is never read into memory.
      response.body.destroy();
      return { status, headers, body: '', bodyTooLarge: true };
    }
    chunks.push(buffer);
  }
  return { status, headers, body: Buffer.concat(chunks).toString('utf8'), bodyTooLarge: false };
}
