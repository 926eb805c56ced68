/**
 * Matches a request path against an API Gateway route template (`/orders/{id}`, `/files/{proxy+}`) and
 * returns the path parameters, or `undefined` when the path does not fit the template. Values are
 * taken as they appear in the path: API Gateway does not URL-decode them either.
 */
export function matchRoute(template: string, path: string): Record<string, string> | undefined {
  const parts = template.split('/');
  const segments = path.split('/');
  const params: Record<string, string> = {};
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] ?? '';
    const greedy = /^\{([^{}]+)\+\}$/.exec(part);
    if (greedy) {
      const rest = segments.slice(index).join('/');
      if (index !== parts.length - 1 || rest === '') return undefined;
      params[greedy[1] ?? ''] = rest;
      return params;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    const variable = /^\{([^{}]+)\}$/.exec(part);
    if (variable) {
      if (segment === '') return undefined;
      params[variable[1] ?? ''] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return segments.length === parts.length ? params : undefined;
}

/** Whether a route template has variables, i.e. whether a request path can differ from it. */
export function hasRouteVariables(template: string): boolean {
  return /\{[^{}]+\}/.test(template);
}
