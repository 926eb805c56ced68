import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CheckResult, runPlan, timeout } from '@shiftguard/core';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { InvalidHttpCheckOptionsError } from '../errors';
import { type HttpCheckOptions, httpCheck } from './http-check';

const TEN_MB = 10 * 1024 * 1024;

/** The requests the mirror route saw, headers and body as they arrived. */
let mirrored: { method: string; headers: IncomingMessage['headers']; body: string }[] = [];
/** The route a request to `/mirror` goes to; the body is read before answering. */
function mirror(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    const seen = { method: request.method ?? '', headers: request.headers, body };
    mirrored.push(seen);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
  });
}

/** What the big-body route saw: how much it handed to the socket and whether it ever finished. */
let bigBody: Promise<{ written: number; finished: boolean }>;
let server: Server;
let base: string;
/** A second origin, to see which headers survive a redirect to it. */
let otherServer: Server;
let other: string;

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/ok':
      response.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': 'session=c00kie-value; HttpOnly',
      });
      response.end(JSON.stringify({ status: 'ok', version: url.searchParams.get('version'), items: [1, 2] }));
      return;
    case '/down':
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('down for maintenance');
      return;
    case '/text':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('this is not json');
      return;
    case '/mirror':
      mirror(request, response);
      return;
    case '/to-mirror':
      // 307 keeps the method and the body: what was sent is sent again, not worked out again.
      response.writeHead(307, { location: '/mirror' }).end();
      return;
    case '/echo-everywhere': {
      // Worse still: the bare token and another credential back in a header and in the body, where
      // no pattern can tell them from any other text.
      const token = String(request.headers.authorization).replace(/^Bearer /, '');
      const session = String(request.headers['x-session-ref']);
      response.writeHead(500, { 'content-type': 'text/plain', 'x-request-was': `${token} ${session}` });
      response.end(`refused ${token} for ${session}`);
      return;
    }
    case '/echo':
      // A careless error page that shows the request back, credentials and all.
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'boom', authorization: request.headers.authorization }));
      return;
    case '/loop/a':
      response.writeHead(302, { location: '/loop/b' }).end();
      return;
    case '/loop/b':
      response.writeHead(302, { location: '/loop/a' }).end();
      return;
    case '/hop':
      response.writeHead(301, { location: '/ok?version=9' }).end();
      return;
    case '/to-ftp':
      response.writeHead(302, { location: 'ftp://127.0.0.1/file' }).end();
      return;
    case '/declared-big':
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(TEN_MB) });
      response.write(Buffer.alloc(1024, 'x')); // the rest never comes: the check must not wait for it
      return;
    case '/elsewhere':
      response.writeHead(302, { location: `${other}/who` }).end();
      return;
    case '/stall':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('x'); // then silence; afterAll closes the connection
      return;
    case '/reset':
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      response.write('partial', () => response.socket?.destroy());
      return;
    case '/hang':
      return; // never answers; afterAll closes the connection
    case '/big':
      bigBody = streamBig(response);
      return;
    default:
      response.writeHead(404).end();
  }
}

/** Writes 10 MB chunk by chunk, respecting backpressure, so it stops writing when the client stops reading. */
function streamBig(response: ServerResponse): Promise<{ written: number; finished: boolean }> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let written = 0;
  let finished = false;
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.on('finish', () => {
    finished = true;
  });
  const pump = () => {
    while (written < TEN_MB) {
      written += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
  return new Promise((resolve) => response.on('close', () => resolve({ written, finished })));
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  otherServer = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        seen: request.headers.authorization ?? null,
        tenant: request.headers['x-tenant'],
      }),
    );
  });
  await new Promise<void>((resolve) => otherServer.listen(0, '127.0.0.1', resolve));
  other = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const each of [server, otherServer]) {
    each.closeAllConnections();
    await new Promise((resolve) => each.close(resolve));
  }
});

async function run(options: HttpCheckOptions): Promise<CheckResult> {
  const [result] = await runPlan(httpCheck(options), plan);
  return result!;
}

