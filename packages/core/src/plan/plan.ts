import { Validator } from '@shiftguard/kit';
import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { PlanError } from '../errors';
import type { Check } from './check';

/** Validates combinator options in the one vocabulary; a bad plan is a `PlanError`. */
export const planValidator: Validator = new Validator({
  error: (message, { cause }) => new PlanError(message, cause === undefined ? undefined : { cause }),
});

/** Backoff before retry attempt `attempt + 1`, in milliseconds. */
export type Backoff = (attempt: number) => number;

/** How a combinator asks the runner to run its children; the runner interprets these nodes. */
export type PlanNode =
  | { readonly kind: 'sequence'; readonly children: readonly Check[] }
  | {
      readonly kind: 'parallel';
      readonly children: readonly Check[];
      readonly failFast: boolean;
      readonly concurrency: number;
    }
  | {
      readonly kind: 'retry';
      readonly child: Check;
      readonly attempts: number;
      readonly backoff: Backoff;
      /** True when the backoff came from a number or an exponential spec: its delays are known before a run. */
      readonly fixedBackoff: boolean;
    }
  | { readonly kind: 'timeout'; readonly child: Check; readonly ms: number }
  | {
      readonly kind: 'policy';
      readonly child: Check;
      readonly required?: false;
      readonly dryRun?: true;
      readonly onlyIn?: LifecycleEvent;
    };

const PLAN_NODE = Symbol.for('shiftguard.plan-node');

interface CompositeCheck extends Check {
  readonly [PLAN_NODE]: PlanNode;
}

/** Builds the check a combinator returns: its children run through the plan runner, not through `run`. */
export function compositeCheck(name: string, node: PlanNode): Check {
  const check: CompositeCheck = {
    name,
    [PLAN_NODE]: node,
    run() {
      throw new PlanError(
        `"${name}" is a ${node.kind} combinator: pass it to createHook({ checks }) or runPlan(), not to run() directly`,
      );
    },
  };
  return check;
}

export function planNodeOf(check: Check): PlanNode | undefined {
  return (check as Partial<CompositeCheck>)[PLAN_NODE];
}

/** Validates that `value` is a usable check (or tree of checks), naming the first bad one. */
export function assertCheck(value: unknown, where: string): asserts value is Check {
  if (typeof value !== 'object' || value === null) {
    throw new PlanError(
      `${where} must be a check ({ name, run }), got ${value === null ? 'null' : typeof value}`,
    );
  }
  const candidate = value as Partial<Check>;
  if (typeof candidate.name !== 'string' || candidate.name.trim() === '') {
    throw new PlanError(`${where} needs a non-empty string name`);
  }
  if (typeof candidate.run !== 'function') {
    throw new PlanError(`${where} ("${candidate.name}") needs a run(ctx) function`);
  }
  const { cleanupMs } = candidate;
  if (cleanupMs !== undefined && !(typeof cleanupMs === 'number' && cleanupMs >= 0 && cleanupMs < Infinity)) {
    throw new PlanError(
      `${where} ("${candidate.name}") cleanupMs must be a finite number ≥ 0, got ${String(cleanupMs)}`,
    );
  }
  if (candidate.plannedMs !== undefined)
    assertPlannedMs(candidate.plannedMs, `${where} ("${candidate.name}")`);
}

/** A declared time budget must be one a reader can add up: finite, non-negative, `min ≤ max`. */
function assertPlannedMs(planned: unknown, where: string): void {
  const record = planValidator.object(planned, `${where} plannedMs`, ['min', 'max'], {
    noun: 'plannedMs key',
  });
  const bound = (key: 'min' | 'max'): number | undefined => {
    const value = record[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new PlanError(
        `${where} plannedMs.${key} must be a finite number of milliseconds ≥ 0, got ${String(value)}`,
      );
    }
    return value;
  };
  const min = bound('min') ?? 0;
  const max = bound('max');
  if (max !== undefined && max < min) {
    throw new PlanError(`${where} plannedMs.max (${max}) must be at least plannedMs.min (${min})`);
  }
}

/**
 * The time a plan needs after its signal fires for its checks to clean up: the largest `cleanupMs`
 * of any check in it, since a run stops all of them at once and each cleans up on its own.
 */
export function cleanupNeedOf(plan: Check | readonly Check[] | undefined): number {
  if (plan === undefined) return 0;
  if (Array.isArray(plan)) return Math.max(0, ...plan.map(cleanupNeedOf));
  const check = plan as Check;
  const node = planNodeOf(check);
  if (!node) return check.cleanupMs ?? 0;
  if (node.kind === 'sequence' || node.kind === 'parallel') {
    return Math.max(0, ...node.children.map(cleanupNeedOf));
  }
  return cleanupNeedOf(node.child);
}

export function assertChecks(values: readonly unknown[], where: string): asserts values is readonly Check[] {
  values.forEach((value, index) => {
    assertCheck(value, `${where}[${index}]`);
  });
}
