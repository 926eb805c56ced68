import { previewValue as preview } from '../text/preview';

/**
 * What a response must contain: objects match when every key given matches (others are ignored),
 * arrays element by element with the same length, a RegExp tests a string, anything else must be equal.
 */
export type PartialExpectation = unknown;

/** At most this many mismatches are listed: the first few say what went wrong. */
const PROBLEM_LIMIT = 10;

type Matcher = (actual: unknown, problems: string[]) => void;

/**
 * Compiles an expectation once, with every path worked out in advance: a burst of invocations then
 * pays only the comparisons. The matcher lists where `actual` departs from the expectation, as
 * `path: expected …, got …` lines (empty when it matches).
 */
export function compilePartialMatcher(
  expected: PartialExpectation,
  path = '$',
): (actual: unknown) => string[] {
  const match = compile(expected, path);
  return (actual) => {
    const problems: string[] = [];
    match(actual, problems);
    return problems;
  };
}

function compile(expected: unknown, path: string): Matcher {
  if (expected instanceof RegExp) {
    return (actual, problems) => {
      if (problems.length >= PROBLEM_LIMIT) return;
      // A /g or /y RegExp remembers where it stopped; each comparison must start afresh.
      expected.lastIndex = 0;
      if (typeof actual !== 'string' || !expected.test(actual)) {
        problems.push(`${path}: expected a string matching ${expected}, got ${preview(actual, 120)}`);
      }
    };
  }
  if (Array.isArray(expected)) {
    const items = expected.map((item, index) => compile(item, `${path}[${index}]`));
    return (actual, problems) => {
      if (problems.length >= PROBLEM_LIMIT) return;
      if (!Array.isArray(actual)) {
        problems.push(`${path}: expected an array, got ${preview(actual, 120)}`);
        return;
      }
      if (actual.length !== items.length) {
        problems.push(`${path}: expected ${items.length} item(s), got ${actual.length}`);
        return;
      }
      for (let index = 0; index < items.length; index++) (items[index] as Matcher)(actual[index], problems);
    };
  }
  if (typeof expected === 'object' && expected !== null) {
    const keys = Object.entries(expected).map(([key, value]) => {
      const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      return { key, value, childPath, match: compile(value, childPath) };
    });
    return (actual, problems) => {
      if (problems.length >= PROBLEM_LIMIT) return;
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
        problems.push(`${path}: expected an object, got ${preview(actual, 120)}`);
        return;
      }
      for (const { key, value, childPath, match } of keys) {
        if (!(key in actual)) {
          if (problems.length < PROBLEM_LIMIT) {
            problems.push(`${childPath}: expected ${preview(value, 120)}, but it is missing`);
          }
        } else match((actual as Record<string, unknown>)[key], problems);
      }
    };
  }
  return (actual, problems) => {
    if (problems.length >= PROBLEM_LIMIT) return;
    if (!Object.is(expected, actual)) {
      problems.push(`${path}: expected ${preview(expected, 120)}, got ${preview(actual, 120)}`);
    }
  };
}
