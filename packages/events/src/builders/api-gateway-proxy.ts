import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { randomBase64, requestTime, traceHeader } from '../shared/aws-formats';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import {
  allValues,
  assembleHeaders,
  checkPath,
  DEFAULT_USER_AGENT,
  findHeader,
  groupQuery,
  HTTP_REQUEST_KEYS,
  type HttpRequestOptions,
  lastOfEach,
  lastValues,
  readApiId,
  readHttpRequest,
  readStage,
} from '../shared/http-request';
import { hasRouteVariables, matchRoute } from '../shared/route';
import {
  fail,
  isPlainObject,
  optionalString,
  optionalStringMap,
  readOptions,
  readOverrides,
} from '../shared/validate';

/** The request behind an {@link apiGatewayProxyEvent}: a REST API call through a Lambda proxy integration. */
export interface ApiGatewayProxyEventOptions extends HttpRequestOptions {
  /**
   * The API resource the method is on, e.g. `/orders/{id}`. Default: the path. When it has variables
   * and no `pathParameters` are given, they are read from the path (`/orders/42` → `{ id: '42' }`);
   * when no path is given and it has none, it is the path.
   */
  resource?: string;
  /** Path parameters. Default: matched from `resource`, or `null` in the event when there are none. */
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  /** Deployment stage. Default `prod`. */
  stage?: string;
  /** REST API id, also the first label of the execute-api host. Default `a1b2c3d4e5`. */
  apiId?: string;
  /** What an authorizer put in `requestContext.authorizer` (e.g. `{ principalId, claims }`). Default: none. */
  authorizer?: Record<string, unknown>;
}

const KEYS = [
  ...HTTP_REQUEST_KEYS,
  'resource',
  'pathParameters',
  'stageVariables',
  'stage',
  'apiId',
  'authorizer',
] as const;

const WHAT = 'apiGatewayProxyEvent';
export const DEFAULT_REST_API_ID = 'a1b2c3d4e5';
export const DEFAULT_REST_STAGE = 'prod';
// API Gateway resource ids are 6 lowercase alphanumerics; a fixed one keeps events comparable.
const RESOURCE_ID = 'abc123';

/**
 * Builds the event a REST API (payload format 1.0) sends to a Lambda proxy integration, as a client's
 * request would produce it: `headers` holds the last value of each header and `multiValueHeaders` all of
 * them (same for the query string), absent parts are `null`, an object body is JSON text, bytes are
 * base64 with `isBase64Encoded`. The `Host`, `X-Forwarded-*`, `X-Amzn-Trace-Id` headers API Gateway adds
 * are there unless you give your own. `overrides` are merged last ({@link deepMerge}: arrays replaced).
 *
 * @throws InvalidEventOptionsError naming an unknown option or a wrongly typed one.
 * @example
 * ```ts
 * const event = apiGatewayProxyEvent({
 *   method: 'POST',
 *   resource: '/orders/{id}',
 *   path: '/orders/42',
 *   headers: { Authorization: 'Bearer test' },
 *   body: { quantity: 1 },
 * });
 * // event.pathParameters → { id: '42' }; event.body → '{"quantity":1}'
 * ```
 */
export function apiGatewayProxyEvent(
  options?: ApiGatewayProxyEventOptions,
  overrides?: DeepPartial<APIGatewayProxyEvent>,
): APIGatewayProxyEvent {
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const request = readHttpRequest(record, WHAT);
  const { context } = request;
  const stage = readStage(record, WHAT) ?? DEFAULT_REST_STAGE;
  const apiId = readApiId(record, WHAT) ?? DEFAULT_REST_API_ID;
  const resourceOption = optionalString(record, 'resource', WHAT);
  if (resourceOption !== undefined) checkPath(resourceOption, `${WHAT}.resource`);
  const path =
    request.path ??
    (resourceOption !== undefined && !hasRouteVariables(resourceOption) ? resourceOption : '/');
  const resource = resourceOption ?? path;
  const pathParameters = optionalStringMap(record, 'pathParameters', WHAT) ?? routeParameters(resource, path);
  const stageVariables = optionalStringMap(record, 'stageVariables', WHAT);
  const authorizer = record.authorizer;
  if (authorizer !== undefined && !isPlainObject(authorizer)) fail(`${WHAT}.authorizer must be an object`);
  const method = request.method ?? 'GET';
  const host = `${apiId}.execute-api.${context.region}.amazonaws.com`;

  const headers = assembleHeaders(
    [
      ['Accept', '*/*'],
      ['Host', host],
      ['User-Agent', DEFAULT_USER_AGENT],
      ['X-Amzn-Trace-Id', traceHeader(context.now)],
      ['X-Forwarded-For', request.sourceIp],
      ['X-Forwarded-Port', '443'],
      ['X-Forwarded-Proto', 'https'],
    ],
    request,
  );
  const userAgent = findHeader(headers, 'user-agent')?.values.at(-1) ?? null;
  const query = groupQuery(request.query, (param) => [param.name, param.value]);
  const hasQuery = request.query.length > 0;

  const event: APIGatewayProxyEvent = {
    resource,
    path,
    httpMethod: method,
    headers: lastValues(headers),
    multiValueHeaders: allValues(headers),
    queryStringParameters: hasQuery ? lastOfEach(query) : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: pathParameters && Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: stageVariables && Object.keys(stageVariables).length > 0 ? stageVariables : null,
    requestContext: {
      resourceId: RESOURCE_ID,
      resourcePath: resource,
      httpMethod: method,
      extendedRequestId: randomBase64(11),
      requestTime: requestTime(context.now),
      // On the execute-api host the stage is the first path segment; `path` above is after it.
      path: `/${stage}${path}`,
      accountId: context.accountId,
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: apiId,
      requestTimeEpoch: context.now.getTime(),
      requestId: randomUUID(),
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
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      domainName: host,
      apiId,
      // Without an authorizer the key is absent from the JSON AWS sends; `undefined` serialises the same.
      authorizer: authorizer as Record<string, unknown> | undefined,
    },
    body: request.body?.text ?? null,
    isBase64Encoded: request.body?.isBase64Encoded ?? false,
  };
  return deepMerge(event, checkedOverrides as DeepPartial<APIGatewayProxyEvent> | undefined);
}

function routeParameters(resource: string, path: string): Record<string, string> | undefined {
  if (!hasRouteVariables(resource)) return undefined;
  const params = matchRoute(resource, path);
  if (!params) {
    fail(`${WHAT}.path ${JSON.stringify(path)} does not match resource ${JSON.stringify(resource)}`);
  }
  return params;
}
