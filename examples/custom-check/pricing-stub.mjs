// A stand-in for the pricing service the quotes function calls, for simulating the deployment on a
// laptop: `node pricing-stub.mjs [port]` (default 4599) answers GET /health and GET /prices/<sku>.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? '4599');

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const send = (status, body) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (request.method === 'GET' && url.pathname === '/health') return send(200, { status: 'ok' });
  const price = /^\/prices\/([^/]+)$/.exec(url.pathname);
  if (request.method === 'GET' && price) {
    return send(200, { sku: decodeURIComponent(price[1]), price: 19.5, currency: 'EUR' });
  }
  return send(404, { message: 'Not Found' });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`pricing stub on http://127.0.0.1:${port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
