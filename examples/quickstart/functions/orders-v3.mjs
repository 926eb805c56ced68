// A release with a bug: a refactor lost the order lookup.
export const handler = async (event) => {
  const id = event.pathParameters?.id ?? 'unknown';
  console.log(`looking up order ${id}`);
  const order = undefined;
  return {
    statusCode: 200,
    body: JSON.stringify({ id, total: order.total, currency: 'EUR', status: order.status }),
  };
};