describe('httpCheck against a real server', () => {
  it('passes on a good answer, with the url built from the context', async () => {
    const result = await run({
      url: (ctx) => `${base}/ok?version=${ctx.target.targetVersion}`,
      expect: {
        status: 200,
        headers: { 'Content-Type': /json/ },
        bodyContains: '"ok"',
        json: { status: 'ok', version: '2' },
        jsonSatisfies: (body) => (body as { items: unknown[] }).items.length === 2,
        jsonSchema: { type: 'object', required: ['status'] },
        maxLatencyMs: 30_000,
      },
    });
    expect(result).toMatchObject({ name: 'http', status: 'pass' });
    // What answered, and how fast, is in the verdict report; the answer's headers are not.
    expect(result.message).toMatch(new RegExp(`^GET ${base}/ok\\?version=2 answered 200 in \\d+ ms$`));
    expect(result.details).toEqual({
      url: `${base}/ok?version=2`,
      method: 'GET',
      status: 200,
      latencyMs: expect.any(Number),
    });
  });

  it('fails on a wrong status, saying what came back', async () => {
    const result = await run({ url: `${base}/down` });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('expected status 2xx, got 503');
    expect(result.message).toContain('down for maintenance');
    expect(result.details).toMatchObject({ url: `${base}/down`, method: 'GET', status: 503 });
    expect(typeof result.details?.latencyMs).toBe('number');
    expect(result.details?.headers).toMatchObject({ 'content-type': 'text/plain' });
  });

  it('fails on a JSON mismatch, naming the path', async () => {
    const result = await run({ url: `${base}/ok`, expect: { json: { status: 'degraded' } } });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/body does not match: \$\.status: expected "degraded", got "ok"/);
  });

  it('fails when JSON is expected and the body is not JSON', async () => {
    const result = await run({ url: `${base}/text`, expect: { json: { ok: true } } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('expected a JSON body, got non-JSON');
    expect(result.message).toContain('this is not json');
  });

  it('fails on a header expectation, header names case-insensitive', async () => {
    const result = await run({
      url: `${base}/text`,
      expect: { headers: { 'Content-Type': 'application/json' } },
    });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('expected header Content-Type "application/json", got "text/plain"');
  });

  it('stops reading a body over maxBodyBytes and does not buffer it', async () => {
    const result = await run({ url: `${base}/big`, timeouts: { bodyMs: 20_000 } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`the body exceeded ${1024 * 1024} bytes and was not read`);
    const seen = await bigBody;
    // The connection was closed under the server before it could hand over the whole body.
    expect(seen.finished).toBe(false);
    expect(seen.written).toBeLessThan(TEN_MB);
  });

  it('fails at once on a declared content-length over maxBodyBytes', async () => {
    const result = await run({ url: `${base}/declared-big` });
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`the body exceeded ${1024 * 1024} bytes and was not read (status 200)`);
  });

  it('fails on bodyContains and on a schema, saying why', async () => {
    const contains = await run({ url: `${base}/text`, expect: { bodyContains: /^<html/ } });
    expect(contains.message).toContain('expected the body to match /^<html/');
    const schema = await run({
      url: `${base}/ok`,
      expect: { jsonSchema: { type: 'object', required: ['id'] } },
    });
    expect(schema.message).toContain('body does not match the schema');
  });

  it('drops credentials when a redirect leaves the origin, keeps other headers', async () => {
    const result = await run({
      url: `${base}/elsewhere`,
      headers: { authorization: 'Bearer for-the-first-origin', 'x-tenant': 'acme' },
      expect: { json: { seen: 'x' } },
    });
    expect(result.message).toContain('$.seen: expected "x", got null');
    expect(result.details).toMatchObject({ finalUrl: `${other}/who`, redirects: 1 });
    expect(result.details?.body).toContain('"tenant":"acme"');
  });

  it('fails after followRedirects hops, and judges the redirect itself with 0', async () => {
    const limited = await run({ url: `${base}/loop/a`, followRedirects: 1 });
    expect(limited.message).toContain('more than 1 redirects');
    const itself = await run({ url: `${base}/hop`, followRedirects: 0, expect: { status: 301 } });
    expect(itself.status).toBe('pass');
  });

  it('stops at ctx.signal: a timeout() around it is reported timed-out, not as the endpoint failing', async () => {
    const [result] = await runPlan(timeout(httpCheck({ url: `${base}/hang` }), 200), plan);
    expect(result?.status).toBe('timed-out');
  });

  it('fails clearly on a redirect to another scheme, without following it', async () => {
    const result = await run({ url: `${base}/to-ftp` });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('redirected to a ftp: URL');
  });

  it('follows redirects and reports the final url; detects a loop', async () => {
    const hop = await run({ url: `${base}/hop`, expect: { json: { version: '0' } } });
    expect(hop.details).toMatchObject({ finalUrl: `${base}/ok?version=9`, redirects: 1 });

    const loop = await run({ url: `${base}/loop/a` });
    expect(loop.status).toBe('fail');
    expect(loop.message).toContain('redirect loop');
    expect(loop.details).toMatchObject({ finalUrl: `${base}/loop/a`, redirects: 2 });
  });

  it('fails as a timeout when the server never sends headers', async () => {
    const result = await run({ url: `${base}/hang`, timeouts: { headersMs: 300 } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('timed out waiting for response headers after 300 ms');
  });

  it('fails as a body timeout when the body stops coming, and clearly on a reset mid-body', async () => {
    const stalled = await run({ url: `${base}/stall`, timeouts: { bodyMs: 300 } });
    expect(stalled.status).toBe('fail');
    expect(stalled.message).toContain('timed out reading the body: no data for 300 ms');
    const reset = await run({ url: `${base}/reset` });
    expect(reset.status).toBe('fail');
    expect(reset.message).toContain(`GET ${base}/reset: connection reset`);
  });

  it('fails clearly when the host cannot be resolved', async () => {
    const result = await run({
      url: 'http://shiftguard-probe.invalid/health',
      timeouts: { connectMs: 20_000 },
    });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('GET http://shiftguard-probe.invalid/health: cannot resolve the host');
  });

  it('keeps Set-Cookie, Authorization and URL credentials out of the verdict', async () => {
    const cookie = await run({ url: `${base}/ok`, expect: { json: { status: 'degraded' } } });
    const echoed = await run({
      url: `http://robot:hunter22@127.0.0.1:${new URL(base).port}/echo?token=t0ken-in-query&page=1`,
      headers: { Authorization: 'Bearer s3cr3t-bearer-token', 'X-Tenant-Key': 'tenant-secret-9' },
      redactHeaders: ['x-tenant-key'],
    });
    expect(cookie.status).toBe('fail');
    expect(echoed.status).toBe('fail');
    const text = JSON.stringify([cookie, echoed]);
    for (const secret of ['c00kie-value', 's3cr3t-bearer-token', 'hunter22', 'robot', 't0ken-in-query']) {
      expect(text).not.toContain(secret);
    }
    expect(cookie.details?.headers).toMatchObject({ 'set-cookie': '[REDACTED]' });
    expect(echoed.details?.url).toBe(
      `http://[REDACTED]@127.0.0.1:${new URL(base).port}/echo?token=[REDACTED]&page=1`,
    );
  });

  it('fails naming the url function when it throws or returns a Promise', async () => {
    const threw = await run({
      url: () => {
        throw new Error('no base url configured');
      },
    });
    expect(threw).toMatchObject({
      status: 'fail',
      message: 'the url function threw: Error: no base url configured',
    });
    const promised = await run({ url: (async () => base) as never });
    expect(promised.status).toBe('fail');
    expect(promised.message).toMatch(/^the url function returned a Promise/);
  });

  it('fails when a url function returns something that is not a URL, secrets masked', async () => {
    const result = await run({ url: () => 'not a url password=hunter22' });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('must be an absolute http: or https: URL');
    expect(result.message).not.toContain('hunter22');
  });
});

describe('httpCheck with headers, body and json worked out per run', () => {
  beforeEach(() => {
    mirrored = [];
  });

  it('sends what the functions return, from the context, called once per run', async () => {
    const calls = { headers: 0, json: 0 };
    const check = httpCheck({
      url: `${base}/to-mirror`,
      method: 'POST',
      headers: (ctx) => {
        calls.headers++;
        return { 'x-target-version': ctx.target.targetVersion };
      },
      json: (ctx) => {
        calls.json++;
        return { deployment: ctx.deployment.deploymentId };
      },
    });
    const [first] = await runPlan(check, plan);
    const [second] = await runPlan(check, plan);
    expect([first?.status, second?.status]).toEqual(['pass', 'pass']);
    // Once per run, redirects included: the 307 resends what the functions gave.
    expect(calls).toEqual({ headers: 2, json: 2 });
    expect(mirrored).toHaveLength(2);
    expect(mirrored[0]).toMatchObject({
      method: 'POST',
      headers: { 'x-target-version': '2', 'content-type': 'application/json' },
      body: '{"deployment":"d-ABCDEFGHI"}',
    });
  });

  it('sends a text body from a function, and JSON under the content-type a headers function gives', async () => {
    const text = await run({
      url: `${base}/mirror`,
      method: 'PUT',
      body: (ctx) => `v${ctx.target.targetVersion}`,
    });
    expect(text.status).toBe('pass');
    const json = await run({
      url: `${base}/mirror`,
      method: 'POST',
      headers: () => ({ 'Content-Type': 'application/merge-patch+json' }),
      json: { status: 'ready' },
    });
    expect(json.status).toBe('pass');
    expect(mirrored.map(({ headers, body }) => [headers['content-type'], body])).toEqual([
      [undefined, 'v2'],
      ['application/merge-patch+json', '{"status":"ready"}'],
    ]);
  });

  it('fails the check naming the option when a function throws, sending nothing', async () => {
    const result = await run({
      url: `${base}/mirror`,
      headers: () => {
        throw new Error('no token yet');
      },
    });
    expect(result).toMatchObject({
      status: 'fail',
      message: 'the headers function threw: Error: no token yet',
    });
    expect(mirrored).toEqual([]);
  });

  it.each([
    [
      'headers',
      { headers: () => ({ 'x-count': 3 }) as unknown as Record<string, string> },
      "the headers function's result: headers.x-count must be a string, got number",
    ],
    [
      'headers',
      { headers: () => undefined as unknown as Record<string, string> },
      "the headers function's result: headers must be an object of strings, got undefined",
    ],
    [
      'body',
      { body: () => 42 as unknown as string },
      "the body function's result: body must be a string, got number",
    ],
    ['json', { json: () => ({ big: 1n }) }, "the json function's result: json must be serialisable as JSON"],
    ['json', { json: () => undefined }, "the json function's result: json must be serialisable as JSON"],
    [
      'json',
      { json: async () => ({ late: true }) },
      'the json function returned a Promise: it is called synchronously and must return the value itself',
    ],
  ])(
    'fails the check when the %s function returns a bad value, by the option’s own rules',
    async (_option, given, message) => {
      const result = await run({ url: `${base}/mirror`, method: 'POST', ...given } as HttpCheckOptions);
      expect(result).toMatchObject({ status: 'fail', message });
      expect(mirrored).toEqual([]);
    },
  );

  it('leaves no unhandled rejection behind a function that returns a rejected Promise', async () => {
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const result = await run({
        url: `${base}/mirror`,
        headers: () => Promise.reject(new Error('token service down')) as never,
      });
      expect(result.message).toContain('the headers function returned a Promise');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('keeps a credential a headers function gave out of the verdict, wherever the server puts it back', async () => {
    const token = 'dyn4mic-bearer-t0ken';
    const session = 'sess10n-ref-value';
    const result = await run({
      url: `${base}/echo-everywhere`,
      headers: (ctx) => ({
        Authorization: `Bearer ${token}`,
        'X-Session-Ref': session,
        'x-version': ctx.target.targetVersion,
      }),
      redactHeaders: ['x-session-ref'],
    });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('expected status 2xx, got 500');
    expect(result.message).toContain('refused [REDACTED] for [REDACTED]');
    expect(result.details?.headers).toMatchObject({ 'x-request-was': '[REDACTED] [REDACTED]' });
    expect(result.details?.body).toBe('refused [REDACTED] for [REDACTED]');
    for (const secret of [token, session]) expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('httpCheck options', () => {
  it('refuses a URL that is not a URL at construction', () => {
    expect(() => httpCheck({ url: 'orders.example.com/health' })).toThrow(InvalidHttpCheckOptionsError);
    expect(() => httpCheck({ url: 'orders.example.com/health' })).toThrow(
      'httpCheck: url must be an absolute http: or https: URL, got "orders.example.com/health"',
    );
    expect(() => httpCheck({ url: 'ftp://example.com/' })).toThrow(
      'must be an http: or https: URL, got a ftp: URL',
    );
  });

  it('names unknown options and expectation keys, and refuses body with json', () => {
    const error = (options: unknown) => {
      try {
        httpCheck(options as HttpCheckOptions);
      } catch (thrown) {
        return thrown as InvalidHttpCheckOptionsError;
      }
      throw new Error('no error');
    };
    expect(error({ url: base, timeout: 5 }).message).toContain('unknown option "timeout"');
    expect(error({ url: base, expect: { statusCode: 200 } }).message).toContain(
      'unknown expectation "statusCode"',
    );
    expect(error({ url: base, timeouts: { readMs: 1 } }).message).toContain('unknown option "readMs"');
    expect(error({ url: base, body: 'a', json: {} }).message).toContain('json cannot be given with body');
    expect(error({ url: base, body: () => 'a', json: () => ({}) }).message).toContain(
      'httpCheck: json cannot be given with body',
    );
    expect(error({ url: base, body: 'a', json: () => ({}) }).message).toContain(
      'json cannot be given with body',
    );
    expect(error({ url: base, headers: 'x-a: 1' }).message).toBe(
      'httpCheck: headers must be an object of strings, got string',
    );
    expect(error({ url: base, expect: { status: '6xx' } }).code).toBe('SG_HTTP_INVALID_OPTIONS');
  });
});
