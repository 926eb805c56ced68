import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { type PlanBudget, type PlanBudgetOptions, planBudgetOf } from '../plan/budget';
import type { Check } from '../plan/check';

/**
 * Where `createHook`'s handler and `shiftguardMiddleware`'s middleware carry their {@link HookRecord}.
 * In the global symbol registry because the tool reading it (a template doctor loading a bundled hook)
 * has its own copy of core, or none: the bundle's copy answers.
 */
export const HOOK_RECORD: unique symbol = Symbol.for('shiftguard.hook');

/**
 * An array a tool may put at `globalThis[HOOK_RECORDS]` before it imports a hook module: every
 * `createHook` and `shiftguardMiddleware` of that module then appends its record. That is how a
 * middleware's record is found, since middy's handler does not keep its middlewares. Nothing is kept
 * when no tool asked (as in Lambda).
 */
export const HOOK_RECORDS: unique symbol = Symbol.for('shiftguard.hook-records');

/** What a hook says about itself to a tool that loads its module without running it. */
export interface HookRecord {
  /** Which form made it. */
  readonly kind: 'createHook' | 'shiftguardMiddleware';
  /** The `reserveMs` option as given; undefined for the default (`hookTimeSplit` applies it). */
  readonly reserveMs: number | undefined;
  /** The `lifecycleEvent` option as given; undefined when the hook finds it in the AppSpec. */
  readonly lifecycleEvent: LifecycleEvent | undefined;
  /**
   * The time its plan needs ({@link planBudgetOf}), for the `lifecycleEvent` option unless `options`
   * names one. The middleware's counts its handler as one more check, unbounded.
   */
  budget(options?: PlanBudgetOptions): PlanBudget;
}

/**
 * The record `createHook` or `shiftguardMiddleware` left on `value`, or undefined.
 *
 * @example
 * ```ts
 * const { handler } = await import('./pre-traffic.js');
 * hookRecordOf(handler)?.budget(); // { minMs: 120_000, maxMs: undefined, cleanupMs: 0 }
 * ```
 */
export function hookRecordOf(value: unknown): HookRecord | undefined {
  if ((typeof value !== 'function' && typeof value !== 'object') || value === null) return undefined;
  const record = (value as { [HOOK_RECORD]?: unknown })[HOOK_RECORD];
  return typeof record === 'object' && record !== null ? (record as HookRecord) : undefined;
}

interface RecordSource {
  readonly kind: HookRecord['kind'];
  readonly checks: Check | readonly Check[] | undefined;
  readonly reserveMs: number | undefined;
  readonly lifecycleEvent: LifecycleEvent | undefined;
}

/**
 * Leaves the record on `target`, non-enumerable so that it changes nothing a user or middy sees, and
 * appends it to the registry when a tool put one there.
 */
export function attachHookRecord<T extends object>(target: T, source: RecordSource): T {
  const { kind, checks, reserveMs, lifecycleEvent } = source;
  const record: HookRecord = Object.freeze({
    kind,
    reserveMs,
    lifecycleEvent,
    budget(options: PlanBudgetOptions = {}): PlanBudget {
      const event = options.lifecycleEvent ?? lifecycleEvent;
      const planOptions = event === undefined ? {} : { lifecycleEvent: event };
      if (kind === 'createHook') return planBudgetOf(checks ?? [], planOptions);
      // The middleware's handler runs after the plan as one more required check, unbounded.
      const plan = checks === undefined ? undefined : planBudgetOf(checks, planOptions);
      return { minMs: plan?.minMs ?? 0, maxMs: undefined, cleanupMs: plan?.cleanupMs ?? 0 };
    },
  });
  Object.defineProperty(target, HOOK_RECORD, { value: record, enumerable: false });
  const registry = (globalThis as { [HOOK_RECORDS]?: unknown })[HOOK_RECORDS];
  if (Array.isArray(registry)) registry.push(record);
  return target;
}
