/**
 * Smoke invoke through the real @aws-sdk/client-lambda and @aws-sdk/client-codedeploy against the
 * emulator: real handler modules for a good version and bad ones, full hooks built with createHook +
 * invokeCheck / compareVersionsCheck, and the status read back from the emulator's CodeDeploy side.
 */
import { resolve } from 'node:path';
import { CodeDeployClient, GetDeploymentTargetCommand } from '@aws-sdk/client-codedeploy';
import { type Check, createHook, type VerdictReport } from '@shiftguard/core';
import { apiGatewayProxyEvent, isHookInvocation } from '@shiftguard/events';
import { compareVersionsCheck, invokeCheck } from '@shiftguard/lambda';
import { createLambdaContext, type Emulator, startEmulator } from '@shiftguard/testing';
import { ordersAppSpec } from './support/app-spec';

const fixture = (name: string) => ({ module: resolve(__dirname, 'fixtures/orders', `${name}.mjs`) });
const getOrder = apiGatewayProxyEvent({ method: 'GET', path: '/orders/42', resource: '/orders/{id}' });

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

let functionCounter = 0;

/** A function with version 1 = good (serving traffic) and version 2 = `candidate`, alias live → 1. */
function deployFunction(candidate: string, timeoutMs = 1000) {
  const functionName = `orders-${++functionCounter}`;
  emulator.lambda.createFunction({ functionName, handler: fixture('good'), timeoutMs });
  const current = emulator.lambda.publishVersion(functionName);
  const target = emulator.lambda.publishVersion(functionName, { handler: fixture(candidate) });
  emulator.lambda.createAlias(functionName, 'live', current);
  return { functionName, current, target };
}

async function runHook(
  candidate: string,
  checks: (lambda: { clientConfig: ReturnType<Emulator['clientConfig']> }) => Check[],
  timeoutMs?: number,
) {
  const { functionName, current, target } = deployFunction(candidate, timeoutMs);
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    appSpec: ordersAppSpec({
      functionName,
      current,
      target,
      hooks: { BeforeAllowTraffic: 'orders-pre-traffic' },
    }),
  });
  const verdicts: VerdictReport[] = [];
  const logger = {
    debug() {},
    info(_m: string, extra?: { verdict?: VerdictReport }) {
      if (extra?.verdict) verdicts.push(extra.verdict);
    },
    warn(_m: string, extra?: { verdict?: VerdictReport }) {
      if (extra?.verdict) verdicts.push(extra.verdict);
    },
    error() {},
  };
  const handler = createHook({
    checks: checks({ clientConfig: emulator.clientConfig() }),
    clientConfig: emulator.clientConfig(),
    logger,
    metrics: false,
    env: {},
  });
  await handler(
    { DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic },
    createLambdaContext({ functionName: 'orders-pre-traffic', timeoutMs: 10_000 }),
  );
  const codeDeploy = new CodeDeployClient(emulator.clientConfig());
  const { deploymentTarget } = await codeDeploy.send(
    new GetDeploymentTargetCommand({ deploymentId, targetId: `${functionName}:live` }),
  );
  const status = deploymentTarget?.lambdaTarget?.lifecycleEvents?.find(
    (event) => event.lifecycleEventName === 'BeforeAllowTraffic',
  )?.status;
  expect(emulator.codeDeploy.reports({ deploymentId, outcome: 'accepted' })).toHaveLength(1);
  return { status, verdict: verdicts[0]!, functionName, target };
}

const smoke =
  (expectation: Parameters<typeof invokeCheck>[0] = {}) =>
  (lambda: { clientConfig: ReturnType<Emulator['clientConfig']> }) => [
    invokeCheck({
      ...lambda,
      payload: getOrder,
      expect: { statusCode: 200, payload: { body: /"currency":"EUR"/ } },
      ...expectation,
    } as Parameters<typeof invokeCheck>[0]),
  ];

describe('smoke invoke of the new version through the emulator', () => {
  it('a good version passes; the invocation hit the target version and was marked as hook traffic', async () => {
    const { status, verdict, functionName, target } = await runHook('good', smoke());
    expect(status).toBe('Succeeded');
    expect(verdict.checks).toEqual([expect.objectContaining({ name: 'invoke', status: 'pass' })]);
    const [invocation] = emulator.lambda.invocations({ functionName });
    expect(invocation).toMatchObject({ executedVersion: target });
    expect(isHookInvocation({}, { clientContext: invocation?.clientContext })).toBe(true);
  });

  it('a version that throws fails with the error and its log tail, secrets masked', async () => {
    const { status, verdict } = await runHook('throws', smoke());
    expect(status).toBe('Failed');
    const message = verdict.checks[0]?.message ?? '';
    expect(message).toMatch(
      /expected no function error, got Unhandled TypeError: Cannot read properties of undefined/,
    );
    expect(message).toMatch(/log tail:[\s\S]*loading order with Authorization: \[REDACTED\]/);
    expect(JSON.stringify(verdict)).not.toContain('sk_live_secret');
  });

  it('a version with the wrong payload fails, showing expected and got', async () => {
    const { status, verdict } = await runHook('wrong-payload', smoke());
    expect(status).toBe('Failed');
    expect(verdict.checks[0]?.message).toMatch(
      /\$\.body: expected a string matching \/"currency":"EUR"\/, got/,
    );
  });

  it('a version over the latency budget fails', async () => {
    const { status, verdict } = await runHook(
      'slow',
      smoke({ expect: { statusCode: 200, maxLatencyMs: 150 } }),
    );
    expect(status).toBe('Failed');
    expect(verdict.checks[0]?.message).toMatch(/expected a response within 150 ms, took \d+ ms/);
  });

  it("a version that times out fails with Lambda's timeout error", async () => {
    const { status, verdict } = await runHook('times-out', smoke(), 300);
    expect(status).toBe('Failed');
    expect(verdict.checks[0]?.message).toMatch(/Task timed out after 0\.30 seconds/);
  });

  it('a version answering a bare string where a response object is expected fails clearly', async () => {
    const { status, verdict } = await runHook('bare-string', smoke());
    expect(status).toBe('Failed');
    expect(verdict.checks[0]?.message).toMatch(/expected statusCode 200, got undefined: "OK"/);
  });

  it('a burst of 20 invocations at concurrency 5 against a good version passes', async () => {
    const { status, functionName } = await runHook('good', smoke({ repeat: 20, concurrency: 5 }));
    expect(status).toBe('Succeeded');
    expect(emulator.lambda.invocations({ functionName })).toHaveLength(20);
  });

  it('compareVersionsCheck catches a behavioural change before traffic shifts', async () => {
    const compare = (lambda: { clientConfig: ReturnType<Emulator['clientConfig']> }) => [
      compareVersionsCheck({ ...lambda, payload: getOrder, ignorePaths: ['headers.date'] }),
    ];
    const changed = await runHook('wrong-payload', compare);
    expect(changed.status).toBe('Failed');
    expect(changed.verdict.checks[0]?.message).toMatch(/body\.price: 1 gave 10, 2 gave 12/);
    const same = await runHook('good', compare);
    expect(same.status).toBe('Succeeded');
  });
});
