// The function being deployed: quotes a price behind an HTTP API, asking the pricing service at
// PRICING_URL. QUOTES_V2=on turns on this release's quote format (with the currency); the release
// is meant to ship with it on, and serves the old format when it is off, so only a check of the
// configuration notices a version that forgot it.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const sku = event.pathParameters?.sku ?? event.rawPath.split('/').filter(Boolean)[1];
  if (sku === undefined || sku === '') return json(404, { message: 'Not Found' });
  // A pricing service that cannot be reached is this function's failure: it has nothing to answer.
  const response = await fetch(`${process.env.PRICING_URL}/prices/${encodeURIComponent(sku)}`, {
    signal: AbortSignal.timeout(2_000),
  });
  if (!response.ok) throw new Error(`quotes: the pricing service answered ${response.status} for ${sku}`);
  const { price, currency } = (await response.json()) as { price: number; currency: string };
  return process.env.QUOTES_V2 === 'on'
    ? json(200, { release: process.env.RELEASE, sku, price, currency })
    : json(200, { release: process.env.RELEASE, sku, price });
};
