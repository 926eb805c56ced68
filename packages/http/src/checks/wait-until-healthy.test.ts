import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runPlan, timeout } from '@shiftguard/core';
import { createManualClock, type ManualClock } from '@shiftguard/testing';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { InvalidHttpCheckOptionsError } from '../errors';
import { type WaitUntilHealthyOptions, waitUntilHealthy } from './wait-until-healthy';

/** Requests seen per path: `/warming/<key>` answers 503 to its first two and 200 after. */
const hits = new Map<string, number>();
/** The `x-attempt` header and body of each request, per path. */
const sent = new Map<string, { attempt: string | undefined; body: string }[]>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const attempt = request.headers['x-attempt'];
      sent.set(path, [...(sent.get(path) ?? []), { attempt: attempt as string | undefined, body }]);
      if (path.startsWith('/warming/') && count > 2) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      response.writeHead(503, { 'content-type': 'text/plain' }).end('warming up');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Lets I/O and promise callbacks run until the check has scheduled its wait of `delayMs` on the clock. */
async function waitingFor(clock: ManualClock, delayMs: number): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    if (clock.pendingTimers().some((timer) => timer.delayMs === delayMs)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no timer of ${delayMs} ms was scheduled`);
}

describe('waitUntilHealthy', () => {
  it('passes once the endpoint becomes healthy, reporting the attempts', async () => {
    const [result] = await runPlan(
      waitUntilHealthy({
        url: `${base}/warming/a`,
        intervalMs: 1,
        expect: { status: 200, json: { status: 'ok' } },
      }),
      plan,
    );
    expect(result).toMatchObject({ name: 'wait-until-healthy', status: 'pass' });
    expect(hits.get('/warming/a')).toBe(3);
    // The attempts and the last answer are in the verdict report.
    expect(result?.message).toMatch(
      new RegExp(
        `^healthy after 3 attempt\\(s\\) in \\d+ ms: GET ${base}/warming/a answered 200 in \\d+ ms$`,
      ),
    );
    expect(result?.details).toMatchObject({ attempts: 3, status: 200, method: 'GET' });
  });

  it('fails when the time passes, with the attempts and the last problem', async () => {
    const [result] = await runPlan(
      waitUntilHealthy({ name: 'orders warm', url: `${base}/never`, intervalMs: 5, timeoutMs: 200 }),
      plan,
    );
    expect(result).toMatchObject({ name: 'orders warm', status: 'fail' });
    const attempts = result!.details?.attempts as number;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(result!.message).toMatch(
      new RegExp(
        `^not healthy after ${attempts} attempts within 200 ms \\(timeoutMs\\); last: GET ${base}/never: expected status 2xx, got 503`,
      ),
    );
    expect(result!.message).toContain('warming up');
    expect(result!.details).toMatchObject({ attempts, lastStatus: 503, status: 503, timeoutMs: 200 });
  });

  it('waits the interval on ctx.clock', async () => {
    const clock = createManualClock({ startAt: 0 });
    const done = runPlan(
      waitUntilHealthy({ url: `${base}/warming/clock`, intervalMs: 1_000, timeoutMs: 60_000 }),
      { ...plan, clock },
    );
    let settled = false;
    void done.then(() => {
      settled = true;
    });

    await waitingFor(clock, 1_000);
    expect(hits.get('/warming/clock')).toBe(1);
    await clock.advance(999);
    expect(hits.get('/warming/clock')).toBe(1);
    await clock.advance(1);
    await waitingFor(clock, 1_000);
    expect(hits.get('/warming/clock')).toBe(2);
    expect(settled).toBe(false);
    await clock.advance(1_000);

    const [result] = await done;
    expect(result).toMatchObject({ status: 'pass' });
    expect(hits.get('/warming/clock')).toBe(3);
    expect(clock.now()).toBe(2_000);
  });

  it('starts no attempt after timeoutMs on the manual clock', async () => {
    const clock = createManualClock({ startAt: 0 });
    const done = runPlan(
      waitUntilHealthy({ url: `${base}/never-clock`, intervalMs: 1_000, timeoutMs: 2_500 }),
      {
        ...plan,
        clock,
      },
    );
    for (const attempt of [1, 2]) {
      await waitingFor(clock, 1_000);
      expect(hits.get('/never-clock')).toBe(attempt);
      await clock.advance(1_000);
    }
    const [result] = await done;
    expect(result).toMatchObject({ status: 'fail' });
    expect(result!.message).toMatch(
      /^not healthy after 3 attempts within 2500 ms \(timeoutMs\); last: .*got 503/,
    );
    expect(result!.details).toMatchObject({ attempts: 3, lastStatus: 503 });
    expect(clock.now()).toBe(2_000);
  });
});

describe('waitUntilHealthy with headers and json worked out per attempt', () => {
  it('calls the functions once per attempt and sends what each returned', async () => {
    let attempt = 0;
    const [result] = await runPlan(
      waitUntilHealthy({
        url: `${base}/warming/per-attempt`,
        method: 'POST',
        intervalMs: 1,
        headers: () => ({ 'x-attempt': String(++attempt) }),
        json: (ctx) => ({ version: ctx.target.targetVersion, attempt }),
        expect: { status: 200 },
      }),
      plan,
    );
    expect(result).toMatchObject({ status: 'pass' });
    expect(sent.get('/warming/per-attempt')).toEqual([
      { attempt: '1', body: '{"version":"2","attempt":1}' },
      { attempt: '2', body: '{"version":"2","attempt":2}' },
      { attempt: '3', body: '{"version":"2","attempt":3}' },
    ]);
  });

  it('reports a function that keeps throwing as the last problem, within timeoutMs', async () => {
    const [result] = await runPlan(
      waitUntilHealthy({
        url: `${base}/warming/never-sent`,
        intervalMs: 5,
        timeoutMs: 100,
        headers: () => {
          throw new Error('no token yet');
        },
      }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^not healthy after \d+ attempts within 100 ms \(timeoutMs\); last: the headers function threw: Error: no token yet$/,
    );
    expect(hits.get('/warming/never-sent')).toBeUndefined();
  });
});

describe('waitUntilHealthy and the deadline', () => {
  it('stops waiting at ctx.signal: a timeout() around it is reported timed-out', async () => {
    const clock = createManualClock({ startAt: 0 });
    const done = runPlan(
      timeout(
        waitUntilHealthy({ url: `${base}/never-deadline`, intervalMs: 1_000, timeoutMs: 60_000 }),
        1_500,
      ),
      { ...plan, clock },
    );
    await waitingFor(clock, 1_000);
    await clock.advance(1_000);
    await waitingFor(clock, 1_000);
    await clock.advance(500);
    const [result] = await done;
    expect(result?.status).toBe('timed-out');
    expect(hits.get('/never-deadline')).toBe(2);
  });
});

describe('waitUntilHealthy options', () => {
  const error = (options: unknown) => {
    try {
      waitUntilHealthy(options as WaitUntilHealthyOptions);
    } catch (thrown) {
      return thrown as InvalidHttpCheckOptionsError;
    }
    throw new Error('no error');
  };

  it('names unknown options and bad intervals, and takes httpCheck’s request options', () => {
    expect(error({ url: base, interval: 5 }).message).toContain('unknown option "interval"');
    expect(error({ url: base, intervalMs: -1 }).message).toContain('waitUntilHealthy: intervalMs');
    expect(error({ url: base, timeoutMs: 0 }).message).toContain('timeoutMs');
    expect(error({ url: base, expect: { statusCode: 200 } })).toBeInstanceOf(InvalidHttpCheckOptionsError);
    expect(() =>
      waitUntilHealthy({ url: base, timeouts: { headersMs: 500 }, maxBodyBytes: 10 }),
    ).not.toThrow();
  });
});
