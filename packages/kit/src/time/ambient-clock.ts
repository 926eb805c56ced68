import { type Clock, systemClock } from './clock';

/**
 * Answers, at the moment it is called, the clock the code running now should use, or `undefined` to let
 * the system clock answer. It is called on every {@link defaultClock} method call, so it must be cheap
 * (an `AsyncLocalStorage.getStore()`, not a search).
 */
export type AmbientClockProvider = () => Clock | undefined;

/**
 * Where the provider lives: a key in the global symbol registry, not a module variable, because one
 * process may hold several copies of the kit (a hook bundled with esbuild carries its own), and every
 * copy must find the provider the emulator or simulator installed.
 */
const AMBIENT_CLOCK = Symbol.for('shiftguard.ambientClock');
/** Marks a timer handle with the clock that made it, under a registered key for the same reason. */
const TIMER_CLOCK = Symbol.for('shiftguard.ambientClock.timer');

type Realm = { [AMBIENT_CLOCK]?: unknown };

interface AmbientTimer {
  readonly [TIMER_CLOCK]: Clock;
  readonly handle: unknown;
}

function ambientClock(): Clock {
  const provider = (globalThis as Realm)[AMBIENT_CLOCK];
  if (typeof provider !== 'function') return systemClock;
  return (provider as AmbientClockProvider)() ?? systemClock;
}

/**
 * The clock shiftguard uses when none is injected (`toClock(undefined)`): the system clock, unless an
 * ambient clock provider says otherwise for the code running at that moment.
 *
 * Why: a deployment simulator (or the emulator) runs a user's hooks in-process on a virtual clock that
 * jumps minutes at a time. The hook was written for Lambda and injects no clock, yet its deadline,
 * retries, sleeps and `ctx.clock` must move with the Lambda context's `getRemainingTimeInMillis()`,
 * which runs on that virtual clock.
 *
 * The protocol: `globalThis[Symbol.for('shiftguard.ambientClock')]` may hold a function returning a
 * complete {@link Clock} or `undefined`; {@link installAmbientClock} puts one there. Every method of
 * this clock asks it at call time, so the answer can depend on the async context (the invocation) the
 * call is made in, and falls back to {@link systemClock}. Without a provider the cost is one property
 * read per call. A timer handle remembers the clock that armed it, so `clearTimeout` clears it there even
 * if it is called from another context.
 *
 * @example
 * ```ts
 * const clock = toClock(undefined); // defaultClock
 * await sleep(clock, 60_000); // a real minute, or a minute of the simulator's clock inside a simulated invocation
 * ```
 */
export const defaultClock: Clock = Object.freeze({
  now: () => ambientClock().now(),
  wallTime: () => ambientClock().wallTime(),
  setTimeout: (callback: () => void, ms: number): unknown => {
    const clock = ambientClock();
    const handle = clock.setTimeout(callback, ms);
    // The system clock's own handle needs no wrapper: an unmarked handle is always the system clock's.
    if (clock === systemClock) return handle;
    const timer: AmbientTimer = { [TIMER_CLOCK]: clock, handle };
    return timer;
  },
  clearTimeout: (handle: unknown) => {
    const owner = (handle as Partial<AmbientTimer> | null | undefined)?.[TIMER_CLOCK];
    if (owner === undefined) systemClock.clearTimeout(handle);
    else owner.clearTimeout((handle as AmbientTimer).handle);
  },
  random: () => ambientClock().random(),
});

/**
 * Makes `provider` the ambient clock provider of `realm` (default: this realm's `globalThis`) until the
 * returned function is called. A provider already installed (by another copy of the kit, or another
 * emulator) is not replaced but chained: it answers whenever `provider` returns `undefined`. Uninstalling
 * restores it, or, when a provider was installed over this one since, leaves this one in the chain
 * answering nothing. The returned function may be called more than once.
 *
 * @example
 * ```ts
 * const invocationClock = new AsyncLocalStorage<Clock>();
 * const uninstall = installAmbientClock(() => invocationClock.getStore());
 * await invocationClock.run(virtualClock, () => handler(event, context)); // the hook's timers run on virtualClock
 * uninstall();
 * ```
 */
export function installAmbientClock(provider: AmbientClockProvider, realm: object = globalThis): () => void {
  const holder = realm as Realm;
  const previous = holder[AMBIENT_CLOCK];
  const below = typeof previous === 'function' ? (previous as AmbientClockProvider) : undefined;
  let active = true;
  const chained: AmbientClockProvider = () => (active ? provider() : undefined) ?? below?.();
  holder[AMBIENT_CLOCK] = chained;
  return () => {
    if (!active) return;
    active = false;
    if (holder[AMBIENT_CLOCK] !== chained) return;
    if (below === undefined) delete holder[AMBIENT_CLOCK];
    else holder[AMBIENT_CLOCK] = below;
  };
}
