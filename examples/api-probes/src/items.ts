// The function being deployed: a small items API behind an HTTP API (create, list, read, delete).
// Items are kept in the execution environment's memory, which is enough for the example and its
// simulation; a real service keeps them in a table (see README.md).
//
// Switches that make a version faulty, for the example's runs:
// - BROKEN=true fails every request: the PreTraffic smoke invoke catches it before any traffic moves;
// - LOSE_WRITES=true answers a create but keeps nothing: only reading the item back shows it, so the
//   PostTraffic journey catches it once all traffic is on the new version;
// - FAIL_ONE_IN=N fails one request in N: the few smoke invokes pass, the PostTraffic load probe's
//   error rate does not.
import { randomUUID } from 'node:crypto';
import { isHookInvocation } from '@shiftguard/events';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

interface Item {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

const items = new Map<string, Item>();
let served = 0;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  served += 1;
  if (process.env.BROKEN === 'true') throw new Error('items: the items store is not reachable');
  const failOneIn = Number(process.env.FAIL_ONE_IN ?? '0');
  if (failOneIn > 0 && served % failOneIn === 0) {
    throw new Error(`items: request ${served} timed out reading the items store`);
  }

  // Routed on the method and path rather than the route key, so a bare event (a test's, the
  // simulator's traffic) is served as API Gateway's would be.
  const method = event.requestContext.http.method.toUpperCase();
  const [collection, id, ...rest] = event.rawPath.split('/').filter(Boolean);
  if (collection !== 'items' || rest.length > 0) return json(404, { message: 'Not Found' });

  if (id === undefined && method === 'GET') {
    return json(200, { release: process.env.RELEASE, items: [...items.values()] });
  }
  if (id === undefined && method === 'POST') {
    const input = parseBody(event);
    if (typeof input?.name !== 'string' || input.name.trim() === '') {
      return json(400, { message: 'name must be a non-empty string' });
    }
    const item: Item = { id: randomUUID(), name: input.name, createdAt: new Date().toISOString() };
    // The PreTraffic hook invokes the new version directly to see that a create is accepted: that
    // traffic is told apart by its client context, and stores nothing.
    if (!isHookInvocation(event, context) && process.env.LOSE_WRITES !== 'true') items.set(item.id, item);
    return json(201, item);
  }
  if (id !== undefined && method === 'GET') {
    const item = items.get(id);
    return item ? json(200, item) : json(404, { message: `no item ${id}` });
  }
  if (id !== undefined && method === 'DELETE') {
    // Idempotent, so a cleanup that runs twice (a retried journey) does not fail.
    items.delete(id);
    return { statusCode: 204 };
  }
  return json(405, { message: `${method} is not allowed here` });
};

function parseBody(event: APIGatewayProxyEventV2): { name?: unknown } | undefined {
  if (event.body === undefined) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as { name?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
