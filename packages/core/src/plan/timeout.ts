import { PlanError } from '../errors';
import type { Check } from './check';
import { assertCheck, compositeCheck } from './plan';

/**
 * Gives a check (or group) at most `ms` milliseconds. Past that its signal fires, it is reported as
 * timed-out, and the plan moves on without waiting for it.
 *
 * @example
 * ```ts
 * timeout(smokeInvoke, 5_000);
 * ```
 */
export function timeout(check: Check, ms: number): Check {
  assertCheck(check, 'timeout check');
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new PlanError(`timeout must be a positive number of milliseconds, got ${String(ms)}`);
  }
  return compositeCheck(check.name, { kind: 'timeout', child: check, ms });
}
