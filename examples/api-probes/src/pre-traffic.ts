// The PreTraffic hook: CodeDeploy runs it before any traffic moves. It invokes the new version by
// number, with the events the HTTP API would send, so a version that cannot serve never gets users.
import { createHook, timeout } from '@shiftguard/core';
import { apiGatewayProxyEventV2 } from '@shiftguard/events';
import { invokeCheck } from '@shiftguard/lambda';

export const handler = createHook({
  checks: [
    // Three invokes of a function whose own Timeout is 5 s: 15 s at most.
    timeout(
      invokeCheck({
        name: 'smoke GET /items',
        payload: apiGatewayProxyEventV2({ routeKey: 'GET /items' }),
        expect: { statusCode: 200, payload: { headers: { 'content-type': 'application/json' } } },
        repeat: 3,
      }),
      15_000,
    ),
    // A create is accepted and answered with the item. The function sees the hook's client context
    // (isHookInvocation) and keeps nothing. One invoke: 5 s at most.
    timeout(
      invokeCheck({
        name: 'smoke POST /items',
        payload: apiGatewayProxyEventV2({ routeKey: 'POST /items', body: { name: 'smoke test' } }),
        expect: { statusCode: 201 },
      }),
      5_000,
    ),
  ],
});
