import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CheckFailure, type CheckResult, retry, runPlan, timeout, warnOnly } from '@shiftguard/core';
import { postTrafficPlan as plan } from '../../../test/support/plan-context';
import { InvalidJourneyError } from './errors';
import { httpStep } from './http-step';
import { journey, type StepContext, type StepReport } from './journey';

/** A small orders API: what each test's journey creates, reads and deletes. */
let server: Server;
let api: string;
let orders: Map<string, { sku: string }>;
let requests: string[];
let nextId: number;
/** What /payments was sent: the order its JSON body named and its idempotency key header. */
let payments: { orderId: unknown; key: unknown }[];
/** Requests to /hang answer only when the test lets them, so the journey's signal decides. */
const hanging: ServerResponse[] = [];

function route(request: IncomingMessage, response: ServerResponse, body: string): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  requests.push(`${request.method} ${url.pathname}`);
  const id = /^\/orders\/([^/]+)$/.exec(url.pathname)?.[1];
  const json = (status: number, value: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (request.method === 'POST' && url.pathname === '/orders') {
    const order = { id: `o-${nextId++}`, ...(JSON.parse(body) as { sku: string }) };
    orders.set(order.id, order);
    return void json(201, order);
  }
  if (request.method === 'POST' && url.pathname === '/payments') {
    const { orderId } = JSON.parse(body) as { orderId?: unknown };
    const key = request.headers['idempotency-key'];
    payments.push({ orderId, key });
    const known = typeof orderId === 'string' && orders.has(orderId);
    if (!known || request.headers['content-type'] !== 'application/json' || key !== `pay-${orderId}`) {
      return void json(400, { error: 'unknown order or key' });
    }
    return void json(201, { paymentId: `p-${orderId}` });
  }
  if (url.pathname === '/hang') return void hanging.push(response);
  if (url.pathname === '/broken') return void json(500, { error: 'boom' });
  if (id && request.method === 'GET') return void json(orders.has(id) ? 200 : 404, orders.get(id) ?? {});
  if (id && request.method === 'DELETE') {
    if (url.searchParams.has('fail')) return void json(503, { error: 'cannot delete now' });
    orders.delete(id);
    return void response.writeHead(204).end();
  }
  json(404, {});
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => route(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  orders = new Map();
  requests = [];
  nextId = 1;
  payments = [];
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const orderUrl = (ctx: { vars: Map<string, unknown> }) => `${api}/orders/${String(ctx.vars.get('orderId'))}`;
const create = () =>
  httpStep('create', {
    url: `${api}/orders`,
    method: 'POST',
    json: { sku: 'probe' },
    expect: { status: 201 },
    extract: { orderId: '/id' },
  });
const read = () => httpStep('read', { url: orderUrl, expect: { status: 200, json: { sku: 'probe' } } });
const remove = (query = '') =>
  httpStep('delete', { url: (ctx) => `${orderUrl(ctx)}${query}`, method: 'DELETE', expect: { status: 204 } });

const stepsOf = (result: CheckResult) =>
  ((result.details?.steps ?? []) as StepReport[]).map(({ name, phase, status }) => ({ name, phase, status }));

describe('journey', () => {
  it('runs create → read → delete, the later steps using the id the first extracted', async () => {
    const published: { dimensions: Record<string, string>; name: string; unit: string; value: number }[] = [];
    const metrics = {
      singleMetric: () => {
        const dimensions: Record<string, string> = {};
        return {
          addDimension: (name: string, value: string) => {
            dimensions[name] = value;
          },
          addMetric: (name: string, unit: string, value: number) => {
            published.push({ dimensions: { ...dimensions }, name, unit, value });
          },
        };
      },
    };
    const [result] = await runPlan(journey('order-lifecycle', [create(), read()], { cleanup: [remove()] }), {
      ...plan,
      metrics,
    });
    expect(result).toMatchObject({
      name: 'order-lifecycle',
      status: 'pass',
      message: '2 step(s) and 1 cleanup step(s) passed',
    });
    expect(requests).toEqual(['POST /orders', 'GET /orders/o-1', 'DELETE /orders/o-1']);
    expect(orders.size).toBe(0);
    // A passing journey's steps are in the verdict report, not only in a log line.
    expect(stepsOf(result!)).toEqual([
      { name: 'create', phase: 'step', status: 'pass' },
      { name: 'read', phase: 'step', status: 'pass' },
      { name: 'delete', phase: 'cleanup', status: 'pass' },
    ]);
    for (const step of result!.details!.steps as StepReport[])
      expect(step.durationMs).toBeGreaterThanOrEqual(0);
    // Per step: its duration and its outcome, on the journey's dimensions and the step's own.
    expect(published.map(({ dimensions, name }) => `${dimensions.Check}/${dimensions.Step} ${name}`)).toEqual(
      [
        'order-lifecycle/create StepDuration',
        'order-lifecycle/create StepPassed',
        'order-lifecycle/read StepDuration',
        'order-lifecycle/read StepPassed',
        'order-lifecycle/delete StepDuration',
        'order-lifecycle/delete StepPassed',
      ],
    );
    expect(published[0]).toMatchObject({
      dimensions: { LifecycleEvent: 'AfterAllowTraffic' },
      unit: 'Milliseconds',
    });
    expect(published[1]).toMatchObject({ unit: 'Count', value: 1 });
  });

  it('publishes StepFailed for the failing step and nothing for steps that did not run', async () => {
    const names: string[] = [];
    const metrics = {
      singleMetric: () => {
        let step = '';
        return {
          addDimension: (name: string, value: string) => {
            if (name === 'Step') step = value;
          },
          addMetric: (name: string) => {
            if (name !== 'StepDuration') names.push(`${step} ${name}`);
          },
        };
      },
    };
    const broken = httpStep('charge', { url: `${api}/broken`, method: 'POST' });
    await runPlan(journey('j', [create(), broken, read()], { cleanup: [remove()] }), { ...plan, metrics });
    expect(names).toEqual(['create StepPassed', 'charge StepFailed', 'delete StepPassed']);
  });

  it('passes even when the metrics sink throws, and logs that it could not publish', async () => {
    const warn = jest.fn();
    const metrics = {
      singleMetric: () => {
        throw new Error('sink down');
      },
    };
    const [result] = await runPlan(journey('j', [{ name: 'a', run: () => undefined }]), {
      ...plan,
      metrics,
      logger: { debug: jest.fn(), info: jest.fn(), warn, error: jest.fn() },
    });
    expect(result?.status).toBe('pass');
    expect(warn).toHaveBeenCalledWith(
      'shiftguard could not publish step metrics',
      expect.objectContaining({ step: 'a', error: expect.stringContaining('sink down') }),
    );
  });

  it('sends a JSON body and a header built from what an earlier step extracted', async () => {
    const pay = httpStep('pay', {
      url: `${api}/payments`,
      method: 'POST',
      headers: (ctx) => ({ 'idempotency-key': `pay-${String(ctx.vars.get('orderId'))}` }),
      json: (ctx) => ({ orderId: ctx.vars.get('orderId') }),
      expect: { status: 201 },
      extract: { paymentId: '/paymentId' },
    });
    const seen: unknown[] = [];
    const note = { name: 'note', run: (ctx: StepContext) => void seen.push(ctx.vars.get('paymentId')) };
    const [result] = await runPlan(journey('checkout', [create(), pay, note]), plan);
    expect(result).toMatchObject({ status: 'pass' });
    expect(payments).toEqual([{ orderId: 'o-1', key: 'pay-o-1' }]);
    expect(seen).toEqual(['p-o-1']);
  });

  it('fails a step whose json function throws, naming the option, and sends nothing', async () => {
    const pay = httpStep('pay', {
      url: `${api}/payments`,
      method: 'POST',
      json: (ctx) => {
        if (!ctx.vars.has('orderId')) throw new Error('no order yet');
        return { orderId: ctx.vars.get('orderId') };
      },
    });
    const [result] = await runPlan(journey('checkout', [pay]), plan);
    expect(result?.message).toMatch(/^step "pay" failed: .*the json function threw: Error: no order yet$/);
    expect(payments).toEqual([]);
  });

  it('stops at a failing step, still cleans up, and keeps the original failure', async () => {
    const broken = httpStep('charge', { url: `${api}/broken`, method: 'POST' });
    const [result] = await runPlan(
      journey('order-lifecycle', [create(), broken, read()], { cleanup: [remove()] }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/^step "charge" failed: .*500/);
    expect(result?.details?.failedStep).toBe('charge');
    expect(stepsOf(result!)).toEqual([
      { name: 'create', phase: 'step', status: 'pass' },
      { name: 'charge', phase: 'step', status: 'fail' },
      { name: 'read', phase: 'step', status: 'not-run' },
      { name: 'delete', phase: 'cleanup', status: 'pass' },
    ]);
    // The failed step's own details (httpCheck's url and status) come along.
    expect((result!.details!.steps as StepReport[])[1]?.details).toMatchObject({ status: 500 });
    expect(requests).toEqual(['POST /orders', 'POST /broken', 'DELETE /orders/o-1']);
    expect(orders.size).toBe(0);
  });

  it('reports a cleanup that fails too, after the original failure', async () => {
    const failing = journey('order-lifecycle', [create(), httpStep('charge', { url: `${api}/broken` })], {
      cleanup: [remove('?fail=1'), { name: 'audit', run: () => undefined }],
    });
    const [result] = await runPlan(failing, plan);
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/^step "charge" failed: .*; cleanup "delete" failed: .*503/);
    expect(result?.details?.failedStep).toBe('charge');
    expect(stepsOf(result!)).toEqual([
      { name: 'create', phase: 'step', status: 'pass' },
      { name: 'charge', phase: 'step', status: 'fail' },
      { name: 'delete', phase: 'cleanup', status: 'fail' },
      { name: 'audit', phase: 'cleanup', status: 'pass' },
    ]);
  });

  it('fails a journey whose steps passed but whose cleanup did not', async () => {
    const [result] = await runPlan(
      journey('order-lifecycle', [create()], { cleanup: [remove('?fail=1')] }),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/^cleanup "delete" failed: /);
  });

  it('still cleans up when timeout() aborts a step, with a signal of its own', async () => {
    let cleanupSignal: AbortSignal | undefined;
    let cleaned!: () => void;
    const cleanedUp = new Promise<void>((resolve) => {
      cleaned = resolve;
    });
    const stuck = journey('order-lifecycle', [create(), httpStep('wait', { url: `${api}/hang` })], {
      cleanup: [
        remove(),
        {
          name: 'note',
          run: (ctx) => {
            cleanupSignal = ctx.signal;
            cleaned();
          },
        },
      ],
    });
    const warn = jest.fn();
    const [result] = await runPlan(timeout(stuck, 300), {
      ...plan,
      logger: { debug: jest.fn(), info: jest.fn(), warn, error: jest.fn() },
    });
    expect(result?.status).toBe('timed-out');
    // The runner stops waiting at the timeout; the cleanup carries on beyond it.
    await cleanedUp;
    expect(cleanupSignal?.aborted).toBe(false);
    expect(requests).toEqual(['POST /orders', 'GET /hang', 'DELETE /orders/o-1']);
    expect(orders.size).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = warn.mock.calls.find(([message]) => message === 'shiftguard journey stopped');
    expect((stopped![1].steps as StepReport[]).map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'create', status: 'pass' },
      { name: 'wait', status: 'timed-out' },
      { name: 'delete', status: 'pass' },
      { name: 'note', status: 'pass' },
    ]);
  });

  it('composes with retry (fresh vars and a cleanup per attempt) and warnOnly', async () => {
    let attempt = 0;
    const seen: unknown[] = [];
    const flaky = journey(
      'order-lifecycle',
      [
        create(),
        {
          name: 'settle',
          run: (ctx) => {
            seen.push(ctx.vars.get('orderId'));
            if (++attempt === 1) throw new CheckFailure('not yet');
          },
        },
      ],
      { cleanup: [remove()] },
    );
    const [result] = await runPlan(retry(flaky, { attempts: 2, backoff: 0 }), plan);
    expect(result?.status).toBe('pass');
    expect(seen).toEqual(['o-1', 'o-2']);
    expect(requests).toEqual(['POST /orders', 'DELETE /orders/o-1', 'POST /orders', 'DELETE /orders/o-2']);
    const [warned] = await runPlan(
      warnOnly(journey('j', [httpStep('charge', { url: `${api}/broken` })])),
      plan,
    );
    expect(warned).toMatchObject({ status: 'fail', required: false });
  });

  it('gives a cleanup step no more than its budget', async () => {
    const slowCleanup = journey('j', [{ name: 'work', run: () => undefined }], {
      cleanupTimeoutMs: 50,
      cleanup: [
        {
          name: 'slow',
          run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)),
        },
      ],
    });
    const [result] = await runPlan(slowCleanup, plan);
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/^cleanup "slow" timed out: .*ran past 50 ms/);
  });

  it('skips cleanup when no time is left for it, and says so', async () => {
    const late = journey('j', [{ name: 'work', run: () => undefined }], {
      cleanup: [{ name: 'tidy', run: () => undefined }],
    });
    const [result] = await runPlan(late, { ...plan, deadlineAt: 0, cleanupLimitMs: 0 });
    expect(result?.message).toMatch(/cleanup "tidy" did not run: not run: no time left/);
  });

  it("asks for its cleanup steps' time as cleanupMs, and cleans up past the deadline within it", async () => {
    const tidied: number[] = [];
    const late = journey('j', [{ name: 'work', run: () => undefined }], {
      cleanup: [
        { name: 'tidy', run: (ctx) => void tidied.push(ctx.cleanupTimeMs()) },
        { name: 'sweep', run: () => undefined },
      ],
      cleanupTimeoutMs: 1_500,
    });
    expect(late.cleanupMs).toBe(3_000);
    expect(journey('j', [{ name: 'work', run: () => undefined }]).cleanupMs).toBe(0);
    const [result] = await runPlan(late, { ...plan, deadlineAt: 0 });
    expect(result?.status).toBe('pass');
    expect(tidied).toHaveLength(1);
    expect(tidied[0]).toBeGreaterThan(2_900);
  });

  it('shares vars between plain steps, a returned value stored under the step name', async () => {
    const seen: unknown[] = [];
    const [result] = await runPlan(
      journey('j', [
        { name: 'first', run: () => 41 },
        {
          name: 'second',
          run: (ctx) => {
            seen.push(ctx.vars.get('first'));
          },
        },
      ]),
      plan,
    );
    expect(result?.status).toBe('pass');
    expect(seen).toEqual([41]);
  });

  it('fails a step whose extract finds nothing', async () => {
    const step = httpStep('create', {
      url: `${api}/orders`,
      method: 'POST',
      json: { sku: 'probe' },
      extract: { orderId: '/nope' },
    });
    const [result] = await runPlan(journey('j', [step]), plan);
    expect(result?.message).toMatch(/extract orderId: nothing at "\/nope"/);
  });

  it('fails with a CheckFailure that keeps the step failure as its cause', async () => {
    const original = new CheckFailure('no stock', { details: { sku: 'probe' } });
    const check = journey('j', [
      {
        name: 'reserve',
        run: () => {
          throw original;
        },
      },
    ]);
    const thrown = await Promise.resolve(check.run({ ...ctxFor() })).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(CheckFailure);
    expect((thrown as CheckFailure).cause).toBe(original);
  });

  it.each([
    ['unknown options', () => journey('j', [{ name: 'a', run: () => undefined }], { cleanupMs: 5 } as never)],
    ['no steps', () => journey('j', [])],
    ['a step without run', () => journey('j', [{ name: 'a' } as never])],
    ['an unknown step key', () => journey('j', [{ name: 'a', run: () => undefined, retries: 2 } as never])],
    [
      'two steps of one name',
      () =>
        journey('j', [{ name: 'a', run: () => undefined }], {
          cleanup: [{ name: 'a', run: () => undefined }],
        }),
    ],
    [
      'a bad cleanupTimeoutMs',
      () => journey('j', [{ name: 'a', run: () => undefined }], { cleanupTimeoutMs: 0 }),
    ],
    ['a journey without a name', () => journey('', [{ name: 'a', run: () => undefined }])],
    ['an unknown httpStep option', () => httpStep('s', { url: api, extracts: {} } as never)],
    ['a bad JSON Pointer', () => httpStep('s', { url: api, extract: { id: 'id' } })],
    ['an option httpCheck refuses', () => httpStep('s', { url: 'ftp://example.com' })],
  ])('refuses %s with InvalidJourneyError', (_case, build) => {
    expect(build).toThrow(InvalidJourneyError);
  });
});

function ctxFor() {
  return {
    target: plan.target,
    deployment: plan.deployment,
    lifecycleEvent: plan.lifecycleEvent,
    signal: new AbortController().signal,
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    state: new Map<string, unknown>(),
    dryRun: false,
    remainingTimeMs: () => 60_000,
    cleanupTimeMs: () => 62_000,
    metrics: { singleMetric: () => ({ addDimension: () => undefined, addMetric: () => undefined }) },
    clock: { now: () => 0, wallTime: () => 0, setTimeout, clearTimeout, random: Math.random } as never,
  };
}
