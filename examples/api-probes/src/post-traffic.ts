// The PostTraffic hook: CodeDeploy runs it once all traffic is on the new version, before it ends the
// deployment. Everything here goes through the public HTTP API, as users' requests do: a failure rolls
// the alias back to the old version.
import { type Check, CheckFailure, createHook, timeout } from '@shiftguard/core';
import { httpCheck, loadProbe } from '@shiftguard/http';
import { httpStep, journey, type Step } from '@shiftguard/synthetic';

/**
 * The API's address, from the template (`https://<api id>.execute-api.<region>.amazonaws.com`). Read
 * when a check runs rather than at load, so a missing one fails the hook with a report instead of
 * leaving CodeDeploy waiting for a hook that never started.
 */
function api(): string {
  const url = process.env.API_URL;
  if (url === undefined || url === '') throw new CheckFailure('API_URL is not set: see template.yaml');
  return url;
}
const itemsUrl = () => `${api()}/items`;
const itemUrl = (ctx: { vars: Map<string, unknown> }) => `${api()}/items/${String(ctx.vars.get('itemId'))}`;

const deleteItem = httpStep('delete', { url: itemUrl, method: 'DELETE', expect: { status: 204 } });
// Cleanup runs after a failure too, when there may be nothing to delete.
const cleanup: Step = {
  name: deleteItem.name,
  run: (ctx) => (ctx.vars.has('itemId') ? deleteItem.run(ctx) : undefined),
};

const checks: Check[] = [
  // One request: the API answers, with JSON. 10 s at most.
  timeout(
    httpCheck({
      name: 'GET /items',
      url: itemsUrl,
      expect: {
        status: 200,
        jsonSatisfies: (body) => Array.isArray((body as { items?: unknown }).items) || 'no items list',
        maxLatencyMs: 2_000,
      },
    }),
    10_000,
  ),
  // What a user does: create an item, read it back, and delete it whatever happened. 15 s at most,
  // and the cleanup's 2 s on top, which the hook keeps back for it. Before the load probe: items
  // live in an execution environment's memory (see README.md), and the burst starts more of them.
  timeout(
    journey(
      'item lifecycle',
      [
        httpStep('create', {
          url: itemsUrl,
          method: 'POST',
          json: { name: 'shiftguard probe' },
          expect: { status: 201 },
          extract: { itemId: '/id' },
        }),
        httpStep('read', { url: itemUrl, expect: { status: 200, json: { name: 'shiftguard probe' } } }),
      ],
      { cleanup: [cleanup], cleanupTimeoutMs: 2_000 },
    ),
    15_000,
  ),
  // A short burst: 200 requests, 4 at a time, no more than 1% of them failing. 20 s at most.
  timeout(
    loadProbe({
      name: 'load GET /items',
      url: itemsUrl,
      requests: 200,
      connections: 4,
      thresholds: { errorRatePct: 1, p99Ms: 2_000 },
    }),
    20_000,
  ),
];

export const handler = createHook({ checks });
