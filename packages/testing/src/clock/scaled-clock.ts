import { performance } from 'node:perf_hooks';
import type { Clock, Validator } from '@shiftguard/kit';
import { inputValidator } from '../validate';
import { randomOrSeed } from './random-option';
import { MAX_TIMER_MS, timerDelay } from './timer-delay';

export interface ScaledClockOptions {
  /** Clock milliseconds per real millisecond: `60` runs a minute per second, `0.5` at half speed. */
  readonly scale: number;
  /** Epoch ms the clock starts at. Default: `Date.now()` when the clock is created. */
  readonly startAt?: number;
  /** Source of `random()`. Default `Math.random`; or give `seed`, never both. */
  readonly random?: () => number;
  /** Makes `random()` a repeatable sequence ({@link seededRandom} of this seed), from 0 to 2³²−1. */
  readonly seed?: number;
}

/**
 * A {@link Clock} running `scale` times faster than real time. `now()` and `wallTime()` read the same
 * number, epoch milliseconds from `startAt`, and both follow the process's monotonic time, so neither
 * jumps when the system clock is set. A timer of `ms` fires after `ms / scale` real milliseconds, and
 * never before its time on this clock. Like the kit's system clock, a pending timer does not keep the
 * process alive by itself, and its callback runs in the async context it was scheduled in (these are
 * Node's timers underneath).
 */
export interface ScaledClock extends Clock {
  readonly scale: number;
}

const OPTION_KEYS = ['scale', 'startAt', 'random', 'seed'] as const;
/** Epoch milliseconds a `Date` can hold. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Creates a {@link ScaledClock}: a canary deployment's 10-minute bake passes in 10 seconds at
 * `scale: 60`, with every timer, timeout and timestamp on the same accelerated time.
 *
 * @example
 * ```ts
 * const clock = createScaledClock({ scale: 60 }); // a minute per second
 * const emulator = await startEmulator({ clock });
 * await sleep(clock, 5 * 60_000); // five clock minutes: about five real seconds
 * ```
 */
export function createScaledClock(options: ScaledClockOptions): ScaledClock {
  const v: Validator = inputValidator('createScaledClock options');
  const checked = v.object(options, '', OPTION_KEYS);
  const scale = v.number(checked.scale, 'scale', { positive: true }) ?? v.fail('scale', 'is required');
  const startAt = v.integer(checked.startAt, 'startAt', { min: 0, max: MAX_EPOCH_MS }) ?? Date.now();
  const random = randomOrSeed(v, checked);

  const origin = performance.now();
  const now = () => startAt + (performance.now() - origin) * scale;

  return {
    scale,
    now,
    wallTime: now,
    setTimeout: (callback, ms) => {
      const dueAt = now() + timerDelay(ms);
      const handle: { timer: ReturnType<typeof setTimeout> | undefined } = { timer: undefined };
      const arm = (realMs: number) => {
        handle.timer = setTimeout(fire, Math.min(realMs, MAX_TIMER_MS));
        // A pending timer must never keep a test process alive by itself, as on the system clock.
        handle.timer.unref();
      };
      // Real timers may wake a fraction of a millisecond early, which `scale` magnifies: wait out the rest.
      const fire = () => {
        const remaining = dueAt - now();
        if (remaining > 0) arm(remaining / scale);
        else callback();
      };
      arm(timerDelay(ms) / scale);
      return handle;
    },
    clearTimeout: (handle) => {
      const timer = (handle as { timer?: ReturnType<typeof setTimeout> } | undefined)?.timer;
      if (timer !== undefined) clearTimeout(timer);
    },
    random: () => random(),
  };
}
