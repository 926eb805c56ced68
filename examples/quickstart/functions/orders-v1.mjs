// The `orders` function as it serves traffic today: GET /orders/{id} behind API Gateway.
export const handler = async (event) => {
  const id = event.pathParameters?.id ?? 'unknown';
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', date: new Date().toUTCString() },
    body: JSON.stringify({ id, total: 42.5, currency: 'EUR' }),
  };
};
