// The PreTraffic hook, in the middy form: shiftguard's middleware runs two checks of this service's
// own before the handler, then judges the handler itself as one more check, and reports exactly once.
// Logs and metrics go through Powertools, as in the rest of the service.
//
// The checks read the NEW version's configuration (its environment), not this hook's: what is about
// to get traffic is that version, with the settings it was published with.

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import middy from '@middy/core';
import {
  type CheckContext,
  CheckFailure,
  defineCheck,
  type HookHandlerContext,
  parallel,
  passWith,
  shiftguardMiddleware,
  timeout,
} from '@shiftguard/core';
import { apiGatewayProxyEventV2, hookUserAgent } from '@shiftguard/events';
import { callAws } from '@shiftguard/kit';
import type { Context } from 'aws-lambda';

const logger = new Logger({ serviceName: 'quotes-hooks' });
const metrics = new Metrics({ namespace: 'quotes', serviceName: 'quotes-hooks' });
const lambda = new LambdaClient({});

/** The new version's environment variables, read once per run and shared by the checks. */
function newVersionEnvironment(ctx: CheckContext): Promise<Record<string, string>> {
  const key = 'new-version-environment';
  let pending = ctx.state.get(key) as Promise<Record<string, string>> | undefined;
  if (pending === undefined) {
    // callAws retries throttling and network errors, but never past the hook's deadline.
    pending = callAws(
      (abortSignal) =>
        lambda.send(
          new GetFunctionConfigurationCommand({
            FunctionName: ctx.target.functionName,
            Qualifier: ctx.target.targetVersion,
          }),
          { abortSignal },
        ),
      { clock: ctx.clock, deadlineAt: ctx.clock.now() + ctx.remainingTimeMs(), signal: ctx.signal },
    ).then(({ value }) => value.Environment?.Variables ?? {});
    ctx.state.set(key, pending);
  }
  return pending;
}

/** This release needs its new quote format on: a version published without it is a wiring mistake. */
const quotesV2On = defineCheck('flag QUOTES_V2 is on', async (ctx) => {
  const value = (await newVersionEnvironment(ctx)).QUOTES_V2;
  if (value !== 'on') {
    throw new CheckFailure(
      `version ${ctx.target.targetVersion} has QUOTES_V2=${value ?? '(unset)'}; this release needs it on`,
      { details: { flag: 'QUOTES_V2', value: value ?? null, expected: 'on' } },
    );
  }
  return passWith({ message: `QUOTES_V2=on in version ${ctx.target.targetVersion}` });
});

/** The pricing service the new version will call answers its health check. */
const pricingReachable = defineCheck('pricing service reachable', async (ctx) => {
  const url = (await newVersionEnvironment(ctx)).PRICING_URL;
  if (url === undefined || url === '') {
    throw new CheckFailure(`version ${ctx.target.targetVersion} has no PRICING_URL`);
  }
  const startedAt = ctx.clock.now();
  let response: Response;
  try {
    response = await fetch(`${url}/health`, { signal: ctx.signal });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CheckFailure(`the pricing service at ${url} is unreachable: ${cause}`, {
      details: { url, error: cause },
      cause: error,
    });
  }
  const latencyMs = Math.round(ctx.clock.now() - startedAt);
  // The check's own figure, beside the hook's: EMF through Powertools.
  const metric = ctx.metrics.singleMetric();
  metric.addDimension('Dependency', 'pricing');
  metric.addMetric('DependencyLatency', 'Milliseconds', latencyMs);
  if (response.status !== 200) {
    throw new CheckFailure(`the pricing service at ${url} answered ${response.status} to /health`, {
      details: { url, status: response.status, latencyMs },
    });
  }
  return passWith({ message: `${url} answered 200 in ${latencyMs} ms`, details: { url, latencyMs } });
});

/**
 * The handler: one quote from the new version, invoked by its number as the HTTP API would invoke it,
 * so the whole path (the function, its configuration, the pricing service) is tried once. Throwing
 * fails the hook.
 */
async function quoteOnce(_event: unknown, context: Context): Promise<void> {
  // The middleware puts the deployment it resolved here before the handler runs.
  const { target, lifecycleEvent, signal } = (context as Context & { shiftguard: HookHandlerContext })
    .shiftguard;
  const request = apiGatewayProxyEventV2({ routeKey: 'GET /quotes/{sku}', path: '/quotes/probe-sku' });
  const answer = await lambda.send(
    new InvokeCommand({
      FunctionName: target.functionName,
      Qualifier: target.targetVersion,
      Payload: JSON.stringify(request),
      // Marks the call as hook traffic, as shiftguard's own invokes do (isHookInvocation).
      ClientContext: Buffer.from(
        JSON.stringify({ Custom: { 'user-agent': hookUserAgent(lifecycleEvent) } }),
      ).toString('base64'),
    }),
    { abortSignal: signal },
  );
  const text = Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8');
  if (answer.FunctionError !== undefined) {
    throw new CheckFailure(`GET /quotes/probe-sku: the function failed: ${text.slice(0, 300)}`);
  }
  const { statusCode, body } = JSON.parse(text) as { statusCode?: number; body?: string };
  const quote = JSON.parse(body ?? '{}') as { price?: unknown };
  if (statusCode !== 200 || typeof quote.price !== 'number') {
    throw new CheckFailure(`GET /quotes/probe-sku answered ${statusCode} ${body?.slice(0, 300)}`);
  }
  logger.info('quote served by the new version', { version: target.targetVersion, quote });
}

export const handler = middy(quoteOnce).use(
  shiftguardMiddleware({
    // The two reads are independent: at once, each bounded at 5 s.
    checks: [parallel([timeout(quotesV2On, 5_000), timeout(pricingReachable, 5_000)])],
    handlerCheckName: 'quote from the new version',
    logger,
    metrics,
  }),
);
