import { defaultClock } from './ambient-clock';
import { sleep, systemClock } from './clock';
import { toClock } from './to-clock';

describe('toClock', () => {
  it('gives a partial clock a wall time that follows its monotonic time', () => {
    let now = 1_000;
    const clock = toClock({ now: () => now, setTimeout: () => 0, clearTimeout: () => {} });
    const before = clock.wallTime();
    now += 5_000;
    expect(clock.wallTime() - before).toBe(5_000);
    expect(Math.abs(before - Date.now())).toBeLessThan(1_000);
    const draw = clock.random();
    expect(draw >= 0 && draw < 1).toBe(true);
  });

  it('keeps a complete clock as it is, and gives the default clock when none is injected', () => {
    expect(toClock(systemClock)).toBe(systemClock);
    expect(toClock(defaultClock)).toBe(defaultClock);
    expect(toClock(undefined)).toBe(defaultClock);
  });
});

describe('sleep', () => {
  it('rejects with the signal reason when aborted, and clears its timer', async () => {
    const cleared: unknown[] = [];
    const clock = { setTimeout: () => 'timer', clearTimeout: (handle: unknown) => cleared.push(handle) };
    const controller = new AbortController();
    const slept = sleep(clock, 1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    expect(cleared).toEqual(['timer']);
  });
});
