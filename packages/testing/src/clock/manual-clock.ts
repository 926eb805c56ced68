import { AsyncResource } from 'node:async_hooks';
import type { Clock, Validator } from '@shiftguard/kit';
import { ManualClockError } from '../errors';
import { inputValidator } from '../validate';
import { randomOrSeed } from './random-option';
import { timerDelay } from './timer-delay';

export interface ManualClockOptions {
  /** Epoch ms the clock starts at. Default: `Date.now()` when the clock is created. */
  readonly startAt?: number;
  /** Source of `random()`. Default `Math.random`; or give `seed`, never both. */
  readonly random?: () => number;
  /** Makes `random()` a repeatable sequence ({@link seededRandom} of this seed), from 0 to 2³²−1. */
  readonly seed?: number;
}

/** A timer that has not fired yet, in the order timers fire. */
export interface PendingTimer {
  /** When it fires, on the clock's `now()` scale. */
  readonly dueAt: number;
  /** The delay it was scheduled with (after the clamping every clock applies). */
  readonly delayMs: number;
}

/**
 * A {@link Clock} whose time moves only when told. `now()` and `wallTime()` read the same number, epoch
 * milliseconds, so a time read from either can be handed to the other or to {@link ManualClock.advanceTo}.
 *
 * Driving it is asynchronous: after each timer it fires it lets the promise callbacks that timer set off
 * run (one turn of the event loop), so code awaiting a timer has continued, and scheduled whatever it
 * schedules next, before a later timer fires. Real I/O (an HTTP round trip to the emulator) takes longer
 * than that: advance in steps and wait for the I/O between them.
 *
 * Drive it from one place: calling one of the driving methods while another is still running throws
 * {@link ManualClockError} (`overlapping`).
 *
 * As with Node's own timers, a callback runs in the async context it was scheduled in, not in the
 * driver's: code after a timer inside an emulated invocation still logs to that invocation and sees its
 * environment.
 */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer due by then in time order (timers due at the same
   * instant in the order they were scheduled), including timers those timers schedule. Time ends at the
   * target even if no timer was due. A timer callback that throws rejects with its error, the clock left
   * at that timer's time.
   */
  advance(ms: number): Promise<void>;
  /** {@link advance} to an absolute time on the `now()` scale; a time in the past is refused. */
  advanceTo(time: number): Promise<void>;
  /** Moves time to the earliest pending timer and fires it (and any other timer due at that instant): `false` when none was pending. */
  next(): Promise<boolean>;
  /**
   * Fires pending timers, and the timers they schedule, until none is left; resolves with how many fired.
   * A clock that would never run dry (a timer that always reschedules itself) throws
   * {@link ManualClockError} (`runaway`) after `maxTimers` (default 10,000).
   */
  runAll(options?: { readonly maxTimers?: number }): Promise<number>;
  /** Timers scheduled and not yet fired or cleared, in the order they will fire. */
  pendingTimers(): PendingTimer[];
}

interface Timer extends PendingTimer {
  readonly handle: object;
  readonly callback: () => void;
  /** The async context the timer was scheduled in, which its callback runs in. */
  readonly context: AsyncResource;
}

const OPTION_KEYS = ['startAt', 'random', 'seed'] as const;
/** Epoch milliseconds a `Date` can hold. */
const MAX_EPOCH_MS = 8.64e15;
/** Timers firing at one instant this many times over, time not moving, are a loop rather than a schedule. */
const MAX_TIMERS_AT_ONE_INSTANT = 10_000;
/** What `runAll()` fires at most unless told otherwise. */
const DEFAULT_MAX_TIMERS = 10_000;

/**
 * Creates a {@link ManualClock}: time stands still until the test moves it, so a 10-minute Lambda
 * timeout or a hook's deadline is reached in milliseconds of real time, at exactly the instant the test
 * chooses.
 *
 * @example
 * ```ts
 * const clock = createManualClock({ startAt: Date.UTC(2024, 0, 1) });
 * const emulator = await startEmulator({ clock });
 * const context = createLambdaContext({ clock, timeoutMs: 60_000 });
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 1_000);
 * await clock.advance(5_000); // fired === [Date.UTC(2024, 0, 1) + 1_000]
 * context.getRemainingTimeInMillis(); // 55_000
 * ```
 */
