// The hook a user writes: deploy this file as the PreTraffic and PostTraffic hook functions.
import { CheckFailure, createHook, defineCheck, onlyIn, parallel, retry, warnOnly } from '@shiftguard/core';
import { apiGatewayProxyEvent } from '@shiftguard/events';
import { compareVersionsCheck, invokeCheck } from '@shiftguard/lambda';

const getOrder = apiGatewayProxyEvent({ method: 'GET', path: '/orders/42', resource: '/orders/{id}' });

const versionIsNew = defineCheck('version-is-new', (ctx) => {
  if (ctx.target.targetVersion === ctx.target.currentVersion) {
    throw new CheckFailure('the target version is the version already serving traffic');
  }
});

export const handler = createHook({
  checks: [
    versionIsNew,
    parallel([
      retry(
        invokeCheck({
          name: 'smoke-invoke',
          payload: getOrder,
          expect: { statusCode: 200, payload: { body: /"currency":"EUR"/ }, maxLatencyMs: 2_000 },
          repeat: 5,
          concurrency: 5,
        }),
        { attempts: 2, backoff: 100 },
      ),
      warnOnly(compareVersionsCheck({ payload: getOrder, ignorePaths: ['headers.date'] })),
    ]),
    onlyIn(
      'AfterAllowTraffic',
      invokeCheck({ name: 'post-traffic-invoke', payload: getOrder, expect: { statusCode: 200 } }),
    ),
  ],
  metrics: false,
});
