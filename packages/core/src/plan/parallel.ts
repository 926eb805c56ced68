import { PlanError } from '../errors';
import type { Check } from './check';
import { assertChecks, compositeCheck, planValidator } from './plan';
import { groupName } from './sequence';

/** Options of {@link parallel}. */
export interface ParallelOptions {
  name?: string;
  /** Abort the running siblings as soon as a required check fails. Default `true`. */
  failFast?: boolean;
  /** How many checks run at once. Default: all of them. */
  concurrency?: number;
}

/**
 * Runs checks at the same time. By default a required failure cancels the siblings still running
 * (they see `ctx.signal` fire and are reported as skipped), so the verdict comes without waiting.
 *
 * @example
 * ```ts
 * parallel([probeHome, probeCheckout], { concurrency: 2 });
 * ```
 */
export function parallel(checks: readonly Check[], options: ParallelOptions = {}): Check {
  if (!Array.isArray(checks)) throw new PlanError('parallel() takes an array of checks');
  assertChecks(checks, 'parallel checks');
  planValidator.object(options, 'parallel options', ['name', 'failFast', 'concurrency'], {
    noun: 'parallel option',
  });
  planValidator.string(options.name, 'parallel name');
  const { failFast = true, concurrency = Number.POSITIVE_INFINITY } = options;
  if (typeof failFast !== 'boolean') throw new PlanError('parallel failFast must be a boolean');
  if (!(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))) {
    throw new PlanError(`parallel concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  return compositeCheck(options.name ?? groupName('parallel', checks), {
    kind: 'parallel',
    children: [...checks],
    failFast,
    concurrency,
  });
}
