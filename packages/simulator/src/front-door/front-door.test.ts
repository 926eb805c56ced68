import { hookUserAgent } from '@shiftguard/events';
import { readSamTemplate } from '../template/read-sam-template';
import { type FrontDoor, startFrontDoor } from './front-door';
import { type Call, directInvoke, type Received, send } from './http.test-support';

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: app.handler
    CodeUri: src/
Resources:
  OrdersApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
  AdminApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: v1
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders
      AutoPublishAlias: live
      Events:
        GetOrder:
          Type: HttpApi
          Properties: { Path: '/orders/{id}', Method: get }
        AnyFile:
          Type: HttpApi
          Properties: { Path: '/files/{proxy+}', Method: any }
        Legacy:
          Type: HttpApi
          Properties: { Path: '/legacy', Method: get, PayloadFormatVersion: '1.0' }
        Admin:
          Type: HttpApi
          Properties: { ApiId: !Ref AdminApi }
        RestOrder:
          Type: Api
          Properties: { RestApiId: !Ref OrdersApi, Path: '/orders/{id}', Method: get }
        RestProxy:
          Type: Api
          Properties: { RestApiId: !Ref OrdersApi, Path: '/{proxy+}', Method: any }
  ResponderFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: responder
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Respond:
          Type: HttpApi
          Properties: { Path: '/respond', Method: post }
        RespondV1:
          Type: HttpApi
          Properties: { Path: '/respond-1', Method: post, PayloadFormatVersion: '1.0' }
        RestRespond:
          Type: Api
          Properties: { RestApiId: !Ref OrdersApi, Path: '/respond', Method: post }
  ElsewhereFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Other:
          Type: Api
          Properties: { Path: '/other', Method: get }
