import { PlanError } from '../errors';
import type { Check } from './check';
import { assertChecks, compositeCheck, planValidator } from './plan';

/** Options of {@link sequence}. */
export interface SequenceOptions {
  /** Name of the group in errors; defaults to `sequence(a, b, …)`. */
  name?: string;
}

/**
 * Runs checks one after another. After a required check fails, the rest are reported as skipped.
 *
 * @example
 * ```ts
 * sequence([smokeInvoke, httpProbe]);
 * ```
 */
export function sequence(checks: readonly Check[], options: SequenceOptions = {}): Check {
  if (!Array.isArray(checks)) throw new PlanError('sequence() takes an array of checks');
  assertChecks(checks, 'sequence checks');
  planValidator.object(options, 'sequence options', ['name'], { noun: 'sequence option' });
  planValidator.string(options.name, 'sequence name');
  return compositeCheck(options.name ?? groupName('sequence', checks), {
    kind: 'sequence',
    children: [...checks],
  });
}

export function groupName(kind: string, checks: readonly Check[]): string {
  return `${kind}(${checks.map((check) => check.name).join(', ')})`;
}
