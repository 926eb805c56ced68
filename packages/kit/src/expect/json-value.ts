import type { Validator } from '../validation/validator';

/**
 * A value sent as JSON (a request body, an event payload): anything `JSON.stringify` takes. Spelt out
 * rather than `unknown`, which would leave the `ctx` of an option that may also be a function untyped.
 */
export type JsonInput = object | string | number | boolean | null;

/**
 * Refuses what JSON cannot hold (plus RegExp, which tests a string): a Map or a Date would match
 * anything, silently, and `[1, , 3]` would match anything at its hole.
 */
export function assertJsonExpectation(value: unknown, path: string, validator: Validator): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (value instanceof RegExp) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) {
        validator.fail(
          `${path}[${index}]`,
          'is a hole in a sparse array: expectations hold JSON values; write null or the value expected',
        );
      }
      assertJsonExpectation(value[index], `${path}[${index}]`, validator);
    }
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertJsonExpectation(item, `${path}.${key}`, validator);
    return;
  }
  const kind = value === undefined ? 'undefined' : ((value as object)?.constructor?.name ?? typeof value);
  validator.fail(
    path,
    `is ${kind}: expectations hold JSON values (objects, arrays, strings, numbers, booleans, null) and RegExps`,
  );
}
