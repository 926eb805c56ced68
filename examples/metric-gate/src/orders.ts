// The function being deployed: lists orders behind an HTTP API. FAIL_ONE_IN=N fails one request in
// N, for the example's runs: one in four trips the alarm while traffic is still shifting; one in
// fifty stays under the alarm's threshold, and only the PostTraffic canary judge, comparing the new
// version's error rate with the old one's over the whole deployment, sees it.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

let served = 0;

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  served += 1;
  const failOneIn = Number(process.env.FAIL_ONE_IN ?? '0');
  if (failOneIn > 0 && served % failOneIn === 0) {
    throw new Error(`orders: request ${served} timed out reading the orders table`);
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      release: process.env.RELEASE,
      path: event.rawPath,
      orders: [
        { id: 'o-1001', total: 42.5 },
        { id: 'o-1002', total: 17 },
      ],
    }),
  };
};
