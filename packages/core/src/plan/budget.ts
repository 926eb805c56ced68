import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { PlanError } from '../errors';
import type { Check } from './check';
import { assertCheck, cleanupNeedOf, type PlanNode, planNodeOf } from './plan';

/** The time a plan needs, as far as its checks declare it ({@link Check.plannedMs}). */
export interface PlanBudget {
  /**
   * Least time the plan takes when every check runs in full: what its declared waits add up to.
   * `0` when no check declares one.
   */
  readonly minMs: number;
  /** Most time it can take; undefined when a check in it may run unbounded (declares no `max`). */
  readonly maxMs: number | undefined;
  /**
   * What the plan needs after its signal fires for its checks to clean up: the largest `cleanupMs` in
   * it, which a hook keeps back before its deadline (at most half its check time).
   */
  readonly cleanupMs: number;
}

/** Options of {@link planBudgetOf}. */
export interface PlanBudgetOptions {
  /**
   * The lifecycle event the plan will run in: an `onlyIn` check of the other one is skipped, so it
   * costs nothing. Default: not known, so such a check may run or not (its min counts as 0).
   */
  readonly lifecycleEvent?: LifecycleEvent;
}

/** A budget while it is added up: `max` is `Infinity` when unbounded, so sums and maxima need no cases. */
interface Span {
  readonly min: number;
  readonly max: number;
}

const NOTHING: Span = { min: 0, max: 0 };
const UNKNOWN: Span = { min: 0, max: Number.POSITIVE_INFINITY };

/**
 * The time a plan of checks needs, from what its checks declare (`plannedMs`) and how they are
 * combined: a sequence adds its checks up; `parallel` takes the longest (or, with a `concurrency`
 * below its size, what that many at a time can take); `retry` may take every attempt and every
 * backoff delay (its min is one passing attempt); `timeout(ms)` caps both at `ms` (the max at `ms`
 * plus the cleanup the runner waits for); `warnOnly` and `dryRun` change nothing; `onlyIn` may skip
 * (min 0). A check that declares nothing counts as 0 ms to unbounded. An array is a sequence, as in a
 * hook. Nothing runs: this reads the plan only.
 *
 * @throws PlanError when `plan` is not a check or an array of checks.
 * @example
 * ```ts
 * const plan = sequence([
 *   alarmGate({ alarms: ['orders-errors'], initialDelayMs: 60_000, count: 3, intervalMs: 30_000 }),
 *   timeout(loadProbe({ url, durationMs: 20_000 }), 25_000),
 * ]);
 * planBudgetOf(plan); // { minMs: 140_000, maxMs: undefined, cleanupMs: 0 }: the gate's calls are unbounded
 * ```
 */
export function planBudgetOf(plan: Check | readonly Check[], options: PlanBudgetOptions = {}): PlanBudget {
  if (typeof options !== 'object' || options === null) {
    throw new PlanError('planBudgetOf options must be an object');
  }
  const checks: readonly Check[] = Array.isArray(plan) ? plan : [plan as Check];
  checks.forEach((check, index) => {
    assertCheck(check, Array.isArray(plan) ? `plan[${index}]` : 'plan');
  });
  const span = sum(checks.map((check) => spanOf(check, options.lifecycleEvent)));
  return {
    minMs: span.min,
    maxMs: Number.isFinite(span.max) ? span.max : undefined,
    cleanupMs: cleanupNeedOf(checks),
  };
}

function spanOf(check: Check, lifecycleEvent: LifecycleEvent | undefined): Span {
  const node = planNodeOf(check);
  if (!node) return leafSpan(check);
  return nodeSpan(node, lifecycleEvent);
}

function leafSpan(check: Check): Span {
  const planned = check.plannedMs;
  if (planned === undefined) return UNKNOWN;
  return { min: planned.min ?? 0, max: planned.max ?? Number.POSITIVE_INFINITY };
}

function nodeSpan(node: PlanNode, lifecycleEvent: LifecycleEvent | undefined): Span {
  const of = (child: Check) => spanOf(child, lifecycleEvent);
  switch (node.kind) {
    case 'sequence':
      return sum(node.children.map(of));
    case 'parallel':
      return parallelSpan(node.children.map(of), node.concurrency);
    case 'retry':
      return retrySpan(of(node.child), node);
    case 'timeout': {
      const child = of(node.child);
      // At `ms` the runner fires the child's signal, then waits for its cleanup before moving on.
      return {
        min: Math.min(child.min, node.ms),
        max: Math.min(child.max, node.ms + cleanupNeedOf(node.child)),
      };
    }
    case 'policy': {
      if (node.onlyIn === undefined) return of(node.child);
      if (lifecycleEvent === undefined) return { min: 0, max: of(node.child).max };
      return node.onlyIn === lifecycleEvent ? of(node.child) : NOTHING;
    }
    default:
      throw new PlanError('unknown plan node');
  }
}

function sum(spans: readonly Span[]): Span {
  return spans.reduce((total, span) => ({ min: total.min + span.min, max: total.max + span.max }), NOTHING);
}

/**
 * Children run `concurrency` at a time, each worker taking the next child as it frees (the kit's
 * pool). No schedule beats the longest child or the total spread evenly; and a greedy one ends by
 * (total − last) / concurrency + last ≤ total / concurrency + (1 − 1/concurrency) · longest (Graham's
 * bound), whatever order the children finish in.
 */
function parallelSpan(spans: readonly Span[], concurrency: number): Span {
  const longest = (values: number[]) => Math.max(0, ...values);
  const mins = spans.map((span) => span.min);
  const maxes = spans.map((span) => span.max);
  if (concurrency >= spans.length) return { min: longest(mins), max: longest(maxes) };
  const total = sum(spans);
  const min = Math.max(longest(mins), Math.floor(total.min / concurrency));
  if (!Number.isFinite(total.max)) return { min, max: Number.POSITIVE_INFINITY };
  const bound = total.max / concurrency + (1 - 1 / concurrency) * longest(maxes);
  return { min, max: Math.max(min, Math.ceil(bound)) };
}

function retrySpan(child: Span, node: Extract<PlanNode, { kind: 'retry' }>): Span {
  // A pass on the first attempt is the least it takes; every attempt and delay, the most.
  if (!Number.isFinite(child.max) || !node.fixedBackoff)
    return { min: child.min, max: Number.POSITIVE_INFINITY };
  let delays = 0;
  for (let attempt = 1; attempt < node.attempts; attempt++) delays += node.backoff(attempt);
  return { min: child.min, max: node.attempts * child.max + delays };
}
