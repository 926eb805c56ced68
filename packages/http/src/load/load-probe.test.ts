import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CheckResult, runPlan } from '@shiftguard/core';
import { systemClock } from '@shiftguard/kit';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { InvalidHttpCheckOptionsError } from '../errors';
import { type LoadProbeOptions, loadProbe } from './load-probe';

let server: Server;
let base: string;
/** Requests seen, to answer every 4th one with a 500. */
let seen = 0;
let openSockets = 0;
let peakSockets = 0;

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  seen++;
  switch (url.pathname) {
    case '/ok':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
      return;
    case '/flaky':
      response.writeHead(seen % 4 === 0 ? 500 : 200, { 'content-type': 'text/plain' });
      response.end('answer');
      return;
    case '/slow':
      setTimeout(() => response.writeHead(200).end('late'), 20);
      return;
    case '/echo':
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(request.headers.authorization));
      return;
    default:
      response.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  server.on('connection', (socket) => {
    openSockets++;
    peakSockets = Math.max(peakSockets, openSockets);
    socket.on('close', () => {
      openSockets--;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = 0;
  peakSockets = openSockets;
});

async function run(options: LoadProbeOptions): Promise<CheckResult> {
  const [result] = await runPlan(loadProbe(options), plan);
  return result as CheckResult;
}

function details(result: CheckResult): Record<string, unknown> {
  return (result.details ?? {}) as Record<string, unknown>;
}

describe('loadProbe', () => {
  it('passes against a healthy server with the requested count, over at most `connections` sockets', async () => {
    const result = await run({ url: `${base}/ok`, requests: 200, connections: 4 });
    expect(result.status).toBe('pass');
    expect(seen).toBe(200);
    expect(peakSockets).toBeLessThanOrEqual(4);
    // A passing probe's figures are in the verdict report too.
    expect(result.message).toMatch(/^200 requests, [\d.]+ requests\/s, p99 [\d.]+ ms$/);
    expect(details(result)).toMatchObject({ requests: 200, connections: 4, errors: {}, errorRatePct: 0 });
    expect(details(result).latencyMs).toMatchObject({ count: 200 });
  }, 30_000);

  it('reports requests, rps, latency and the thresholds in a failure', async () => {
    const result = await run({ url: `${base}/flaky`, requests: 100, thresholds: { errorRatePct: 5 } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('error rate 25% over the 5% limit (5xx: 25)');
    const d = details(result);
    expect(d.requests).toBe(100);
    expect(d.errors).toEqual({ '5xx': 25 });
    expect(d.thresholds).toEqual({ errorRatePct: 5 });
    expect(typeof d.rps).toBe('number');
    expect(d.latencyMs).toMatchObject({ count: 100 });
    for (const key of ['p50', 'p90', 'p95', 'p99', 'max']) {
      expect(typeof (d.latencyMs as Record<string, number>)[key]).toBe('number');
    }
  }, 30_000);

  it('fails naming p99 when the server is slower than the budget', async () => {
    const result = await run({
      url: `${base}/slow`,
      requests: 20,
      connections: 5,
      thresholds: { p99Ms: 1 },
    });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/p99 latency [\d.]+ ms over the 1 ms budget/);
  }, 30_000);

  it('in durationMs mode, stops near the duration', async () => {
    const startedAt = performance.now();
    const result = await run({ url: `${base}/ok`, durationMs: 300, connections: 2 });
    const elapsed = performance.now() - startedAt;
    expect(result.status).toBe('pass');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5_000);
    expect(seen).toBeGreaterThan(0);
  }, 30_000);

  it('paces requests at ratePerSecond', async () => {
    const startedAt = performance.now();
    const result = await run({ url: `${base}/ok`, requests: 10, ratePerSecond: 50 });
    expect(result.status).toBe('pass');
    expect(seen).toBe(10);
    // Ten starts at 50/s take at least 9 intervals of 20 ms.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(170);
  }, 30_000);

  it('counts a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run({ url: `http://127.0.0.1:${port}/`, requests: 3, connections: 1 });
    expect(result.status).toBe('fail');
    expect(details(result).errors).toEqual({ refused: 3 });
  }, 30_000);

  it('keeps the credentials it sends out of the report', async () => {
    const result = await run({
      url: `${base}/echo?token=abc123secret`,
      requests: 2,
      headers: { authorization: 'Bearer s3cr3t-t0ken' },
    });
    expect(result.status).toBe('fail');
    const text = JSON.stringify(result);
    expect(text).not.toContain('s3cr3t-t0ken');
    expect(text).not.toContain('abc123secret');
  }, 30_000);

  it('refuses unknown options, both or neither of requests and durationMs', () => {
    expect(() => loadProbe({ url: `${base}/ok`, requests: 1, conections: 2 } as LoadProbeOptions)).toThrow(
      /unknown option "conections"/,
    );
    expect(() => loadProbe({ url: `${base}/ok` })).toThrow(InvalidHttpCheckOptionsError);
    expect(() => loadProbe({ url: `${base}/ok`, requests: 1, durationMs: 10 })).toThrow(
      InvalidHttpCheckOptionsError,
    );
    expect(() => loadProbe({ url: `${base}/ok`, requests: 1_000_000 })).toThrow(/requests/);
    expect(() => loadProbe({ url: `${base}/ok`, requests: 1, thresholds: { p90Ms: 3 } as never })).toThrow(
      /unknown option "p90Ms"/,
    );
  });

  it('refuses headers, body or json given as a function, saying why', () => {
    const built = (option: string) => () =>
      loadProbe({ url: `${base}/ok`, requests: 1, [option]: () => ({}) } as unknown as LoadProbeOptions);
    for (const option of ['headers', 'body', 'json']) {
      expect(built(option)).toThrow(InvalidHttpCheckOptionsError);
      expect(built(option)).toThrow(
        `loadProbe: ${option} must be a value, not a function: a burst sends the same request every time, worked out once`,
      );
    }
    // @ts-expect-error: loadProbe's headers are a value; its types do not take httpCheck's functions.
    expect(() => loadProbe({ url: `${base}/ok`, requests: 1, headers: () => ({}) })).toThrow(/headers/);
    // @ts-expect-error: and neither does its body.
    expect(() => loadProbe({ url: `${base}/ok`, requests: 1, body: () => 'text' })).toThrow(/body/);
  });

  it('stops when ctx.signal aborts', async () => {
    const startedAt = performance.now();
    const [result] = await runPlan(loadProbe({ url: `${base}/slow`, durationMs: 60_000 }), {
      ...plan,
      signal: AbortSignal.timeout(300),
    });
    expect(result?.status).not.toBe('pass');
    expect(performance.now() - startedAt).toBeLessThan(10_000);
  }, 30_000);

  it('stops starting requests before the hook deadline and judges what it measured', async () => {
    const startedAt = performance.now();
    const [result] = await runPlan(loadProbe({ url: `${base}/ok`, durationMs: 60_000 }), {
      ...plan,
      deadlineAt: systemClock.now() + 500,
    });
    expect(result?.status).toBe('pass');
    expect(performance.now() - startedAt).toBeLessThan(10_000);
  }, 30_000);
});
