import { isPlainObject } from '@shiftguard/kit';
/** One place where two responses differ. */
export interface Difference {
  /** Dot path from the payload root, e.g. `body.items.0.price`. */
  readonly path: string;
  readonly current: unknown;
  readonly target: unknown;
}

/**
 * Lists the differences between two JSON values, skipping `ignore` paths. A path segment `*` in an
 * ignore pattern matches any one key or index (`items.*.id`).
 */
export function deepDiff(
  current: unknown,
  target: unknown,
  ignore: readonly string[] = [],
  limit = 20,
): Difference[] {
  const patterns = ignore.map((pattern) => pattern.split('.'));
  const differences: Difference[] = [];
  walk(current, target, [], patterns, differences, limit);
  return differences;
}

function ignored(path: readonly string[], patterns: readonly string[][]): boolean {
  return patterns.some(
    (pattern) =>
      pattern.length === path.length &&
      pattern.every((segment, index) => segment === '*' || segment === path[index]),
  );
}

function walk(
  current: unknown,
  target: unknown,
  path: string[],
  patterns: readonly string[][],
  differences: Difference[],
  limit: number,
): void {
  if (differences.length >= limit || ignored(path, patterns)) return;
  const bothArrays = Array.isArray(current) && Array.isArray(target);
  const bothObjects = isPlainObject(current) && isPlainObject(target);
  if (bothArrays) {
    const length = Math.max(current.length, target.length);
    for (let index = 0; index < length; index++) {
      walk(current[index], target[index], [...path, String(index)], patterns, differences, limit);
    }
    return;
  }
  if (bothObjects) {
    const keys = new Set([...Object.keys(current), ...Object.keys(target)]);
    for (const key of keys) walk(current[key], target[key], [...path, key], patterns, differences, limit);
    return;
  }
  if (!Object.is(current, target)) differences.push({ path: path.join('.') || '(root)', current, target });
}
