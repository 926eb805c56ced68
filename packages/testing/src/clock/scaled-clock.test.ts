import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { sleep } from '@shiftguard/kit';
import { createScaledClock, InvalidEmulatorInputError } from '../index';

const START = Date.UTC(2024, 0, 1);
const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createScaledClock', () => {
  it('runs scale times faster than real time from startAt, wallTime() reading the same number', async () => {
    const clock = createScaledClock({ scale: 1_000, startAt: START });
    const realStart = performance.now();
    const clockStart = clock.now();

    await realSleep(20);

    const realElapsed = performance.now() - realStart;
    const clockElapsed = clock.now() - clockStart;
    expect(clockStart - START).toBeLessThan(1_000);
    expect(clockElapsed).toBeGreaterThanOrEqual(19 * 1_000);
    expect(clockElapsed).toBeLessThanOrEqual((realElapsed + 1) * 1_000);
    expect(Math.abs(clock.wallTime() - clock.now())).toBeLessThan(1_000);
  });

  it('fires a timer after ms / scale of real time, never before its time on the clock', async () => {
    const clock = createScaledClock({ scale: 60 });
    const scheduledAt = clock.now();
    const realStart = performance.now();

    const firedAt = await new Promise<number>((resolve) =>
      clock.setTimeout(() => resolve(clock.now()), 3_000),
    );

    expect(firedAt - scheduledAt).toBeGreaterThanOrEqual(3_000);
    expect(performance.now() - realStart).toBeLessThan(1_000);
  });

  it('keeps timers in time order and never fires a cleared one', async () => {
    const clock = createScaledClock({ scale: 100 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('second'), 2_000);
    clock.setTimeout(() => fired.push('first'), 1_000);
    const cleared = clock.setTimeout(() => fired.push('cleared'), 1_500);
    clock.clearTimeout(cleared);
    clock.clearTimeout(undefined);

    await sleep(clock, 3_000);

    expect(fired).toEqual(['first', 'second']);
  });

  it('runs each callback in the async context it was scheduled in, re-armed early wake-ups too', async () => {
    const clock = createScaledClock({ scale: 1_000 });
    const context = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ['first', 'second'].map((name) =>
        context.run(
          name,
          () =>
            new Promise<string | undefined>((resolve) =>
              clock.setTimeout(() => resolve(context.getStore()), 5_000),
            ),
        ),
      ),
    );
    expect(seen).toEqual(['first', 'second']);
  });

  it('draws random() from a seed repeatably', () => {
    const one = createScaledClock({ scale: 2, seed: 3 });
    const two = createScaledClock({ scale: 2, seed: 3 });

    expect([one.random(), one.random()]).toEqual([two.random(), two.random()]);
    expect(createScaledClock({ scale: 2, random: () => 0.5 }).random()).toBe(0.5);
  });

  it.each([
    [{}, 'scale'],
    [{ scale: 0 }, 'scale'],
    [{ scale: -60 }, 'scale'],
    [{ scale: Number.POSITIVE_INFINITY }, 'scale'],
    [{ scale: '60' }, 'scale'],
    [{ scale: 60, speed: 2 }, 'speed'],
    [{ scale: 60, startAt: -5 }, 'startAt'],
    [{ scale: 60, seed: 2, random: Math.random }, 'seed'],
  ])('rejects %j naming %s', (options, path) => {
    expect(() => createScaledClock(options as never)).toThrow(InvalidEmulatorInputError);
    expect(() => createScaledClock(options as never)).toThrow(`"${path}"`);
  });
});
