/** An object literal (or `Object.create(null)`): not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The kind of a value as a message names it: `null`, `array` and `Date` told apart from `object`. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value;
}

/** A value as a message shows it: strings quoted (and cut), numbers and booleans as written, else its kind. */
export function showValue(value: unknown, maxChars = 40): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return typeName(value);
}
