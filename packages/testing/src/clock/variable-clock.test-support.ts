// Shared by the emulator tests that move time by assigning a variable.
import { type Clock, systemClock } from '@shiftguard/kit';

/**
 * A clock whose `now()` and `wallTime()` both read `time()` (epoch ms: the test moves it by assigning
 * a variable), with real timers. Timestamps stay exactly where the test puts them while Lambda
 * timeouts and `delay` faults still fire on their own, after real time.
 */
export function variableClock(time: () => number): Clock {
  return {
    now: time,
    wallTime: time,
    setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
    random: Math.random,
  };
}
