/**
 * An httpCheck inside a real hook: createHook resolves the deployment through the real CodeDeploy
 * client against the emulator, the check probes a local server, and the hook reports exactly once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Check, createHook, type VerdictReport } from '@shiftguard/core';
import { httpCheck } from '@shiftguard/http';
import { createLambdaContext, type Emulator, startEmulator } from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';

let emulator: Emulator;
let api: Server;
let base: string;
beforeAll(async () => {
  emulator = await startEmulator();
  api = createServer((request, response) => {
    if (request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      response.writeHead(503, { 'set-cookie': 'session=hook-c00kie' }).end('unavailable');
    }
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await emulator.close();
});

async function runHook(checks: Check[]) {
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    appSpec: ordersAppSpec({
      current: '1',
      target: '2',
      hooks: { AfterAllowTraffic: 'orders-post-traffic' },
    }),
  });
  const verdicts: VerdictReport[] = [];
  const collect = (_message: string, extra?: { verdict?: VerdictReport }) => {
    if (extra?.verdict) verdicts.push(extra.verdict);
  };
  const handler = createHook({
    checks,
    clientConfig: emulator.clientConfig(),
    logger: { debug() {}, info: collect, warn: collect, error() {} },
    metrics: false,
    env: {},
  });
  await handler(
    { DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookExecutionIds.AfterAllowTraffic },
    createLambdaContext({ functionName: 'orders-post-traffic', timeoutMs: 20_000 }),
  );
  return { reports: emulator.codeDeploy.reports({ deploymentId }), verdict: verdicts[0] };
}

describe('httpCheck in a hook', () => {
  it('a healthy endpoint lets the hook report Succeeded once', async () => {
    const { reports } = await runHook([
      httpCheck({ url: `${base}/health`, expect: { json: { status: 'ok' } } }),
    ]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ status: 'Succeeded', outcome: 'accepted' });
  });

  it('a failing endpoint makes the hook report Failed exactly once, secrets out of the verdict', async () => {
    const { reports, verdict } = await runHook([httpCheck({ name: 'api', url: `${base}/broken` })]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ status: 'Failed', outcome: 'accepted' });
    expect(verdict?.checks).toEqual([expect.objectContaining({ name: 'api', status: 'fail' })]);
    expect(JSON.stringify(verdict)).toContain('expected status 2xx, got 503');
    expect(JSON.stringify(verdict)).not.toContain('hook-c00kie');
  });
});
