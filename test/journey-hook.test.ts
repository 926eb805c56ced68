/**
 * A journey inside a real hook: createHook resolves the deployment through the real CodeDeploy client
 * against the emulator, the journey creates an order on a local API, and whatever happens the order is
 * deleted and CodeDeploy hears exactly once. One manual clock moves the hook's deadline.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Check, createHook, type HookMetrics, type VerdictReport } from '@shiftguard/core';
import { httpStep, invokeStep, journey, type StepReport } from '@shiftguard/synthetic';
import {
  createLambdaContext,
  createManualClock,
  type Emulator,
  type ManualClock,
  startEmulator,
} from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';

const START = Date.UTC(2024, 2, 1, 9, 0, 0);
const HOOK = 'orders-post-traffic';

let clock: ManualClock;
let emulator: Emulator;
let api: Server;
let base: string;
let orders: Set<string>;
let requests: string[];
/** Answers to GET /slow wait here until the test releases them. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  api = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/orders') {
        const id = `o-${orders.size + 1}`;
        orders.add(id);
        response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      } else if (request.url === '/slow') {
        held.push(response);
      } else if (request.method === 'DELETE' && request.url?.startsWith('/orders/')) {
        if (request.url.endsWith('?stuck')) return void held.push(response);
        orders.delete(request.url.slice('/orders/'.length));
        response.writeHead(204).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
beforeEach(async () => {
  orders = new Set();
  requests = [];
  clock = createManualClock({ startAt: START });
  emulator = await startEmulator({ clock });
});
afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  await emulator.close();
});
afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

/** The order journey: create, then a read that answers or hangs; cleanup deletes what was created. */
function orderJourney(read: '/orders/o-1' | '/slow', remove = '') {
  return journey(
    'order-lifecycle',
    [
      httpStep('create', {
        url: `${base}/orders`,
        method: 'POST',
        json: { sku: 'probe' },
        extract: { orderId: '/id' },
      }),
      httpStep('read', { url: `${base}${read}`, timeouts: { headersMs: 15 * 60_000 } }),
    ],
    {
      cleanup: [
        httpStep('delete', {
          url: (ctx) => `${base}/orders/${String(ctx.vars.get('orderId'))}${remove}`,
          method: 'DELETE',
          timeouts: { headersMs: 15 * 60_000 },
        }),
      ],
    },
  );
}

function startHook(check: Check, metrics: HookMetrics | false = false) {
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    appSpec: ordersAppSpec({ current: '1', target: '2', hooks: { AfterAllowTraffic: HOOK } }),
  });
  const verdicts: VerdictReport[] = [];
  const collect = (_message: string, extra?: { verdict?: VerdictReport }) => {
    if (extra?.verdict) verdicts.push(extra.verdict);
  };
  const handler = createHook({
    checks: [check],
    clientConfig: emulator.clientConfig(),
    clock,
    logger: { debug() {}, info: collect, warn: collect, error() {} },
    metrics,
    env: {},
  });
  const done = handler(
    { DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookExecutionIds.AfterAllowTraffic },
    createLambdaContext({ functionName: HOOK, clock, timeoutMs: 60_000 }),
  );
  return { done, verdicts, reports: () => emulator.codeDeploy.reports({ deploymentId }) };
}

