// What a hook's check plan needs of its Lambda Timeout, as a provider reads it from the hook's code.
// Types only: the provider (which builds and loads the hook) lives elsewhere, so the doctor's rules
// depend on the shape, never on how it is read.
import type { SamFunction, SamModel } from '../template/model';

/**
 * How long a hook's plan takes and what it keeps back, in milliseconds, as its own shiftguard core
 * computes them (`reserveMs` and the largest `cleanupMs` of the plan, see core's
 * `hook/hook-invocation.ts`).
 */
export interface HookBudget {
  /** The least time the plan's checks take when everything passes (declared waits, load durations). */
  readonly minMs: number;
  /** The most they may take; undefined when a check is unbounded (a poll with no count, no timeout). */
  readonly maxMs: number | undefined;
  /** What the hook keeps back before Lambda's deadline to report (core's `reserveMs`). */
  readonly reserveMs: number;
  /** What the plan's cleanups need after its deadline (the plan's largest `cleanupMs`). */
  readonly cleanupMs: number;
  /** Where the budget was read, for messages (`hooks/pre-traffic.ts (createHook)`). */
  readonly source: string;
}

/** What a {@link HookBudgetProvider} is told besides the hook function. */
export interface HookBudgetContext {
  /** The template as read (the hook's code is found from its `CodeUri` and `Metadata`). */
  readonly model: SamModel;
  /** The template file, when read from one; code paths are relative to its directory. */
  readonly file: string | undefined;
  /** The directory relative paths are resolved from. */
  readonly cwd: string;
  /**
   * Says why the plan could not be read (not a shiftguard hook, a runtime other than Node.js, the
   * module threw while loading): the doctor reports it with the `info` it gives for an unread plan.
   */
  readonly notRead: (why: string) => void;
}

/**
 * Reads a hook function's plan budget; `undefined` when it cannot (after `context.notRead(why)`). It
 * must not throw for a hook it cannot read: a throw is the provider's own failure and stops the doctor.
 */
export type HookBudgetProvider = (
  fn: SamFunction,
  context: HookBudgetContext,
) => Promise<HookBudget | undefined>;
