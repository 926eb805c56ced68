import { isPlainObject } from './validate';

/**
 * `T` with every property optional, all the way down — except arrays, which are taken whole:
 * {@link deepMerge} replaces an array rather than merging it, so an array given in overrides must be
 * complete (a `DeepPartial<SQSEvent>` with `Records` needs full records).
 *
 * @example
 * ```ts
 * const overrides: DeepPartial<APIGatewayProxyEvent> = { requestContext: { stage: 'canary' } };
 * ```
 */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * Merges `overrides` into a copy of `base`: plain objects are merged key by key, everything else in
 * `overrides` — arrays included — replaces what `base` had. A key whose override is `undefined` keeps
 * the base value (as if absent), so spreading optional values into overrides cannot blank a field.
 * `base` is not modified.
 *
 * @example
 * ```ts
 * deepMerge({ a: { b: 1, c: 2 }, list: [1, 2] }, { a: { c: 3 }, list: [9] });
 * // → { a: { b: 1, c: 3 }, list: [9] }
 * ```
 */
export function deepMerge<T>(base: T, overrides?: DeepPartial<NoInfer<T>>): T {
  return mergeValue(base, overrides) as T;
}

function mergeValue(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // A JSON-parsed override can carry an own "__proto__" key; assigning it would swap the prototype.
    if (key === '__proto__' || value === undefined) continue;
    merged[key] = mergeValue(base[key], value);
  }
  return merged;
}
