import type { Clock } from '@shiftguard/kit';
import type { DeploymentInfo, DeploymentTarget } from '../deployment/deployment-context';
import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { PlanError } from '../errors';
import type { HookLogger } from '../telemetry/logger';
import type { HookMetrics } from '../telemetry/metrics';

/** What a check sees while it runs. */
export interface CheckContext {
  /** The function and versions under judgement. */
  readonly target: DeploymentTarget;
  /** The CodeDeploy deployment this run belongs to. */
  readonly deployment: DeploymentInfo;
  readonly lifecycleEvent: LifecycleEvent;
  /**
   * Fires when the check must stop: the hook's deadline, a `timeout()`, or a required sibling's failure.
   * Pass it to every SDK call and `fetch`; shiftguard stops waiting for the check when it fires anyway.
   */
  readonly signal: AbortSignal;
  readonly logger: HookLogger;
  /** Shared by all checks of one run: a place for one check to leave what a later one needs. */
  readonly state: Map<string, unknown>;
  /** True under `dryRun()`: the check should avoid side effects (writes, purchases, messages). */
  readonly dryRun: boolean;
  /** Milliseconds left before the hook must stop checking and report. */
  remainingTimeMs(): number;
  /**
   * The hook's clock: measure, wait (`sleep(ctx.clock, ms, ctx.signal)`) and draw randomness with it
   * rather than with globals, so a simulator running the hook on a scaled clock moves the check too.
   */
  readonly clock: Clock;
  /**
   * The hook's EMF metrics (Powertools `singleMetric()`), for a check's own figures, such as a
   * journey's per step. With metrics turned off, and under `runPlan` unless given, they go nowhere.
   */
  readonly metrics: HookMetrics;
  /**
   * Milliseconds this check may still spend undoing what it did once its signal fires: while it has
   * not, `remainingTimeMs()` plus the check's `cleanupMs`; after, what is left of them. The runner
   * waits that long for the check before reporting it. `0` for a check without `cleanupMs`.
   */
  cleanupTimeMs(): number;
}

/**
 * A check passes by resolving and fails by throwing (ideally a `CheckFailure` with details).
 *
 * @example
 * ```ts
 * const versionIsNumeric: Check = {
 *   name: 'target-version-is-numeric',
 *   run: (ctx) => { if (!/^\d+$/.test(ctx.target.targetVersion)) throw new CheckFailure('not a version'); },
 * };
 * ```
 */
export interface Check {
  /** Shown in logs, metrics and the report; keep it short and stable. */
  readonly name: string;
  /**
   * Resolve to pass (with {@link passWith} to put a message and details in the report); throw to fail.
   */
  run(ctx: CheckContext): unknown;
  /**
   * Milliseconds the check needs after its signal fires (the hook deadline, a `timeout()`) to undo
   * what it did, such as deleting a test order. The runner waits up to that long for it before
   * reporting it, and a hook keeps that much of its time back, so the cleanup runs even at the
   * deadline. Default 0: the check is reported as soon as its signal fires.
   */
  readonly cleanupMs?: number;
}

/**
 * Defines a check with a name and a run function; the same as writing the object literal, with
 * the name validated.
 *
 * @example
 * ```ts
 * const ping = defineCheck('ping', async (ctx) => { await fetch(url, { signal: ctx.signal }); });
 * ```
 */
export function defineCheck(name: string, run: (ctx: CheckContext) => unknown): Check {
  assertCheckName(name);
  return { name, run };
}

export function assertCheckName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new PlanError(`check name must be a non-empty string, got ${JSON.stringify(name) ?? typeof name}`);
  }
}
