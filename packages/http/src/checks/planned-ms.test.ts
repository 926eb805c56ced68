import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { planBudgetOf, runPlan } from '@shiftguard/core';
import { createManualClock } from '@shiftguard/testing';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { loadProbe } from '../load/load-probe';
import { httpCheck } from './http-check';
import { waitUntilHealthy } from './wait-until-healthy';

const url = 'http://127.0.0.1:9/health';

describe('what the HTTP checks declare of their time (plannedMs)', () => {
  it('loadProbe: its duration, or the pacing of its requests, as a min; never a max', () => {
    expect(loadProbe({ url, durationMs: 20_000 }).plannedMs).toEqual({ min: 20_000 });
    // The 100th request starts 99 / 20 s after the first.
    expect(loadProbe({ url, requests: 100, ratePerSecond: 20 }).plannedMs).toEqual({ min: 4_950 });
    expect(loadProbe({ url, requests: 3, ratePerSecond: 7 }).plannedMs).toEqual({ min: 285 });
    // As fast as the connections allow, or one request: nothing certain.
    expect(loadProbe({ url, requests: 100 }).plannedMs).toBeUndefined();
    expect(loadProbe({ url, requests: 1, ratePerSecond: 1 }).plannedMs).toBeUndefined();
    expect(planBudgetOf(loadProbe({ url, durationMs: 5_000 }))).toEqual({
      minMs: 5_000,
      maxMs: undefined,
      cleanupMs: 0,
    });
  });

  it('waitUntilHealthy: its timeoutMs as a max', () => {
    expect(waitUntilHealthy({ url }).plannedMs).toEqual({ max: 60_000 });
    expect(waitUntilHealthy({ url, timeoutMs: 15_000 }).plannedMs).toEqual({ max: 15_000 });
  });

  it('httpCheck: nothing, since bodyMs limits a silence, not a body', () => {
    expect(httpCheck({ url, timeouts: { connectMs: 1, headersMs: 1, bodyMs: 1 } }).plannedMs).toBeUndefined();
  });
});

describe('waitUntilHealthy within its declared max', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // Never answers: the attempt in flight is what timeoutMs must cut.
    server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('ends by timeoutMs against an endpoint that never answers', async () => {
    const clock = createManualClock({ startAt: 0 });
    const check = waitUntilHealthy({ url: `${base}/hangs`, timeoutMs: 2_000 });
    const done = runPlan(check, { ...plan, clock });
    for (let turn = 0; turn < 100_000 && clock.pendingTimers().length === 0; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await clock.advance(2_000);
    const [result] = await done;
    expect(result).toMatchObject({ status: 'fail' });
    expect(clock.now()).toBeLessThanOrEqual(planBudgetOf(check).maxMs!);
  });
});
