// The PreTraffic hook: CodeDeploy runs it before moving any traffic to the new version. It invokes
// the new version as the HTTP API would, and compares its answers with the version serving now.
import { createHook, warnOnly } from '@shiftguard/core';
import { apiGatewayProxyEventV2 } from '@shiftguard/events';
import { compareVersionsCheck, invokeCheck } from '@shiftguard/lambda';

const listOrders = apiGatewayProxyEventV2({ method: 'GET', path: '/orders' });

export const handler = createHook({
  checks: [
    // Blocking: the new version must answer 200 with JSON, three times in a row.
    invokeCheck({
      name: 'smoke GET /orders',
      payload: listOrders,
      expect: { payload: { statusCode: 200, headers: { 'content-type': 'application/json' } } },
      repeat: 3,
    }),
    // Non-blocking: a changed answer is worth a look in the report, not a rollback.
    warnOnly(compareVersionsCheck({ name: 'same answer as the current version', payload: listOrders })),
  ],
});
