import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomBase64, requestTime, traceHeader } from '../shared/aws-formats';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import {
  assembleHeaders,
  checkPath,
  DEFAULT_USER_AGENT,
  groupQuery,
  HTTP_REQUEST_KEYS,
  type HttpRequestOptions,
  type QueryParam,
  readApiId,
  readHttpRequest,
  readStage,
} from '../shared/http-request';
import { hasRouteVariables, matchRoute } from '../shared/route';
import {
  describeType,
  fail,
  optionalString,
  optionalStringMap,
  readOptions,
  readOverrides,
  setOwn,
  show,
} from '../shared/validate';

/** The request behind an {@link apiGatewayProxyEventV2}: an HTTP API call, payload format 2.0. */
export interface ApiGatewayProxyEventV2Options extends HttpRequestOptions {
  /**
   * The matched route, `$default` or `METHOD /path` such as `GET /orders/{id}` (`ANY` for any method).
   * Default `$default`. A route with a method supplies the request method; one without variables
   * supplies the path; variables are read from the path into `pathParameters`.
   */
  routeKey?: string;
  /** Path parameters. Default: matched from `routeKey`; absent from the event when there are none. */
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  /** Stage. Default `$default`; a named stage prefixes `rawPath` as it does on the execute-api host. */
  stage?: string;
  /** HTTP API id, also the first label of the execute-api host. Default `f1e2d3c4b5`. */
  apiId?: string;
  /** Cookies (`name=value`), added to those of any `Cookie` header. */
  cookies?: readonly string[];
}

const KEYS = [
  ...HTTP_REQUEST_KEYS,
  'routeKey',
  'pathParameters',
  'stageVariables',
  'stage',
  'apiId',
  'cookies',
] as const;

const WHAT = 'apiGatewayProxyEventV2';
export const DEFAULT_HTTP_API_ID = 'f1e2d3c4b5';

/**
 * Builds the event an HTTP API (payload format 2.0) sends to a Lambda integration: header names lower
 * case with repeated headers joined by commas, cookies moved from the `Cookie` header into `cookies`,
 * repeated query parameters joined by commas beside the untouched `rawQueryString`, and the optional
 * parts (`cookies`, `queryStringParameters`, `body`, `pathParameters`, `stageVariables`) absent when
 * empty. `overrides` are merged last ({@link deepMerge}: arrays replaced).
 *
 * @throws InvalidEventOptionsError naming an unknown option or a wrongly typed one.
 * @example
 * ```ts
 * const event = apiGatewayProxyEventV2({
 *   routeKey: 'GET /orders/{id}',
 *   path: '/orders/42',
 *   query: { expand: ['items', 'customer'] },
 *   headers: { Cookie: 'session=abc; theme=dark' },
 * });
 * // event.cookies → ['session=abc', 'theme=dark']; event.queryStringParameters → { expand: 'items,customer' }
 * ```
 */
export function apiGatewayProxyEventV2(
  options?: ApiGatewayProxyEventV2Options,
  overrides?: DeepPartial<APIGatewayProxyEventV2>,
): APIGatewayProxyEventV2 {
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const request = readHttpRequest(record, WHAT);
  const { context } = request;
  const stage = readStage(record, WHAT) ?? '$default';
  const apiId = readApiId(record, WHAT) ?? DEFAULT_HTTP_API_ID;
  const routeKey = optionalString(record, 'routeKey', WHAT) ?? '$default';
  const route = parseRouteKey(routeKey);
  if (route && route.method !== 'ANY' && request.method !== undefined && request.method !== route.method) {
    fail(`${WHAT}.method ${request.method} does not match routeKey ${JSON.stringify(routeKey)}`);
  }
  const method = request.method ?? (route && route.method !== 'ANY' ? route.method : 'GET');
  const path = request.path ?? (route && !hasRouteVariables(route.path) ? route.path : '/');
  const pathParameters = optionalStringMap(record, 'pathParameters', WHAT) ?? routeParameters(route, path);
  const stageVariables = optionalStringMap(record, 'stageVariables', WHAT);
  const extraCookies = readCookies(record.cookies);
  const host = `${apiId}.execute-api.${context.region}.amazonaws.com`;
  // On the execute-api host a named stage is the first path segment, and the raw path keeps it.
  const rawPath = stage === '$default' ? path : `/${stage}${path}`;

  const fields = assembleHeaders(
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
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const field of fields) {
    const name = field.name.toLowerCase();
    if (name === 'cookie') cookies.push(...field.values.flatMap(splitCookieHeader));
    else setOwn(headers, name, field.values.join(','));
  }
  cookies.push(...extraCookies);

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(request.query.length > 0 ? { queryStringParameters: joinedQuery(request.query) } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId,
      domainName: host,
      domainPrefix: apiId,
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      // HTTP APIs use the short base64 form that REST APIs call the extended request id.
      requestId: randomBase64(11),
      routeKey,
      stage,
      time: requestTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(request.body ? { body: request.body.text } : {}),
    ...(pathParameters && Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    isBase64Encoded: request.body?.isBase64Encoded ?? false,
    ...(stageVariables && Object.keys(stageVariables).length > 0 ? { stageVariables } : {}),
  };
  return deepMerge(event, checkedOverrides as DeepPartial<APIGatewayProxyEventV2> | undefined);
}

interface Route {
  method: string;
  path: string;
}

function parseRouteKey(routeKey: string): Route | undefined {
  if (routeKey === '$default') return undefined;
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  if (!match) {
    fail(
      `${WHAT}.routeKey must be "$default" or "METHOD /path" such as "GET /orders/{id}", got ${JSON.stringify(routeKey)}`,
    );
  }
  const path = match[2] ?? '/';
  checkPath(path.replace(/\{[^{}]*\}/g, 'x'), `${WHAT}.routeKey path`);
  return { method: match[1] ?? 'ANY', path };
}

function routeParameters(route: Route | undefined, path: string): Record<string, string> | undefined {
  if (!route || !hasRouteVariables(route.path)) return undefined;
  const params = matchRoute(route.path, path);
  if (!params)
    fail(`${WHAT}.path ${JSON.stringify(path)} does not match routeKey path ${JSON.stringify(route.path)}`);
  return params;
}

function readCookies(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${WHAT}.cookies must be an array of strings, got ${describeType(value)}`);
  return value.map((cookie: unknown) => {
    if (typeof cookie !== 'string' || !cookie.includes('=') || /[;\r\n]/.test(cookie)) {
      fail(`${WHAT}.cookies entries must be "name=value" strings, got ${show(cookie)}`);
    }
    return cookie;
  });
}

function splitCookieHeader(header: string): string[] {
  return header
    .split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
}

function joinedQuery(params: readonly QueryParam[]): Record<string, string> {
  const out: Record<string, string> = {};
  const grouped = groupQuery(params, (param) => [param.name, param.value]);
  for (const [name, values] of Object.entries(grouped)) setOwn(out, name, values.join(','));
  return out;
}
