// What the front door serves, worked out from the model before any socket opens: one target per API
// and per function URL, each API's routes with the alias they invoke and the payload format they use.
import { sha256Hex } from '@shiftguard/kit';
import type { SamApi, SamFunction, SamModel } from '../template/model';

/** `Api`: a REST API (payload 1.0); `HttpApi`: an HTTP API; `FunctionUrl`: a function's own URL. */
export type FrontDoorKind = 'Api' | 'HttpApi' | 'FunctionUrl';

/** The function version a request reaches: the alias SAM integrates with when the function has one. */
export interface Integration {
  readonly functionLogicalId: string;
  readonly functionName: string;
  /** `AutoPublishAlias`; undefined invokes the unqualified function (`$LATEST`). */
  readonly qualifier: string | undefined;
}

export interface PlannedRoute {
  /** Upper case; `ANY` for any method. */
  readonly method: string;
  /** As written (`/orders/{id}`); `$default` for an HTTP API's catch-all route. */
  readonly path: string;
  /** `GET /orders/{id}`, `ANY /{proxy+}`, or `$default`. */
  readonly routeKey: string;
  readonly payloadFormat: '1.0' | '2.0';
  readonly integration: Integration;
}

export interface PlannedTarget {
  /** The API's logical id, or the function's for its URL. */
  readonly logicalId: string;
  readonly kind: FrontDoorKind;
  /** `Prod`, a named stage, or `$default` (always, for a function URL). */
  readonly stageName: string;
  /** The id the events carry (`requestContext.apiId`), also the first label of `domainName`. */
  readonly apiId: string;
  /** The production host the events name (`requestContext.domainName`). */
  readonly domainName: string;
  /** An API's routes, most specific first; empty for a function URL. */
  readonly routes: readonly PlannedRoute[];
  /** A function URL's integration. */
  readonly integration: Integration | undefined;
}

/**
 * The targets for the functions being served: an API is opened when at least one of its routes leads
 * to one of them (routes to other functions are left out, as if never declared), and a served
 * function with `FunctionUrlConfig` gets its URL.
 */
export function planTargets(model: SamModel, served: ReadonlySet<string>): PlannedTarget[] {
  const functions = new Map(model.functions.map((fn) => [fn.logicalId, fn]));
  const targets: PlannedTarget[] = [];
  for (const api of model.apis) {
    const routes = apiRoutes(api, functions, served);
    if (routes.length === 0) continue;
    const apiId = fakeId(model, api.logicalId, 10);
    targets.push({
      logicalId: api.logicalId,
      kind: api.type,
      stageName: api.stageName,
      apiId,
      domainName: `${apiId}.execute-api.${model.stack.region}.${model.stack.urlSuffix}`,
      routes: sortBySpecificity(routes),
      integration: undefined,
    });
  }
  for (const fn of model.functions) {
    if (!served.has(fn.logicalId) || !fn.functionUrl) continue;
    const urlId = fakeId(model, fn.logicalId, 32);
    targets.push({
      logicalId: fn.logicalId,
      kind: 'FunctionUrl',
      stageName: '$default',
      apiId: urlId,
      // Function URLs live under on.aws in every partition the docs name.
      domainName: `${urlId}.lambda-url.${model.stack.region}.on.aws`,
      routes: [],
      integration: integrationOf(fn, fn.functionUrl.qualifier),
    });
  }
  return targets;
}

function apiRoutes(
  api: SamApi,
  functions: ReadonlyMap<string, SamFunction>,
  served: ReadonlySet<string>,
): PlannedRoute[] {
  const routes: PlannedRoute[] = [];
  for (const route of api.routes) {
    const fn = functions.get(route.functionLogicalId);
    if (!fn || !served.has(fn.logicalId)) continue;
    const event = fn.events.find((candidate) => candidate.name === route.eventName);
    routes.push({
      method: route.method,
      path: route.path,
      routeKey: route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
      payloadFormat: api.type === 'Api' ? '1.0' : payloadFormatOf(event?.properties.PayloadFormatVersion),
      // SAM integrates an event with the alias when the function publishes one.
      integration: integrationOf(fn, fn.autoPublishAlias),
    });
  }
  return routes;
}

/** SAM's default for an `HttpApi` event is 2.0; only `1.0` written (as a string or number) changes it. */
function payloadFormatOf(value: unknown): '1.0' | '2.0' {
  return value === '1.0' || value === 1 ? '1.0' : '2.0';
}

function integrationOf(fn: SamFunction, qualifier: string | undefined): Integration {
  return { functionLogicalId: fn.logicalId, functionName: fn.functionName, qualifier };
}

/**
 * Ids shaped like API Gateway's (10 characters) and Lambda's URL ids (32), lowercase letters and
 * digits, derived from the stack and logical id so the same template gives the same events each run.
 */
function fakeId(model: SamModel, logicalId: string, length: number): string {
  return sha256Hex(`${model.stack.accountId}/${model.stack.name}/${logicalId}`).slice(0, length);
}

/** One path segment's rank: a literal beats a `{variable}`, which beats a greedy `{proxy+}`. */
function segmentRank(segment: string): number {
  if (/^\{[^{}]+\+\}$/.test(segment)) return 2;
  if (/^\{[^{}]+\}$/.test(segment)) return 1;
  return 0;
}

/**
 * Most specific first, as API Gateway chooses among routes that all match: segment by segment a
 * literal over a variable over a greedy variable, a longer path over its prefix, a method over
 * `ANY`, and an HTTP API's `$default` route last.
 */
export function sortBySpecificity(routes: readonly PlannedRoute[]): PlannedRoute[] {
  const compare = (a: PlannedRoute, b: PlannedRoute): number => {
    if ((a.path === '$default') !== (b.path === '$default')) return a.path === '$default' ? 1 : -1;
    const left = a.path.split('/');
    const right = b.path.split('/');
    for (let index = 0; index < Math.min(left.length, right.length); index++) {
      const difference = segmentRank(left[index]!) - segmentRank(right[index]!);
      if (difference !== 0) return difference;
    }
    if (left.length !== right.length) return right.length - left.length;
    return Number(a.method === 'ANY') - Number(b.method === 'ANY');
  };
  return [...routes].sort(compare);
}
