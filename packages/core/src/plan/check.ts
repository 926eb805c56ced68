import type { Clock } from '@shiftguard/kit';
import type { DeploymentInfo, DeploymentTarget } from '../deployment/deployment-context';
import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { PlanError } from '../errors';
import type { HookLogger } from '../telemetry/logger';
import type { HookMetrics } from '../telemetry/metrics';
import { assertCheck, planValidator } from './plan';

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
  /**
   * How long the check takes when it runs in full, as far as its options make it certain: read by
   * {@link planBudgetOf} (a template doctor holds a hook's Lambda timeout to it), never by the runner.
   * Leave it out when nothing is certain; a check without it counts as taking 0 ms to unbounded.
   */
  readonly plannedMs?: PlannedMs;
}

/**
 * The time a check declares it takes when it runs in full (passes). Both bounds in milliseconds.
 *
 * @example
 * ```ts
 * // Waits 60 s before its one measurement, and no timeout bounds the measurement.
 * const planned: PlannedMs = { min: 60_000 };
 * ```
 */
export interface PlannedMs {
  /** What its own waits add up to: a pass takes at least this long. Default 0. */
  readonly min?: number;
  /** Longest it can take, counting its own cleanup; leave it out when nothing bounds it. At least `min`. */
  readonly max?: number;
}

/** Options of {@link defineCheck}: what an object literal would declare beside `name` and `run`. */
export interface DefineCheckOptions {
  /** See {@link Check.cleanupMs}. */
  readonly cleanupMs?: number;
  /** See {@link Check.plannedMs}. */
  readonly plannedMs?: PlannedMs;
}

/**
 * Defines a check with a name and a run function; the same as writing the object literal, with
 * the name (and the options, when given) validated.
 *
 * @example
 * ```ts
 * const ping = defineCheck('ping', async (ctx) => { await fetch(url, { signal: ctx.signal }); });
 * // A check that waits 30 s and gives up after 45: a template doctor can hold the hook's Timeout to it.
 * const settle = defineCheck('settle', (ctx) => waitForQueue(ctx), { plannedMs: { min: 30_000, max: 45_000 } });
 * ```
 */
export function defineCheck(
  name: string,
  run: (ctx: CheckContext) => unknown,
  options?: DefineCheckOptions,
): Check {
  assertCheckName(name);
  if (options === undefined) return { name, run };
  planValidator.object(options, 'defineCheck options', ['cleanupMs', 'plannedMs'], {
    noun: 'defineCheck option',
  });
  const check: Check = {
    name,
    run,
    ...(options.cleanupMs !== undefined && { cleanupMs: options.cleanupMs }),
    ...(options.plannedMs !== undefined && { plannedMs: options.plannedMs }),
  };
  assertCheck(check, `defineCheck("${name}")`);
  return check;
}

export function assertCheckName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new PlanError(`check name must be a non-empty string, got ${JSON.stringify(name) ?? typeof name}`);
  }
}
