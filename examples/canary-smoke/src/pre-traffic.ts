// The PreTraffic hook: CodeDeploy runs it before moving any traffic to the new version. It invokes
// the new version as the HTTP API would, and compares its answers with the version serving now.
// Each check is bounded, so the hook's Timeout in template.yaml can be sized from these numbers.
import { createHook, timeout, warnOnly } from '@shiftguard/core';
import { apiGatewayProxyEventV2 } from '@shiftguard/events';
import { compareVersionsCheck, invokeCheck } from '@shiftguard/lambda';

const listOrders = apiGatewayProxyEventV2({ method: 'GET', path: '/orders' });

export const handler = createHook({
  checks: [
    // Blocking: the new version must answer 200 with JSON, three times in a row; three invokes of a
    // function whose own timeout is 5 s take 15 s at most.
    timeout(
      invokeCheck({
        name: 'smoke GET /orders',
        payload: listOrders,
        expect: { payload: { statusCode: 200, headers: { 'content-type': 'application/json' } } },
        repeat: 3,
      }),
      15_000,
    ),
    // Non-blocking: a changed answer is worth a look in the report, not a rollback. One invoke of
    // each version: 10 s at most.
    warnOnly(
      timeout(
        compareVersionsCheck({ name: 'same answer as the current version', payload: listOrders }),
        10_000,
      ),
    ),
  ],
});
