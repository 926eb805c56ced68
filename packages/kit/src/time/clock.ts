/**
 * Where time, timers and randomness come from. One contract for the hook runtime, the plan runner,
 * retries and backoff, every check (`ctx.clock`) and the emulator, so that a simulator driving one
 * clock object moves a Lambda timeout and a hook's deadline together.
 *
 * Only `now`, `setTimeout` and `clearTimeout` are required; {@link toClock} fills in the rest.
 *
 * @example
 * ```ts
 * const clock: Clock = systemClock;
 * const startedAt = clock.now();
 * await sleep(clock, 100, signal);
 * const tookMs = clock.now() - startedAt;
 * ```
 */
export interface Clock {
  /** Monotonic milliseconds since an arbitrary origin: deadlines, durations, timeouts. */
  now(): number;
  /**
   * Wall time in epoch milliseconds: timestamps that leave the process (metric datapoints, AWS
   * fields, reports). Follows `now()`: both move together on a controlled clock.
   */
  wallTime(): number;
  /** Calls `callback` after `ms` milliseconds of this clock's time; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** A number in [0, 1): jitter, weighted routing, sampling. Seed it to make a run repeatable. */
  random(): number;
}

/** What a caller may inject: the three timing methods, with wall time and randomness optional. */
export type ClockLike = Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'> &
  Partial<Pick<Clock, 'wallTime' | 'random'>>;

/** Node fires any longer timer after 1 ms; nothing shiftguard waits for is that long (Lambda: 15 min). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The process's own time: `performance.now`, `Date.now`, global timers (unref'd), `Math.random`. Always
 * these, whatever runs it; what shiftguard uses when no clock is injected is {@link defaultClock}, which
 * an emulator can redirect.
 */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  wallTime: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => {
    const handle = setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // A pending shiftguard timer must never keep a Lambda (or a test) process alive by itself.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
});

/** Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