export function createManualClock(options: ManualClockOptions = {}): ManualClock {
  const v: Validator = inputValidator('createManualClock options');
  const checked = v.object(options, '', OPTION_KEYS);
  const startAt = v.integer(checked.startAt, 'startAt', { min: 0, max: MAX_EPOCH_MS });
  const random = randomOrSeed(v, checked);

  let current = startAt ?? Date.now();
  const timers: Timer[] = [];
  let driving = false;

  const schedule = (callback: () => void, ms: number): object => {
    const delayMs = timerDelay(ms);
    // Fired from the driver's context (the test calling advance()), a callback would lose the async
    // context it was scheduled in: an invocation's log capture, environment and ambient clock. Node's own
    // timers keep it, so these do too. A resource destroyed by hand, not AsyncResource.bind: the simulator
    // schedules thousands of timers, and bind costs some 20 µs each on Node 20 against 0.2 µs for this.
    const context = new AsyncResource('ShiftguardManualClockTimer', { requireManualDestroy: true });
    const timer: Timer = { handle: {}, callback, context, dueAt: current + delayMs, delayMs };
    // After every timer due at the same instant or earlier: equal times fire in scheduling order.
    let low = 0;
    let high = timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((timers[middle] as Timer).dueAt <= timer.dueAt) low = middle + 1;
      else high = middle;
    }
    timers.splice(low, 0, timer);
    return timer.handle;
  };

  const cancel = (handle: unknown): void => {
    const index = timers.findIndex((timer) => timer.handle === handle);
    if (index === -1) return;
    timers[index]?.context.emitDestroy();
    timers.splice(index, 1);
  };

  /** Runs `work` as the only driver, after the promise callbacks already queued have run. */
  const drive = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    if (driving) {
      throw new ManualClockError(
        `ManualClock.${what}() was called while another advance was still running: await each one`,
        { reason: 'overlapping' },
      );
    }
    driving = true;
    try {
      await turn();
      return await work();
    } finally {
      driving = false;
    }
  };

  /** Fires the earliest timer if it is due by `until`; false when none is. */
  const fireNext = async (until: number): Promise<boolean> => {
    const timer = timers[0];
    if (timer === undefined || timer.dueAt > until) return false;
    timers.shift();
    current = Math.max(current, timer.dueAt);
    try {
      timer.context.runInAsyncScope(timer.callback);
    } finally {
      timer.context.emitDestroy();
    }
    await turn();
    return true;
  };

  const runUntil = async (target: number): Promise<void> => {
    let atThisInstant = 0;
    let instant = current;
    while (await fireNext(target)) {
      atThisInstant = current === instant ? atThisInstant + 1 : 1;
      instant = current;
      if (atThisInstant > MAX_TIMERS_AT_ONE_INSTANT) {
        throw runaway(
          `${MAX_TIMERS_AT_ONE_INSTANT} timers fired at ${instant} without time moving: does a timer reschedule itself with no delay?`,
        );
      }
    }
    current = Math.max(current, target);
  };

  return {
    now: () => current,
    wallTime: () => current,
    setTimeout: schedule,
    clearTimeout: cancel,
    random: () => random(),
    advance: async (ms) => {
      const delay = nonNegative('advance', 'ms', ms);
      await drive('advance', () => runUntil(current + delay));
    },
    advanceTo: async (time) => {
      const target = nonNegative('advanceTo', 'time', time);
      if (target < current) {
        inputValidator('ManualClock.advanceTo() argument').fail(
          'time',
          `is ${current - target} ms in the past (now ${current}): a clock only moves forward`,
        );
      }
      await drive('advanceTo', () => runUntil(target));
    },
    next: () =>
      drive('next', async () => {
        const first = timers[0];
        if (first === undefined) return false;
        await runUntil(first.dueAt);
        return true;
      }),
    runAll: async (runOptions = {}) => {
      const input: Validator = inputValidator('ManualClock.runAll() options');
      const checkedRun = input.object(runOptions, '', ['maxTimers']);
      const maxTimers = input.integer(checkedRun.maxTimers, 'maxTimers', { min: 0 }) ?? DEFAULT_MAX_TIMERS;
      return drive('runAll', async () => {
        let fired = 0;
        while (timers.length > 0) {
          if (fired === maxTimers) {
            throw runaway(
              `runAll() fired ${maxTimers} timers and more are pending: is a timer rescheduling itself? Raise maxTimers or advance() by a bounded time`,
            );
          }
          await fireNext(Number.POSITIVE_INFINITY);
          fired += 1;
        }
        return fired;
      });
    },
    pendingTimers: () => timers.map(({ dueAt, delayMs }) => ({ dueAt, delayMs })),
  };
}

/** One turn of the event loop: every promise callback queued so far, and those they queue, has run. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function runaway(message: string): ManualClockError {
  return new ManualClockError(`ManualClock: ${message}`, { reason: 'runaway' });
}

function nonNegative(method: string, name: string, value: unknown): number {
  const v: Validator = inputValidator(`ManualClock.${method}() argument`);
  return v.number(value, name, { min: 0 }) ?? v.fail(name, 'is required');
}
