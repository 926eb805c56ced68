import { AsyncLocalStorage } from 'node:async_hooks';
import { sleep, toClock } from '@shiftguard/kit';
import { createManualClock, InvalidEmulatorInputError, ManualClockError, seededRandom } from '../index';

const START = Date.UTC(2024, 0, 1);

describe('createManualClock', () => {
  it('stands still at startAt, with the same number for now() and wallTime()', async () => {
    const clock = createManualClock({ startAt: START });

    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(clock.now()).toBe(START);
    expect(clock.wallTime()).toBe(START);
    expect(toClock(clock)).toBe(clock);
  });

  it('starts at the current time by default', () => {
    const before = Date.now();
    const clock = createManualClock();

    expect(clock.now()).toBeGreaterThanOrEqual(before);
    expect(clock.now()).toBeLessThanOrEqual(Date.now());
  });

  it('fires due timers in time order, equal times in the order they were scheduled, at their own time', async () => {
    const clock = createManualClock({ startAt: START });
    const fired: [string, number][] = [];
    const at = (name: string) => () => fired.push([name, clock.now() - START]);
    clock.setTimeout(at('c'), 300);
    clock.setTimeout(at('a'), 100);
    clock.setTimeout(at('b1'), 200);
    clock.setTimeout(at('b2'), 200);
    clock.setTimeout(at('late'), 1_001);

    await clock.advance(1_000);

    expect(fired).toEqual([
      ['a', 100],
      ['b1', 200],
      ['b2', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(START + 1_000);
    expect(clock.pendingTimers()).toEqual([{ dueAt: START + 1_001, delayMs: 1_001 }]);
  });

  it('moves to the target even when no timer is due, and fires nothing early', async () => {
    const clock = createManualClock({ startAt: START });
    const callback = jest.fn();
    clock.setTimeout(callback, 500);

    await clock.advance(499);
    expect(callback).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(callback).toHaveBeenCalledTimes(1);
    await clock.advance(0);
    expect(clock.now()).toBe(START + 500);
  });

  it('never fires a cleared timer, also when cleared by a timer due at the same instant', async () => {
    const clock = createManualClock({ startAt: START });
    const fired: string[] = [];
    const cleared = clock.setTimeout(() => fired.push('cleared'), 100);
    clock.clearTimeout(cleared);
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(second);
    }, 200);
    const second = clock.setTimeout(() => fired.push('second'), 200);
    clock.clearTimeout({});
    clock.clearTimeout(undefined);

    await clock.advance(1_000);

    expect(fired).toEqual(['first']);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('fires timers scheduled from inside timers when they fall due within the same advance', async () => {
    const clock = createManualClock({ startAt: START });
    const fired: [string, number][] = [];
    const at = (name: string) => () => fired.push([name, clock.now() - START]);
    clock.setTimeout(() => {
      at('outer')();
      clock.setTimeout(at('inner +50'), 50);
      clock.setTimeout(at('inner +0'), 0);
      clock.setTimeout(at('inner +900'), 900);
    }, 100);
    clock.setTimeout(at('other'), 120);

    await clock.advance(500);

    expect(fired).toEqual([
      ['outer', 100],
      ['inner +0', 100],
      ['other', 120],
      ['inner +50', 150],
    ]);
    expect(clock.pendingTimers()).toEqual([{ dueAt: START + 1_000, delayMs: 900 }]);
  });

  it('lets code awaiting a timer continue, through several awaits, before the next timer fires', async () => {
    const clock = createManualClock({ startAt: START });
    const steps: [string, number][] = [];
    const step = (name: string) => steps.push([name, clock.now() - START]);
    const flow = (async () => {
      await sleep(clock, 100);
      step('woke at 100');
      await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      await sleep(clock, 10);
      step('woke at 110');
    })();
    clock.setTimeout(() => step('independent timer at 105'), 105);
    clock.setTimeout(() => step('independent timer at 150'), 150);

    await clock.advance(1_000);
    await flow;

    expect(steps).toEqual([
      ['woke at 100', 100],
      ['independent timer at 105', 105],
      ['woke at 110', 110],
      ['independent timer at 150', 150],
    ]);
  });

  it('sees timers scheduled by promise callbacks pending when advance() is called', async () => {
    const clock = createManualClock({ startAt: START });
    const callback = jest.fn();
    void Promise.resolve().then(() => clock.setTimeout(callback, 10));

    await clock.advance(10);

    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('runs each callback in the async context it was scheduled in, as Node timers do, not in the driver’s', async () => {
    const clock = createManualClock({ startAt: START });
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    context.run('first', () => clock.setTimeout(() => seen.push(context.getStore()), 10));
    context.run('second', () =>
      clock.setTimeout(() => {
        seen.push(context.getStore());
        // A timer scheduled from a timer inherits that timer's context.
        clock.setTimeout(() => seen.push(context.getStore()), 10);
      }, 20),
    );
    clock.setTimeout(() => seen.push(context.getStore()), 5);

    await context.run('driver', () => clock.advance(100));

    expect(seen).toEqual([undefined, 'first', 'second', 'second']);
  });

  it('works with the kit sleep and its abort signal', async () => {
    const clock = createManualClock({ startAt: START });
    const controller = new AbortController();
    const slept = sleep(clock, 1_000, controller.signal);
    expect(clock.pendingTimers()).toHaveLength(1);

    controller.abort(new Error('stop'));

    await expect(slept).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('advanceTo moves to an absolute time and refuses one in the past', async () => {
    const clock = createManualClock({ startAt: START });
    const callback = jest.fn();
    clock.setTimeout(callback, 60_000);

    await clock.advanceTo(START + 60_000);

    expect(callback).toHaveBeenCalledTimes(1);
    expect(clock.now()).toBe(START + 60_000);
    await expect(clock.advanceTo(START)).rejects.toThrow(InvalidEmulatorInputError);
    await expect(clock.advanceTo(START)).rejects.toThrow('"time" is 60000 ms in the past');
  });

  it('next() jumps to the earliest timer and fires it, with anything due at that instant', async () => {
    const clock = createManualClock({ startAt: START });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 2_000);
    clock.setTimeout(() => {
      fired.push('a');
      clock.setTimeout(() => fired.push('a, no delay'), 0);
    }, 1_000);

    expect(await clock.next()).toBe(true);
    expect(fired).toEqual(['a', 'a, no delay']);
    expect(clock.now()).toBe(START + 1_000);
    expect(await clock.next()).toBe(true);
    expect(clock.now()).toBe(START + 2_000);
    expect(await clock.next()).toBe(false);
    expect(clock.now()).toBe(START + 2_000);
  });

  it('runAll() fires everything, timers scheduled on the way included, and says how many', async () => {
    const clock = createManualClock({ startAt: START });
    let ticks = 0;
    const tick = () => {
      ticks += 1;
      if (ticks < 5) clock.setTimeout(tick, 60_000);
    };
    clock.setTimeout(tick, 60_000);
    clock.setTimeout(() => {}, 10);

    expect(await clock.runAll()).toBe(6);
    expect(ticks).toBe(5);
    expect(clock.now()).toBe(START + 5 * 60_000);
  });

  it('stops a clock that never runs dry with ManualClockError (runaway)', async () => {
    const clock = createManualClock({ startAt: START });
    const forever = () => clock.setTimeout(forever, 1_000);
    forever();

    await expect(clock.runAll({ maxTimers: 50 })).rejects.toMatchObject({
      name: 'ManualClockError',
      code: 'SG_EMULATOR_MANUAL_CLOCK',
      reason: 'runaway',
    });
    expect(clock.now()).toBe(START + 50_000);
  });

  it('stops timers rescheduling themselves with no delay, which would never let time reach the target', async () => {
    const clock = createManualClock({ startAt: START });
    const spin = () => clock.setTimeout(spin, 0);
    clock.setTimeout(spin, 10);

    const error = await clock.advance(1_000).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ManualClockError);
    expect(error).toMatchObject({ reason: 'runaway' });
    expect(clock.now()).toBe(START + 10);
  });

  it('refuses to be driven from two places at once', async () => {
    const clock = createManualClock({ startAt: START });
    clock.setTimeout(() => {}, 100);

    const first = clock.advance(100);
    await expect(clock.advance(100)).rejects.toMatchObject({ reason: 'overlapping' });
    await expect(clock.next()).rejects.toBeInstanceOf(ManualClockError);
    await first;

    expect(clock.now()).toBe(START + 100);
  });

  it('rejects advance() with the error a timer callback throws, at that timer’s time', async () => {
    const clock = createManualClock({ startAt: START });
    const after = jest.fn();
    clock.setTimeout(() => {
      throw new Error('callback failed');
    }, 100);
    clock.setTimeout(after, 200);

    await expect(clock.advance(1_000)).rejects.toThrow('callback failed');

    expect(clock.now()).toBe(START + 100);
    expect(after).not.toHaveBeenCalled();
    await clock.advance(100);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('treats delays as the system clock does: negative or NaN is 0, past 2³¹−1 ms clamped', () => {
    const clock = createManualClock({ startAt: START });
    clock.setTimeout(() => {}, -5);
    clock.setTimeout(() => {}, Number.NaN);
    clock.setTimeout(() => {}, Number.POSITIVE_INFINITY);

    expect(clock.pendingTimers()).toEqual([
      { dueAt: START, delayMs: 0 },
      { dueAt: START, delayMs: 0 },
      { dueAt: START + 2 ** 31 - 1, delayMs: 2 ** 31 - 1 },
    ]);
  });

  it('draws random() from the given generator or seed', () => {
    const seeded = createManualClock({ seed: 7 });
    const again = createManualClock({ seed: 7 });
    const reference = seededRandom(7);
    const draws = [seeded.random(), seeded.random(), seeded.random()];

    expect([again.random(), again.random(), again.random()]).toEqual(draws);
    expect(draws).toEqual([reference(), reference(), reference()]);
    expect(draws.every((draw) => draw >= 0 && draw < 1)).toBe(true);
    expect(createManualClock({ random: () => 0.25 }).random()).toBe(0.25);
  });

  it.each([
    [{ startat: 0 }, 'startat'],
    [{ startAt: -1 }, 'startAt'],
    [{ startAt: 1.5 }, 'startAt'],
    [{ startAt: '2024-01-01' }, 'startAt'],
    [{ random: 0.5 }, 'random'],
    [{ seed: -1 }, 'seed'],
    [{ seed: 1, random: Math.random }, 'seed'],
  ])('rejects %j naming %s', (options, path) => {
    expect(() => createManualClock(options as never)).toThrow(InvalidEmulatorInputError);
    expect(() => createManualClock(options as never)).toThrow(`"${path}"`);
  });

  it.each([
    ['advance', -1],
    ['advance', Number.NaN],
    ['advance', Number.POSITIVE_INFINITY],
    ['advanceTo', '1000'],
  ] as const)('rejects %s(%p)', async (method, value) => {
    const clock = createManualClock({ startAt: START });

    await expect(clock[method](value as never)).rejects.toThrow(InvalidEmulatorInputError);
    expect(clock.now()).toBe(START);
  });
});