/** Real time passes (HTTP to the emulator and the API) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for real I/O');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const stepsOf = (verdict: VerdictReport | undefined) =>
  ((verdict?.checks[0]?.details?.steps ?? []) as StepReport[]).map(({ name, status }) => `${name} ${status}`);

it('a passing journey reports Succeeded once, its steps in the verdict and its step metrics published', async () => {
  const published: string[] = [];
  const metrics: HookMetrics = {
    singleMetric: () => {
      const dimensions: string[] = [];
      return {
        addDimension: (name, value) => void dimensions.push(`${name}=${value}`),
        addMetric: (name) => void published.push(`${name} ${dimensions.join(',')}`),
      };
    },
  };
  const hook = startHook(orderJourney('/orders/o-1'), metrics);
  await hook.done;
  expect(hook.reports()).toEqual([expect.objectContaining({ status: 'Succeeded', outcome: 'accepted' })]);
  expect(stepsOf(hook.verdicts[0])).toEqual(['create pass', 'read pass', 'delete pass']);
  expect(published).toEqual(
    expect.arrayContaining([
      'StepDuration LifecycleEvent=AfterAllowTraffic,Check=order-lifecycle,Step=create',
      'StepPassed LifecycleEvent=AfterAllowTraffic,Check=order-lifecycle,Step=delete',
      'CheckPassed LifecycleEvent=AfterAllowTraffic,Check=order-lifecycle',
    ]),
  );
  expect(orders.size).toBe(0);
});

it('at the hook deadline the journey still deletes what it made, in the time the hook kept back, and the hook reports once', async () => {
  const hook = startHook(orderJourney('/slow'));
  await until(() => held.length === 1);
  // 60 s less 2 s kept to report and 2 s kept for the journey's one cleanup step.
  const planDeadline = START + 56_000;
  expect(clock.pendingTimers().map((timer) => timer.dueAt)).toContain(planDeadline);
  await clock.advanceTo(planDeadline);
  // The cleanup's DELETE travels over real HTTP while the clock stands still; then the report.
  await hook.done;

  expect(requests).toEqual(['POST /orders', 'GET /slow', 'DELETE /orders/o-1']);
  expect(orders.size).toBe(0);
  expect(hook.reports()).toEqual([
    expect.objectContaining({ status: 'Failed', outcome: 'accepted', receivedAt: planDeadline }),
  ]);
  const [result] = hook.verdicts[0]?.checks ?? [];
  expect(result).toMatchObject({ name: 'order-lifecycle', status: 'timed-out' });
  expect(result?.message).toMatch(/hook deadline reached: 2000 ms .* kept to report and 2000 ms to clean up/);
  expect(stepsOf(hook.verdicts[0])).toEqual(['create pass', 'read timed-out', 'delete pass']);
});

it('a cleanup that hangs too is given up at the end of the time kept for it, and the hook still reports once', async () => {
  const hook = startHook(orderJourney('/slow', '?stuck'));
  await until(() => held.length === 1);
  await clock.advanceTo(START + 56_000);
  await until(() => held.length === 2);
  expect(hook.reports()).toEqual([]);
  await clock.advanceTo(START + 58_000);
  await hook.done;

  expect(requests).toEqual(['POST /orders', 'GET /slow', 'DELETE /orders/o-1?stuck']);
  expect(hook.reports()).toEqual([
    expect.objectContaining({ status: 'Failed', outcome: 'accepted', receivedAt: START + 58_000 }),
  ]);
  expect(hook.verdicts[0]?.checks[0]).toMatchObject({ name: 'order-lifecycle', status: 'timed-out' });
});

it('a journey mixes an API call with a direct invoke of the target version, through the real Lambda client', async () => {
  emulator.lambda.createFunction({
    functionName: 'orders',
    handler: { fn: async () => ({ statusCode: 500 }) },
  });
  emulator.lambda.publishVersion('orders');
  const seen: unknown[] = [];
  emulator.lambda.publishVersion('orders', {
    handler: {
      fn: async (event: { action: string; id: string }) => {
        seen.push(event);
        return { statusCode: 200, body: { id: event.id, status: 'created', by: 'v2' } };
      },
    },
  });
  const check = journey('order-lifecycle', [
    httpStep('create', {
      url: `${base}/orders`,
      method: 'POST',
      json: { sku: 'probe' },
      extract: { orderId: '/id' },
    }),
    invokeStep('confirm', {
      clientConfig: { ...emulator.clientConfig(), maxAttempts: 1 },
      payload: (ctx) => ({ action: 'confirm', id: ctx.vars.get('orderId') }),
      expect: { statusCode: 200, payload: { body: { status: 'created' } } },
      extract: { confirmedBy: '/body/by' },
    }),
    { name: 'by-target', run: (ctx) => void expect(ctx.vars.get('confirmedBy')).toBe('v2') },
  ]);
  const hook = startHook(check);
  await hook.done;
  expect(hook.reports()).toEqual([expect.objectContaining({ status: 'Succeeded', outcome: 'accepted' })]);
  expect(seen).toEqual([{ action: 'confirm', id: 'o-1' }]);
  expect(emulator.lambda.invocations({ functionName: 'orders' })).toEqual([
    expect.objectContaining({ executedVersion: '2', status: 'succeeded' }),
  ]);
  expect(stepsOf(hook.verdicts[0])).toEqual(['create pass', 'confirm pass', 'by-target pass']);
});
