import { hasRouteVariables, matchRoute } from './route';

describe('matchRoute', () => {
  it.each([
    ['/orders', '/orders', {}],
    ['/orders/{id}', '/orders/42', { id: '42' }],
    ['/users/{userId}/orders/{orderId}', '/users/u1/orders/o%202', { userId: 'u1', orderId: 'o%202' }],
    ['/files/{proxy+}', '/files/a/b/c.txt', { proxy: 'a/b/c.txt' }],
    ['/{proxy+}', '/anything/at/all', { proxy: 'anything/at/all' }],
  ])('matches %s against %s', (template, path, params) => {
    expect(matchRoute(template, path)).toEqual(params);
  });

  it.each([
    ['/orders/{id}', '/orders'],
    ['/orders/{id}', '/orders/'],
    ['/orders/{id}', '/orders/1/items'],
    ['/orders', '/invoices'],
    ['/files/{proxy+}', '/files'],
  ])('does not match %s against %s', (template, path) => {
    expect(matchRoute(template, path)).toBeUndefined();
  });

  it('tells templates with variables apart', () => {
    expect(hasRouteVariables('/orders/{id}')).toBe(true);
    expect(hasRouteVariables('/orders')).toBe(false);
  });
});
