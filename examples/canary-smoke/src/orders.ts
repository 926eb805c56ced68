// The function being deployed: lists orders behind an HTTP API. Two switches make a version faulty,
// for the example's runs: BROKEN fails every request (the PreTraffic smoke test catches it), and
// FAIL_ONE_IN=N fails one request in N (only real traffic shows it: the canary's alarm catches it).
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

let served = 0;

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  served += 1;
  if (process.env.BROKEN === 'true') throw new Error('orders: the orders table does not exist');
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
