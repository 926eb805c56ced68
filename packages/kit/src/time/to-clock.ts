import { defaultClock } from './ambient-clock';
import type { Clock, ClockLike } from './clock';

/**
 * A complete {@link Clock} from what was injected. Nothing injected gives {@link defaultClock}: the system
 * clock, unless an emulator or simulator running this code in-process provides its own. A clock without
 * `wallTime` gets one that follows its `now()` from the wall time of this moment, so the two never drift
 * apart; without `random` it gets `Math.random`.
 *
 * @example
 * ```ts
 * const clock = toClock(options.clock); // options.clock ?? defaultClock, made complete
 * const deadlineAt = clock.now() + 5_000;
 * ```
 */
export function toClock(clock: ClockLike | undefined): Clock {
  if (clock === undefined) return defaultClock;
  if (typeof clock.wallTime === 'function' && typeof clock.random === 'function') return clock as Clock;
  const offset = Date.now() - clock.now();
  const wallTime =
    typeof clock.wallTime === 'function' ? () => clock.wallTime!() : () => offset + clock.now();
  const random = typeof clock.random === 'function' ? () => clock.random!() : Math.random;
  return {
    now: () => clock.now(),
    wallTime,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
    random,
  };
}