`;

const model = readSamTemplate({ text: TEMPLATE, file: 'template.yaml' });
const fn = (logicalId: string) => model.functions.find((candidate) => candidate.logicalId === logicalId)!;

/** Answers with the event it got, so a test reads what the gateway sent. */
const echo = (event: Record<string, unknown>) => ({ statusCode: 200, body: JSON.stringify(event) });

/**
 * Answers as its request body says: `{ return: value }` returns the value, `{ throw: message }`
 * throws; a binary body comes straight back, still base64, flagged for decoding.
 */
function responder(event: Record<string, unknown>): unknown {
  if (event.isBase64Encoded) {
    return {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      isBase64Encoded: true,
      body: event.body,
    };
  }
  const instruction = JSON.parse(event.body as string) as { return?: unknown; throw?: string };
  if (instruction.throw !== undefined) throw new Error(instruction.throw);
  return instruction.return;
}

const calls: Call[] = [];
let door: FrontDoor;
beforeAll(async () => {
  door = await startFrontDoor({
    model,
    functions: [fn('OrdersFunction'), fn('ResponderFunction')],
    invoke: directInvoke({ orders: echo, responder }, calls),
    binaryMediaTypes: { OrdersApi: ['application/octet-stream'] },
  });
});
afterAll(() => door.close());
beforeEach(() => {
  calls.length = 0;
  door.clearRequests();
});

/** The fields these tests read directly; the rest is compared with `toMatchObject`. */
interface EchoedEvent {
  readonly headers: Record<string, string | undefined>;
  readonly requestContext: { readonly requestId: string; readonly timeEpoch: number; readonly time: string };
  readonly body?: unknown;
  readonly resource?: string;
}
const eventOf = (response: Received) => JSON.parse(response.text) as EchoedEvent;
const instruct = (url: string, instruction: unknown) =>
  send(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(instruction),
  });

describe('startFrontDoor', () => {
  it('serves each API and function URL on its own origin, with the base URL the template would give', () => {
    expect(door.targets.map(({ logicalId, kind, stageName }) => [logicalId, kind, stageName])).toEqual([
      ['OrdersApi', 'Api', 'Prod'],
      ['AdminApi', 'HttpApi', 'v1'],
      ['ServerlessHttpApi', 'HttpApi', '$default'],
      ['ResponderFunction', 'FunctionUrl', '$default'],
    ]);
    const origins = new Set(door.targets.map((target) => target.origin));
    expect(origins.size).toBe(4);
    const origin = (id: string) => door.targets.find((target) => target.logicalId === id)!.origin;
    expect(door.url('OrdersApi')).toBe(`${origin('OrdersApi')}/Prod`);
    expect(door.url('AdminApi')).toBe(`${origin('AdminApi')}/v1`);
    expect(door.url('ServerlessHttpApi')).toBe(origin('ServerlessHttpApi'));
    expect(door.url('ResponderFunction')).toBe(`${origin('ResponderFunction')}/`);
    expect(door.url('ServerlessHttpApi')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('leaves out an API whose routes lead only to functions not served', () => {
    expect(() => door.url('ServerlessRestApi')).toThrow(
      expect.objectContaining({
        code: 'SG_SIM_FRONT_DOOR',
        problem: 'unknown-target',
        target: 'ServerlessRestApi',
        message: expect.stringContaining(
          'it serves OrdersApi, AdminApi, ServerlessHttpApi, ResponderFunction',
        ),
      }),
    );
  });
});

describe('an HTTP API (payload 2.0)', () => {
  it('sends the route, path parameters, query, lower-cased headers and cookies, to the alias', async () => {
    const response = await send(
      `${door.url('ServerlessHttpApi')}/orders/42?expand=items&expand=customer&q=a%20b`,
      {
        headers: {
          'User-Agent': hookUserAgent('BeforeAllowTraffic'),
          'X-Trace': ['one', 'two'],
          Cookie: 'session=abc; theme=dark',
        },
      },
    );
    expect(response.status).toBe(200);
    const event = eventOf(response);
    const target = door.targets.find((candidate) => candidate.logicalId === 'ServerlessHttpApi')!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /orders/{id}',
      rawPath: '/orders/42',
      rawQueryString: 'expand=items&expand=customer&q=a%20b',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { expand: 'items,customer', q: 'a b' },
      pathParameters: { id: '42' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: target.apiId,
        domainName: `${target.apiId}.execute-api.us-east-1.amazonaws.com`,
        http: {
          method: 'GET',
          path: '/orders/42',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'shiftguard/lambda (BeforeAllowTraffic)',
        },
        routeKey: 'GET /orders/{id}',
        stage: '$default',
      },
    });
    expect(event.headers['user-agent']).toBe('shiftguard/lambda (BeforeAllowTraffic)');
    expect(event.headers['x-trace']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.requestId).toBe(response.headers['apigw-requestid']);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    expect(event.requestContext.time).toMatch(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(calls.map(({ functionName, qualifier }) => [functionName, qualifier])).toEqual([
      ['orders', 'live'],
    ]);
    expect(door.requests()).toEqual([
      expect.objectContaining({
        target: 'ServerlessHttpApi',
        kind: 'HttpApi',
        method: 'GET',
        path: '/orders/42',
        routeKey: 'GET /orders/{id}',
        functionLogicalId: 'OrdersFunction',
        qualifier: 'live',
        executedVersion: '1',
        status: 200,
        outcome: 'answered',
        hook: true,
        requestId: event.requestContext.requestId,
      }),
    ]);
  });

  it('takes any method and the rest of the path into a greedy variable', async () => {
    const event = eventOf(
      await send(`${door.url('ServerlessHttpApi')}/files/a/b/c.txt`, { method: 'DELETE' }),
    );
    expect(event).toMatchObject({
      routeKey: 'ANY /files/{proxy+}',
      pathParameters: { proxy: 'a/b/c.txt' },
      requestContext: { http: { method: 'DELETE', path: '/files/a/b/c.txt' } },
    });
    expect(door.requests({ hook: false })).toHaveLength(1);
  });

  it('sends a 1.0 event to a route whose PayloadFormatVersion is 1.0', async () => {
    const event = eventOf(await send(`${door.url('ServerlessHttpApi')}/legacy?x=1&x=2`));
    expect(event).toMatchObject({
      version: '1.0',
      resource: '/legacy',
      path: '/legacy',
      httpMethod: 'GET',
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      requestContext: { stage: '$default', path: '/legacy', resourcePath: '/legacy' },
    });
  });

  it('keeps a named stage in the path, and takes anything on the $default route', async () => {
    const event = eventOf(await send(`${door.url('AdminApi')}/users/7`, { method: 'PUT' }));
    expect(event).toMatchObject({
      routeKey: '$default',
      rawPath: '/v1/users/7',
      requestContext: { stage: 'v1', routeKey: '$default', http: { method: 'PUT', path: '/v1/users/7' } },
    });
    const outside = await send(`${door.targets.find((t) => t.logicalId === 'AdminApi')!.origin}/users/7`);
    expect(outside.status).toBe(404);
  });

  it('answers 404 Not Found when no route takes the request, invoking nothing', async () => {
    const response = await send(`${door.url('ServerlessHttpApi')}/orders`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({ message: 'Not Found' });
    expect(calls).toEqual([]);
    expect(door.requests()[0]).toMatchObject({
      outcome: 'no-route',
      status: 404,
      functionLogicalId: undefined,
    });
  });

  it('hands text bodies over as text and anything else base64-encoded', async () => {
    const calls0 = calls.length;
    await instruct(`${door.url('ServerlessHttpApi')}/respond`, { return: 'ok' });
    await send(`${door.url('ServerlessHttpApi')}/respond`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'return=1',
    });
    const [json, form] = calls.slice(calls0).map((call) => call.event);
    expect(json).toMatchObject({ body: '{"return":"ok"}', isBase64Encoded: false });
    expect(form).toMatchObject({ body: Buffer.from('return=1').toString('base64'), isBase64Encoded: true });
  });
});

describe('an HTTP API 2.0 response', () => {
  const url = () => `${door.url('ServerlessHttpApi')}/respond`;

  it('is inferred when it has no statusCode: 200, JSON, the response itself as the body', async () => {
    const object = await instruct(url(), { return: { hello: 'world' } });
    expect(object.status).toBe(200);
    expect(object.headers['content-type']).toBe('application/json');
    expect(object.text).toBe('{"hello":"world"}');
    const text = await instruct(url(), { return: 'Hello from Lambda!' });
    expect(text.text).toBe('"Hello from Lambda!"');
  });

  it('passes status, headers and cookies, each cookie its own set-cookie line', async () => {
    const response = await instruct(url(), {
      return: {
        statusCode: 201,
        headers: { 'X-Custom': 'yes', 'Content-Type': 'text/plain', 'Set-Cookie': 'c=3' },
        cookies: ['a=1; Path=/', 'b=2'],
        body: 'made',
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers['x-custom']).toBe('yes');
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2', 'c=3']);
    expect(response.text).toBe('made');
  });

  it('decodes a base64 body', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]);
    const response = await instruct(url(), {
      return: {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        isBase64Encoded: true,
        body: bytes.toString('base64'),
      },
    });
    expect(response.body.equals(bytes)).toBe(true);
  });

  it('becomes 500 Internal Server Error when the function throws or answers what cannot be read', async () => {
    const thrown = await instruct(url(), { throw: 'database down' });
    expect(thrown.status).toBe(500);
    expect(thrown.json()).toEqual({ message: 'Internal Server Error' });
    const malformed = await instruct(url(), { return: { statusCode: 'two hundred' } });
    expect(malformed.status).toBe(500);
    expect(door.requests().map(({ outcome, problem }) => [outcome, problem])).toEqual([
      ['function-error', expect.stringContaining('database down')],
      ['malformed-response', expect.stringContaining('statusCode must be an HTTP status')],
    ]);
  });

  it('round-trips binary bytes, base64 on the way in and decoded on the way out', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const response = await send(url(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.body.equals(bytes)).toBe(true);
    expect(calls.at(-1)!.event).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
  });
});

describe('an HTTP API 1.0 response', () => {
  const url = () => `${door.url('ServerlessHttpApi')}/respond-1`;

  it('must carry a statusCode; other keys are passed over', async () => {
    const missing = await instruct(url(), { return: { body: 'no status' } });
    expect(missing.status).toBe(500);
    const response = await instruct(url(), {
      return: { statusCode: 202, multiValueHeaders: { 'X-M': ['1', '2'] }, body: 'ok', extra: true },
    });
    expect(response.status).toBe(202);
    expect(response.headers['x-m']).toBe('1, 2');
    expect(response.text).toBe('ok');
  });
});

describe('a REST API (payload 1.0)', () => {
  it('strips the stage and sends resource, path, single and multi-value headers and query', async () => {
    const response = await send(`${door.url('OrdersApi')}/orders/7?tag=a&tag=b`, {
      headers: { 'X-Trace': ['one', 'two'], 'User-Agent': 'curl/8' },
    });
    expect(response.status).toBe(200);
    const event = eventOf(response);
    const target = door.targets.find((candidate) => candidate.logicalId === 'OrdersApi')!;
    expect(event).toMatchObject({
      resource: '/orders/{id}',
      path: '/orders/7',
      httpMethod: 'GET',
      pathParameters: { id: '7' },
      queryStringParameters: { tag: 'b' },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      headers: { 'X-Trace': 'two', 'User-Agent': 'curl/8' },
      multiValueHeaders: { 'X-Trace': ['one', 'two'] },
      body: null,
      isBase64Encoded: false,
      requestContext: {
        resourcePath: '/orders/{id}',
        httpMethod: 'GET',
        path: '/Prod/orders/7',
        stage: 'Prod',
        apiId: target.apiId,
        domainName: target.domainName,
        identity: { sourceIp: '127.0.0.1', userAgent: 'curl/8' },
      },
    });
    expect(response.headers['x-amzn-requestid']).toBe(event.requestContext.requestId);
  });

  it('prefers the most specific route: a literal over a greedy variable', async () => {
    const specific = eventOf(await send(`${door.url('OrdersApi')}/orders/7`));
    const proxied = eventOf(await send(`${door.url('OrdersApi')}/catalog/shoes/42`, { method: 'PATCH' }));
    expect(specific.resource).toBe('/orders/{id}');
    expect(proxied).toMatchObject({ resource: '/{proxy+}', pathParameters: { proxy: 'catalog/shoes/42' } });
  });

  it('answers 403 Missing Authentication Token outside its stage, as API Gateway does', async () => {
    const origin = door.targets.find((target) => target.logicalId === 'OrdersApi')!.origin;
    const response = await send(`${origin}/orders/7`);
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(response.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
  });

  it('merges headers into multiValueHeaders and defaults the content type to JSON', async () => {
    const response = await instruct(`${door.url('OrdersApi')}/respond`, {
      return: {
        statusCode: 200,
        headers: { 'X-A': 'single', 'X-B': 'b' },
        multiValueHeaders: { 'X-B': ['b', 'c'] },
        body: 'ok',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers['x-a']).toBe('single');
    expect(response.headers['x-b']).toBe('b, c');
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('answers 502 Internal server error for a throw, an unknown key or an object body', async () => {
    const url = `${door.url('OrdersApi')}/respond`;
    const answers = await Promise.all([
      instruct(url, { throw: 'boom' }),
      instruct(url, { return: { statusCode: 200, body: 'x', cookies: ['a=1'] } }),
      instruct(url, { return: { statusCode: 200, body: { not: 'a string' } } }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(502);
      expect(answer.json()).toEqual({ message: 'Internal server error' });
    }
    expect(
      door
        .requests()
        .map((request) => request.outcome)
        .sort(),
    ).toEqual(['function-error', 'malformed-response', 'malformed-response']);
  });

  it('decodes base64 only for its binaryMediaTypes, and sends such request bodies base64', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const url = `${door.url('OrdersApi')}/respond`;
    const roundTrip = await send(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    expect(roundTrip.body.equals(bytes)).toBe(true);
    const notBinary = await instruct(url, {
      return: {
        statusCode: 200,
        headers: { 'Content-Type': 'image/png' },
        isBase64Encoded: true,
        body: 'AAEC',
      },
    });
    expect(notBinary.text).toBe('AAEC');
  });
});

describe('a function URL', () => {
  it('sends payload 2.0 with the lambda-url domain and answers as the function says', async () => {
    const target = door.targets.find((candidate) => candidate.logicalId === 'ResponderFunction')!;
    const response = await instruct(`${door.url('ResponderFunction')}hello?x=1`, {
      return: { statusCode: 200, body: 'hi' },
    });
    expect(response.text).toBe('hi');
    expect(calls.at(-1)).toMatchObject({
      functionName: 'responder',
      qualifier: undefined,
      event: {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/hello',
        rawQueryString: 'x=1',
        requestContext: {
          apiId: target.apiId,
          domainName: `${target.apiId}.lambda-url.us-east-1.on.aws`,
          domainPrefix: target.apiId,
          stage: '$default',
          requestId: response.headers['x-amzn-requestid'],
        },
      },
    });
    expect(target.apiId).toMatch(/^[a-z0-9]{32}$/);
  });

  it('answers 502 when the function throws', async () => {
    const response = await instruct(door.url('ResponderFunction'), { throw: 'nope' });
    expect(response.status).toBe(502);
    expect(response.text).toBe('Internal Server Error');
  });
});

describe('an invoke that fails', () => {
  it('is the gateway’s 500, the reason in the log', async () => {
    const failing = await startFrontDoor({
      model,
      functions: [fn('OrdersFunction')],
      invoke: () => Promise.reject(new Error('ResourceNotFoundException: Function not found')),
    });
    try {
      const rest = await send(`${failing.url('OrdersApi')}/orders/1`);
      const http = await send(`${failing.url('ServerlessHttpApi')}/orders/1`);
      expect([rest.status, rest.json()]).toEqual([500, { message: 'Internal server error' }]);
      expect([http.status, http.json()]).toEqual([500, { message: 'Internal Server Error' }]);
      expect(failing.requests({ outcome: 'invoke-failed' })).toEqual([
        expect.objectContaining({
          target: 'OrdersApi',
          problem: expect.stringContaining('Function not found'),
        }),
        expect.objectContaining({ target: 'ServerlessHttpApi' }),
      ]);
    } finally {
      await failing.close();
    }
  });
});
