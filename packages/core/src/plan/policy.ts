import { isLifecycleEvent, type LifecycleEvent } from '../deployment/lifecycle-event';
import { PlanError } from '../errors';
import type { Check } from './check';
import { assertCheck, compositeCheck } from './plan';

/**
 * Runs a check and reports its result, but its failure never fails the hook. For checks you are
 * still tuning, or signals you want to see without gating on them.
 *
 * @example
 * ```ts
 * warnOnly(compareLatencyToCurrentVersion);
 * ```
 */
export function warnOnly(check: Check): Check {
  assertCheck(check, 'warnOnly check');
  return compositeCheck(check.name, { kind: 'policy', child: check, required: false });
}

/**
 * Runs a check in dry-run mode: `ctx.dryRun` is true so it should skip side effects, its result is
 * reported (marked `dryRun`), and it never fails the hook.
 *
 * @example
 * ```ts
 * dryRun(placeTestOrder);
 * ```
 */
export function dryRun(check: Check): Check {
  assertCheck(check, 'dryRun check');
  return compositeCheck(check.name, { kind: 'policy', child: check, required: false, dryRun: true });
}

/**
 * Runs a check only in one lifecycle event; in the other it is reported as skipped.
 *
 * @example
 * ```ts
 * onlyIn('AfterAllowTraffic', errorRateGate);
 * ```
 */
export function onlyIn(lifecycleEvent: LifecycleEvent, check: Check): Check {
  if (!isLifecycleEvent(lifecycleEvent)) {
    throw new PlanError(
      `onlyIn lifecycle event must be 'BeforeAllowTraffic' or 'AfterAllowTraffic', got ${JSON.stringify(lifecycleEvent)}`,
    );
  }
  assertCheck(check, 'onlyIn check');
  return compositeCheck(check.name, { kind: 'policy', child: check, onlyIn: lifecycleEvent });
}
