import { InvalidOptionsError } from '../errors';
import { MAX_BUDGET_MS } from './lambda-context';
import { DEFAULT_RESERVE_MS } from './options';

/** How a hook divides the time an invocation starts with (see {@link hookTimeSplit}). */
export interface HookTimeSplit {
  /** Kept back from Lambda's deadline to report: the `reserveMs` option, or min(2000, remaining / 2). */
  readonly reserveMs: number;
  /**
   * Kept back after the plan's deadline for its checks to clean up: the plan's `cleanupMs`, at most
   * half of what the reserve leaves.
   */
  readonly cleanupReserveMs: number;
  /** What the plan's checks get: the rest. */
  readonly planMs: number;
}

/** Options of {@link hookTimeSplit}. */
export interface HookTimeSplitOptions {
  /** The hook's `reserveMs` option; undefined for the default. */
  readonly reserveMs?: number | undefined;
  /** What the plan needs to clean up (`planBudgetOf(plan).cleanupMs`). Default 0. */
  readonly cleanupMs?: number;
}

/**
 * How a hook divides `remainingMs` (a fresh invocation's: the function's `Timeout`, in milliseconds):
 * first the reserve to report (`reserveMs`, by default 2000 ms but never more than half the time, so a
 * 3 s hook still checks for 1.5 s), then what its checks need to clean up (at most half of what is
 * left), and the plan gets the rest. The rule every invocation of `createHook` and the middleware
 * applies, exposed so a tool reading a template can apply it to the function's `Timeout`. A time above
 * Lambda's 15-minute maximum counts as 15 minutes, as in a hook.
 *
 * @throws InvalidOptionsError for a negative or non-numeric time.
 * @example
 * ```ts
 * hookTimeSplit(3_000); // { reserveMs: 1_500, cleanupReserveMs: 0, planMs: 1_500 }
 * hookTimeSplit(60_000, { cleanupMs: 4_000 }); // { reserveMs: 2_000, cleanupReserveMs: 4_000, planMs: 54_000 }
 * ```
 */
export function hookTimeSplit(remainingMs: number, options: HookTimeSplitOptions = {}): HookTimeSplit {
  const milliseconds = (value: unknown, what: string): void => {
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new InvalidOptionsError(
        `hookTimeSplit ${what} must be a number of milliseconds ≥ 0, got ${String(value)}`,
      );
    }
  };
  milliseconds(remainingMs, 'remainingMs');
  if (options.reserveMs !== undefined) milliseconds(options.reserveMs, 'reserveMs');
  if (options.cleanupMs !== undefined) milliseconds(options.cleanupMs, 'cleanupMs');
  const remaining = Math.min(MAX_BUDGET_MS, remainingMs);
  const reserveMs = options.reserveMs ?? Math.min(DEFAULT_RESERVE_MS, remaining / 2);
  const checkTime = Math.max(0, remaining - reserveMs);
  // Never more than half: a plan that asks for more cleanup than that would have no time to check.
  const cleanupReserveMs = Math.min(options.cleanupMs ?? 0, checkTime / 2);
  return { reserveMs, cleanupReserveMs, planMs: checkTime - cleanupReserveMs };
}
