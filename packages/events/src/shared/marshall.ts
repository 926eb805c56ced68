import type { AttributeValue } from 'aws-lambda';
import { toBase64 } from './payload';
import { describeType, fail, isPlainObject, setOwn } from './validate';

/**
 * Converts one plain JavaScript value into a DynamoDB `AttributeValue`, the way `marshall` from
 * `@aws-sdk/util-dynamodb` does for the types a stream image can hold:
 *
 * | JavaScript | AttributeValue |
 * | --- | --- |
 * | string | `{ S }` |
 * | number, bigint | `{ N }` (decimal text) |
 * | boolean | `{ BOOL }` |
 * | null | `{ NULL: true }` |
 * | Uint8Array (Buffer) | `{ B }` (base64, as in the stream's JSON) |
 * | array | `{ L }` |
 * | plain object | `{ M }` — properties that are `undefined` are left out |
 * | Set of strings / numbers / Uint8Arrays | `{ SS }` / `{ NS }` / `{ BS }` — not empty, not mixed |
 *
 * @throws InvalidEventOptionsError naming the path of anything else (a Date, NaN, a class
 *   instance, an empty or mixed Set, `undefined` in a list) — DynamoDB would reject it too.
 * @example
 * ```ts
 * marshallValue({ tags: new Set(['a', 'b']), qty: 2 });
 * // → { M: { tags: { SS: ['a', 'b'] }, qty: { N: '2' } } }
 * ```
 */
export function marshallValue(value: unknown, path = 'value'): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${path} is ${value}; DynamoDB numbers must be finite`);
    return { N: String(value) };
  }
  if (typeof value === 'bigint') return { N: value.toString() };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (value instanceof Uint8Array) return { B: toBase64(value) };
  if (Array.isArray(value)) {
    return {
      L: value.map((item: unknown, index) => {
        if (item === undefined) fail(`${path}[${index}] is undefined; a DynamoDB list cannot hold it`);
        return marshallValue(item, `${path}[${index}]`);
      }),
    };
  }
  if (value instanceof Set) return marshallSet(value, path);
  if (isPlainObject(value)) return { M: marshallItem(value, path) };
  if (value instanceof Date) {
    fail(`${path} is a Date; store it as an ISO string or epoch number, as DynamoDB has no date type`);
  }
  return fail(`${path} is ${describeType(value)}, which has no DynamoDB AttributeValue`);
}

/**
 * Converts a plain object into the attribute map of an item (`Keys`, `NewImage`, `OldImage` of a
 * stream record). Properties that are `undefined` are left out.
 *
 * @example
 * ```ts
 * marshallItem({ pk: 'order#42', total: 19.5, paid: true });
 * // → { pk: { S: 'order#42' }, total: { N: '19.5' }, paid: { BOOL: true } }
 * ```
 */
export function marshallItem(
  item: Readonly<Record<string, unknown>>,
  path = 'item',
): Record<string, AttributeValue> {
  if (!isPlainObject(item)) fail(`${path} must be a plain object, got ${describeType(item)}`);
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    setOwn(out, name, marshallValue(value, `${path}.${name}`));
  }
  return out;
}

function marshallSet(set: ReadonlySet<unknown>, path: string): AttributeValue {
  const items = [...set];
  const first = items[0];
  if (first === undefined) fail(`${path} is an empty Set; DynamoDB sets cannot be empty`);
  const mixed = (): never =>
    fail(`${path} is a Set mixing types; DynamoDB sets hold strings, numbers or binaries only`);
  if (typeof first === 'string') {
    if (!items.every((item) => typeof item === 'string')) mixed();
    return { SS: items as string[] };
  }
  if (typeof first === 'number' || typeof first === 'bigint') {
    return {
      NS: items.map((item, index) => {
        if (typeof item === 'bigint') return item.toString();
        if (typeof item !== 'number') return mixed();
        if (!Number.isFinite(item)) fail(`${path} item ${index} is ${item}; DynamoDB numbers must be finite`);
        return String(item);
      }),
    };
  }
  if (first instanceof Uint8Array) {
    return { BS: items.map((item) => (item instanceof Uint8Array ? toBase64(item) : mixed())) };
  }
  return fail(
    `${path} is a Set of ${describeType(first)}; DynamoDB sets hold strings, numbers or binaries only`,
  );
}
