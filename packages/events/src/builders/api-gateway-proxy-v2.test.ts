import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type ApiGatewayProxyEventV2Options, apiGatewayProxyEventV2 } from './api-gateway-proxy-v2';

const now = new Date('2024-03-05T06:07:08.123Z');

describe('apiGatewayProxyEventV2', () => {
  it('builds an HTTP API payload 2.0 event, leaving out the empty optional parts', () => {
    const event: APIGatewayProxyEventV2 = apiGatewayProxyEventV2({ now });
    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/',
      rawQueryString: '',
      headers: {
        accept: '*/*',
        host: 'f1e2d3c4b5.execute-api.us-east-1.amazonaws.com',
        'user-agent': 'shiftguard-smoke',
        'x-amzn-trace-id': expect.stringMatching(/^Root=1-65e6b68c-[0-9a-f]{24}$/),
        'x-forwarded-for': '192.0.2.1',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
      },
      requestContext: {
        accountId: '123456789012',
        apiId: 'f1e2d3c4b5',
        domainName: 'f1e2d3c4b5.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'f1e2d3c4b5',
        http: {
          method: 'GET',
          path: '/',
          protocol: 'HTTP/1.1',
          sourceIp: '192.0.2.1',
          userAgent: 'shiftguard-smoke',
        },
        requestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        routeKey: '$default',
        stage: '$default',
        time: '05/Mar/2024:06:07:08 +0000',
        timeEpoch: now.getTime(),
      },
      isBase64Encoded: false,
    });
    for (const key of ['cookies', 'queryStringParameters', 'body', 'pathParameters', 'stageVariables']) {
      expect(Object.hasOwn(event, key)).toBe(false);
    }
  });

  it('lower-cases header names and joins repeated headers with commas', () => {
    const event = apiGatewayProxyEventV2({
      headers: {
        'X-Request-Id': 'r-1',
        Accept: ['text/html', 'application/json'],
        'x-multi': 'a',
        'X-Multi': 'b',
      },
    });
    expect(event.headers['x-request-id']).toBe('r-1');
    expect(event.headers.accept).toBe('text/html,application/json');
    expect(event.headers['x-multi']).toBe('a,b');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('moves cookies out of the Cookie header into cookies', () => {
    const event = apiGatewayProxyEventV2({
      headers: { Cookie: ['session=abc; theme=dark', 'lang=en'] },
      cookies: ['extra=1'],
    });
    expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'lang=en', 'extra=1']);
    expect(event.headers.cookie).toBeUndefined();
  });

  it('joins repeated query parameters with commas beside the raw query string', () => {
    const event = apiGatewayProxyEventV2({ query: { expand: ['items', 'customer'], q: 'a b' } });
    expect(event.rawQueryString).toBe('expand=items&expand=customer&q=a+b');
    expect(event.queryStringParameters).toEqual({ expand: 'items,customer', q: 'a b' });
  });

  it('keeps a raw query string verbatim', () => {
    const event = apiGatewayProxyEventV2({ query: '?q=a%20b&x=1&x=2' });
    expect(event.rawQueryString).toBe('q=a%20b&x=1&x=2');
    expect(event.queryStringParameters).toEqual({ q: 'a b', x: '1,2' });
  });

  it('takes the method, path and path parameters from a route key', () => {
    const event = apiGatewayProxyEventV2({ routeKey: 'GET /orders/{id}', path: '/orders/42' });
    expect(event.routeKey).toBe('GET /orders/{id}');
    expect(event.requestContext.routeKey).toBe('GET /orders/{id}');
    expect(event.requestContext.http.method).toBe('GET');
    expect(event.rawPath).toBe('/orders/42');
    expect(event.pathParameters).toEqual({ id: '42' });
    expect(apiGatewayProxyEventV2({ routeKey: 'POST /orders' }).requestContext.http).toMatchObject({
      method: 'POST',
      path: '/orders',
    });
    expect(
      apiGatewayProxyEventV2({ routeKey: 'ANY /{proxy+}', method: 'DELETE', path: '/a/b' }),
    ).toMatchObject({
      requestContext: { http: { method: 'DELETE' } },
      pathParameters: { proxy: 'a/b' },
    });
  });

  it('prefixes the raw path with a named stage', () => {
    const event = apiGatewayProxyEventV2({ path: '/orders', stage: 'dev', stageVariables: { v: '1' } });
    expect(event.rawPath).toBe('/dev/orders');
    expect(event.requestContext.http.path).toBe('/dev/orders');
    expect(event.requestContext.stage).toBe('dev');
    expect(event.stageVariables).toEqual({ v: '1' });
  });

  it('sends a JSON body with its content type, and bytes as base64', () => {
    const json = apiGatewayProxyEventV2({ method: 'POST', body: { id: 1 } });
    expect(json.body).toBe('{"id":1}');
    expect(json.isBase64Encoded).toBe(false);
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.headers['content-length']).toBe('8');
    const binary = apiGatewayProxyEventV2({ method: 'PUT', body: Buffer.from('hi') });
    expect(binary.body).toBe('aGk=');
    expect(binary.isBase64Encoded).toBe(true);
  });

  it('merges overrides last, replacing arrays', () => {
    const event = apiGatewayProxyEventV2(
      { headers: { Cookie: 'a=1; b=2' } },
      { cookies: ['only=1'], requestContext: { http: { sourceIp: '203.0.113.9' } } },
    );
    expect(event.cookies).toEqual(['only=1']);
    expect(event.requestContext.http.sourceIp).toBe('203.0.113.9');
    expect(event.requestContext.http.method).toBe('GET');
  });

  it.each<[string, unknown, string]>([
    ['an unknown key', { resource: '/x' }, 'unknown apiGatewayProxyEventV2 option "resource"'],
    ['a malformed route key', { routeKey: '/orders' }, 'routeKey must be "$default" or "METHOD /path"'],
    [
      'a method the route does not take',
      { routeKey: 'GET /orders', method: 'POST' },
      'method POST does not match routeKey',
    ],
    [
      'a path the route does not match',
      { routeKey: 'GET /orders/{id}', path: '/users/1' },
      'does not match routeKey path',
    ],
    ['cookies that are not an array', { cookies: 'a=1' }, 'cookies must be an array of strings, got string'],
    [
      'a cookie without a value',
      { cookies: ['flag'] },
      'cookies entries must be "name=value" strings, got "flag"',
    ],
    ['a boolean body header', { headers: { 'x-flag': true } }, 'headers.x-flag must be a string'],
  ])('rejects %s with a typed error', (_, options, message) => {
    const build = () => apiGatewayProxyEventV2(options as ApiGatewayProxyEventV2Options);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
