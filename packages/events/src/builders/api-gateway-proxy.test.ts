import type { APIGatewayProxyEvent } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type ApiGatewayProxyEventOptions, apiGatewayProxyEvent } from './api-gateway-proxy';

const now = new Date('2024-03-05T06:07:08.123Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('apiGatewayProxyEvent', () => {
  it('builds a REST API proxy event with the fields API Gateway fills in', () => {
    const event: APIGatewayProxyEvent = apiGatewayProxyEvent({ now });
    expect(event).toEqual({
      resource: '/',
      path: '/',
      httpMethod: 'GET',
      headers: {
        Accept: '*/*',
        Host: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
        'User-Agent': 'shiftguard-smoke',
        'X-Amzn-Trace-Id': expect.stringMatching(/^Root=1-65e6b68c-[0-9a-f]{24}$/),
        'X-Forwarded-For': '192.0.2.1',
        'X-Forwarded-Port': '443',
        'X-Forwarded-Proto': 'https',
      },
      multiValueHeaders: expect.any(Object),
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      requestContext: {
        resourceId: 'abc123',
        resourcePath: '/',
        httpMethod: 'GET',
        extendedRequestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        requestTime: '05/Mar/2024:06:07:08 +0000',
        path: '/prod/',
        accountId: '123456789012',
        protocol: 'HTTP/1.1',
        stage: 'prod',
        domainPrefix: 'a1b2c3d4e5',
        requestTimeEpoch: now.getTime(),
        requestId: expect.stringMatching(UUID),
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: '192.0.2.1',
          user: null,
          userAgent: 'shiftguard-smoke',
          userArn: null,
        },
        domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
        apiId: 'a1b2c3d4e5',
      },
      body: null,
      isBase64Encoded: false,
    });
    expect('authorizer' in event.requestContext && event.requestContext.authorizer).toBeFalsy();
  });

  it('mirrors every header into multiValueHeaders', () => {
    const event = apiGatewayProxyEvent({ now, headers: { Authorization: 'Bearer t' } });
    expect(Object.keys(event.multiValueHeaders)).toEqual(Object.keys(event.headers));
    for (const [name, value] of Object.entries(event.headers)) {
      expect(event.multiValueHeaders[name]).toEqual([value]);
    }
    expect(event.headers.Authorization).toBe('Bearer t');
  });

  it('keeps the last value of a repeated header in headers and all of them in multiValueHeaders', () => {
    const event = apiGatewayProxyEvent({ headers: { Accept: ['text/html', 'application/json'] } });
    expect(event.headers.Accept).toBe('application/json');
    expect(event.multiValueHeaders.Accept).toEqual(['text/html', 'application/json']);
  });

  it('treats header names case-insensitively, replacing defaults and merging repeats', () => {
    const event = apiGatewayProxyEvent({
      headers: { 'user-agent': 'curl/8.4.0', 'X-Test': 'a', 'x-test': 'b' },
    });
    expect(event.headers['User-Agent']).toBeUndefined();
    expect(event.headers['user-agent']).toBe('curl/8.4.0');
    expect(event.requestContext.identity.userAgent).toBe('curl/8.4.0');
    expect(event.multiValueHeaders['X-Test']).toEqual(['a', 'b']);
    expect(event.headers['x-test']).toBeUndefined();
  });

  it('sends an object body as JSON with Content-Type and Content-Length', () => {
    const event = apiGatewayProxyEvent({ method: 'post', path: '/orders', body: { id: 1, name: 'é' } });
    expect(event.httpMethod).toBe('POST');
    expect(event.requestContext.httpMethod).toBe('POST');
    expect(event.body).toBe('{"id":1,"name":"é"}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.headers['Content-Length']).toBe('20');
  });

  it('keeps a caller content type whatever its case, and sends strings as they are', () => {
    const event = apiGatewayProxyEvent({
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(event.body).toBe('a=1');
    expect(event.headers['Content-Type']).toBeUndefined();
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(apiGatewayProxyEvent({ body: 'plain' }).headers['Content-Type']).toBeUndefined();
  });

  it('base64-encodes a binary body and flags it', () => {
    const event = apiGatewayProxyEvent({ body: new Uint8Array([0, 1, 2, 255]) });
    expect(event.body).toBe('AAEC/w==');
    expect(event.isBase64Encoded).toBe(true);
    expect(event.headers['Content-Length']).toBe('4');
  });

  it('treats a null body as no body', () => {
    const event = apiGatewayProxyEvent({ body: null });
    expect(event.body).toBeNull();
    expect(event.headers['Content-Length']).toBeUndefined();
  });

  it('fills single- and multi-value query parameters from an object', () => {
    const event = apiGatewayProxyEvent({ query: { page: '2', tag: ['a b', 'c'] } });
    expect(event.queryStringParameters).toEqual({ page: '2', tag: 'c' });
    expect(event.multiValueQueryStringParameters).toEqual({ page: ['2'], tag: ['a b', 'c'] });
  });

  it('decodes a raw query string', () => {
    const event = apiGatewayProxyEvent({ query: '?q=hello+world&city=S%C3%A3o%20Paulo&flag' });
    expect(event.queryStringParameters).toEqual({ q: 'hello world', city: 'São Paulo', flag: '' });
  });

  it('reads path parameters from a resource with variables', () => {
    const event = apiGatewayProxyEvent({
      resource: '/orders/{id}/items/{proxy+}',
      path: '/orders/42/items/a/b',
    });
    expect(event.resource).toBe('/orders/{id}/items/{proxy+}');
    expect(event.requestContext.resourcePath).toBe('/orders/{id}/items/{proxy+}');
    expect(event.path).toBe('/orders/42/items/a/b');
    expect(event.pathParameters).toEqual({ id: '42', proxy: 'a/b' });
  });

  it('uses a resource without variables as the path, and explicit path parameters as given', () => {
    expect(apiGatewayProxyEvent({ resource: '/health' }).path).toBe('/health');
    expect(apiGatewayProxyEvent({ path: '/x', pathParameters: { id: '7' } }).pathParameters).toEqual({
      id: '7',
    });
  });

  it('puts the stage in the request context path and passes stage variables and authorizer', () => {
    const event = apiGatewayProxyEvent({
      path: '/orders',
      stage: 'canary',
      stageVariables: { alias: 'live' },
      authorizer: { principalId: 'user-1', claims: { sub: 'user-1' } },
      region: 'eu-west-1',
      accountId: '210987654321',
      apiId: 'zz9',
      sourceIp: '198.51.100.7',
    });
    expect(event.requestContext.path).toBe('/canary/orders');
    expect(event.requestContext.stage).toBe('canary');
    expect(event.stageVariables).toEqual({ alias: 'live' });
    expect(event.requestContext.authorizer).toEqual({ principalId: 'user-1', claims: { sub: 'user-1' } });
    expect(event.requestContext.domainName).toBe('zz9.execute-api.eu-west-1.amazonaws.com');
    expect(event.requestContext.accountId).toBe('210987654321');
    expect(event.requestContext.identity.sourceIp).toBe('198.51.100.7');
    expect(event.headers['X-Forwarded-For']).toBe('198.51.100.7');
  });

  it('accepts now as epoch milliseconds', () => {
    expect(apiGatewayProxyEvent({ now: now.getTime() }).requestContext.requestTimeEpoch).toBe(now.getTime());
  });

  it('merges overrides last, replacing arrays', () => {
    const event = apiGatewayProxyEvent(
      { headers: { Accept: ['a', 'b'] } },
      {
        requestContext: { stage: 'blue', identity: { apiKey: 'k-1' } },
        multiValueHeaders: { Accept: ['z'] },
        isBase64Encoded: true,
      },
    );
    expect(event.requestContext.stage).toBe('blue');
    expect(event.requestContext.identity.apiKey).toBe('k-1');
    expect(event.requestContext.identity.sourceIp).toBe('192.0.2.1');
    expect(event.multiValueHeaders.Accept).toEqual(['z']);
    expect(event.isBase64Encoded).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an unknown key', { methd: 'GET' }, 'unknown apiGatewayProxyEvent option "methd"'],
    ['options that are not an object', 'GET /', 'apiGatewayProxyEvent must be an object, got string'],
    ['a numeric method', { method: 5 }, 'apiGatewayProxyEvent.method must be a string, got number'],
    ['a method with spaces', { method: 'GE T' }, 'must be an HTTP method'],
    ['a relative path', { path: 'orders' }, 'path must start with "/"'],
    ['a path with a query', { path: '/orders?id=1' }, 'without query string'],
    [
      'a numeric header',
      { headers: { 'X-Count': 1 } },
      'headers.X-Count must be a string or a non-empty array',
    ],
    [
      'an empty header array',
      { headers: { Accept: [] } },
      'headers.Accept must be a string or a non-empty array',
    ],
    ['a header with a newline', { headers: { 'X-A': 'a\r\nB: c' } }, 'must not contain CR, LF or NUL'],
    ['a bad header name', { headers: { 'Bad Name': 'x' } }, 'invalid header name "Bad Name"'],
    ['a numeric query value', { query: { page: 2 } }, 'query.page must be a string or a non-empty array'],
    ['a malformed query escape', { query: 'a=%E0%A4%A' }, 'malformed percent-escape'],
    ['a bigint body', { body: { n: 1n } }, 'body is not JSON-serialisable'],
    [
      'a function body',
      { body: () => 1 },
      'body must be a string or a JSON-serialisable value, got function',
    ],
    ['a bad region', { region: 'us-east1' }, 'region must look like "us-east-1"'],
    ['a short account', { accountId: '1234' }, 'accountId must be 12 digits'],
    ['an invalid date', { now: new Date('nope') }, 'now is not a valid date'],
    ['a string date', { now: '2024-01-01' }, 'now must be a Date or epoch milliseconds, got string'],
    [
      'a non-string path parameter',
      { pathParameters: { id: 7 } },
      'pathParameters.id must be a string, got number',
    ],
    [
      'a path not matching the resource',
      { resource: '/orders/{id}', path: '/users/1' },
      'does not match resource',
    ],
    ['a stage with a slash', { stage: 'a/b' }, 'stage must be letters'],
    ['an upper-case api id', { apiId: 'ABC' }, 'apiId must be lowercase'],
    ['an array authorizer', { authorizer: [] }, 'authorizer must be an object'],
  ])('rejects %s with a typed error', (_, options, message) => {
    const build = () => apiGatewayProxyEvent(options as ApiGatewayProxyEventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });

  it('rejects overrides that are not an object', () => {
    expect(() => apiGatewayProxyEvent({}, [] as never)).toThrow('overrides must be an object, got array');
  });

  it('flags unknown option keys at compile time too', () => {
    // @ts-expect-error misspelt option
    expect(() => apiGatewayProxyEvent({ pth: '/' })).toThrow(InvalidEventOptionsError);
    try {
      apiGatewayProxyEvent({ stage: 5 as never });
    } catch (error) {
      expect((error as InvalidEventOptionsError).code).toBe('SG_EVENTS_INVALID_OPTIONS');
    }
    expect.assertions(2);
  });
});
