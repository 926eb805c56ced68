import type { Validator } from '../validation/validator';

/** A status class such as `'2xx'`. */
export type StatusClass = `${1 | 2 | 3 | 4 | 5}xx`;

/**
 * What status a good answer has: one code, a list of codes, a class (`'2xx'`), or an inclusive range.
 */
export type StatusExpectation =
  | number
  | StatusClass
  | readonly (number | StatusClass)[]
  | { readonly min: number; readonly max: number };

const CLASS = /^[1-5]xx$/;

/**
 * Validates a status expectation at construction and returns its judge: `undefined` when a status
 * matches, else `expected status 2xx, got 503`.
 *
 * @example
 * ```ts
 * const judge = compileStatusExpectation(['2xx', 304], 'expect.status', validator);
 * judge(503); // 'expected status 2xx or 304, got 503'
 * ```
 */
export function compileStatusExpectation(
  spec: unknown,
  path: string,
  validator: Validator,
): (status: number | undefined) => string | undefined {
  const parts = Array.isArray(spec) ? spec : [spec];
  if (parts.length === 0) validator.fail(path, 'must not be an empty list');
  const tests = parts.map((part, index) =>
    compilePart(part, Array.isArray(spec) ? `${path}[${index}]` : path, validator),
  );
  const expected = parts.map(describePart).join(' or ');
  return (status) => {
    if (status !== undefined && tests.some((test) => test(status))) return undefined;
    return `expected status ${expected}, got ${status === undefined ? 'none' : status}`;
  };
}

function compilePart(part: unknown, path: string, validator: Validator): (status: number) => boolean {
  if (typeof part === 'number') {
    validator.integer(part, path, { min: 100, max: 599 });
    return (status) => status === part;
  }
  if (typeof part === 'string') {
    if (!CLASS.test(part)) validator.wrongValue(path, "a status class such as '2xx'", part);
    const low = Number(part[0]) * 100;
    return (status) => status >= low && status < low + 100;
  }
  if (typeof part === 'object' && part !== null && !Array.isArray(part)) {
    const range = validator.object(part, path, ['min', 'max'], { noun: 'range key' });
    const min = validator.integer(range.min, `${path}.min`, { min: 100, max: 599 });
    const max = validator.integer(range.max, `${path}.max`, { min: 100, max: 599 });
    if (min === undefined || max === undefined || min > max) {
      validator.fail(path, 'must be a range { min, max } with min ≤ max');
    }
    return (status) => status >= min && status <= max;
  }
  return validator.wrongType(path, "a status code, a class such as '2xx', a list or { min, max }", part);
}

function describePart(part: unknown): string {
  if (typeof part === 'object' && part !== null) {
    const { min, max } = part as { min: number; max: number };
    return `${min}–${max}`;
  }
  return String(part);
}
