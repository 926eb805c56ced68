// Which route of an API a request takes, and the path parameters it gives.
import type { PlannedRoute } from './targets';

export interface RouteMatch {
  readonly route: PlannedRoute;
  /** Taken as they appear in the path: API Gateway does not decode them either. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

/**
 * The first route (they come most specific first) whose method and path fit the request. A greedy
 * `{proxy+}` takes one or more segments and only at the end; an HTTP API's `$default` takes anything.
 */
export function matchRequest(
  routes: readonly PlannedRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.path === '$default') return { route, pathParameters: {} };
    if (route.method !== 'ANY' && route.method !== method) continue;
    const pathParameters = matchPath(route.path, path);
    if (pathParameters) return { route, pathParameters };
  }
  return undefined;
}

export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const parts = template.split('/');
  const segments = path.split('/');
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const greedy = /^\{([^{}]+)\+\}$/.exec(part);
    if (greedy) {
      const rest = segments.slice(index).join('/');
      if (index !== parts.length - 1 || rest === '') return undefined;
      params[greedy[1]!] = rest;
      return params;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    const variable = /^\{([^{}]+)\}$/.exec(part);
    if (variable) {
      if (segment === '') return undefined;
      params[variable[1]!] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return segments.length === parts.length ? params : undefined;
}
