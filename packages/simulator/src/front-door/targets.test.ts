import { matchRequest } from './route-match';
import { type PlannedRoute, sortBySpecificity } from './targets';

const integration = { functionLogicalId: 'Fn', functionName: 'fn', qualifier: undefined };
const route = (method: string, path: string): PlannedRoute => ({
  method,
  path,
  routeKey: path === '$default' ? '$default' : `${method} ${path}`,
  payloadFormat: '2.0',
  integration,
});

describe('route selection', () => {
  const routes = sortBySpecificity([
    route('ANY', '$default'),
    route('ANY', '/{proxy+}'),
    route('GET', '/orders/{id}'),
    route('ANY', '/orders/{id}'),
    route('GET', '/orders/latest'),
    route('ANY', '/orders/{id}/{proxy+}'),
    route('GET', '/'),
  ]);
  const taken = (method: string, path: string) => matchRequest(routes, method, path);

  it('puts $default last and a greedy variable after what it would shadow', () => {
    const keys = routes.map((candidate) => candidate.routeKey);
    expect(keys.at(-1)).toBe('$default');
    expect(keys.indexOf('ANY /{proxy+}')).toBeGreaterThan(keys.indexOf('GET /orders/latest'));
    expect(keys.indexOf('ANY /orders/{id}')).toBeGreaterThan(keys.indexOf('GET /orders/{id}'));
  });

  it.each([
    ['GET', '/orders/latest', 'GET /orders/latest', {}],
    ['GET', '/orders/7', 'GET /orders/{id}', { id: '7' }],
    ['POST', '/orders/7', 'ANY /orders/{id}', { id: '7' }],
    ['GET', '/orders/7/items/3', 'ANY /orders/{id}/{proxy+}', { id: '7', proxy: 'items/3' }],
    ['GET', '/', 'GET /', {}],
    ['POST', '/', '$default', {}],
    ['GET', '/orders', 'ANY /{proxy+}', { proxy: 'orders' }],
    ['GET', '/orders/a%2Fb', 'GET /orders/{id}', { id: 'a%2Fb' }],
  ])('%s %s takes %s', (method, path, routeKey, pathParameters) => {
    expect(taken(method, path)).toEqual({ route: expect.objectContaining({ routeKey }), pathParameters });
  });

  it('does not let a variable take an empty segment, nor a greedy one nothing', () => {
    const strict = sortBySpecificity([route('GET', '/orders/{id}'), route('GET', '/files/{proxy+}')]);
    expect(matchRequest(strict, 'GET', '/orders/')).toBeUndefined();
    expect(matchRequest(strict, 'GET', '/files/')).toBeUndefined();
    expect(matchRequest(strict, 'GET', '/orders/7/more')).toBeUndefined();
  });
});
