import { previewValue as preview } from './preview';

/**
 * What a response must contain: objects match when every key given matches (others are ignored),
 * arrays element by element with the same length, a RegExp tests a string, anything else must be equal.
 */
export type PartialExpectation = unknown;

/** Lists where `actual` departs from `expected`, as `path: expected …, got …` lines (empty when it matches). */
export function partialMismatches(
  expected: PartialExpectation,
  actual: unknown,
  path = '$',
  limit = 10,
): string[] {
  const problems: string[] = [];
  walk(expected, actual, path, problems, limit);
  return problems;
}

function walk(expected: unknown, actual: unknown, path: string, problems: string[], limit: number): void {
  if (problems.length >= limit) return;
  if (expected instanceof RegExp) {
    // A /g or /y RegExp remembers where it stopped; each comparison must start afresh.
    expected.lastIndex = 0;
    if (typeof actual !== 'string' || !expected.test(actual)) {
      problems.push(`${path}: expected a string matching ${expected}, got ${preview(actual, 120)}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      problems.push(`${path}: expected an array, got ${preview(actual, 120)}`);
      return;
    }
    if (actual.length !== expected.length) {
      problems.push(`${path}: expected ${expected.length} item(s), got ${actual.length}`);
      return;
    }
    expected.forEach((item, index) => {
      walk(item, actual[index], `${path}[${index}]`, problems, limit);
    });
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      problems.push(`${path}: expected an object, got ${preview(actual, 120)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      if (!(key in actual)) problems.push(`${childPath}: expected ${preview(value, 120)}, but it is missing`);
      else walk(value, (actual as Record<string, unknown>)[key], childPath, problems, limit);
    }
    return;
  }
  if (!Object.is(expected, actual)) {
    problems.push(`${path}: expected ${preview(expected, 120)}, got ${preview(actual, 120)}`);
  }
}
