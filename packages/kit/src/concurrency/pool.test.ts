import { InvalidKitOptionsError } from '../errors/errors';
import { runPool } from './pool';

describe('runPool', () => {
  it('runs every task, at most `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool(10, 3, async (index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      done.push(index);
    });
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('stops at the first throw, aborts its signal, and rethrows', async () => {
    const seen: boolean[] = [];
    await expect(
      runPool(5, 2, async (index, signal) => {
        if (index === 0) throw new Error('first');
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(signal.aborted);
      }),
    ).rejects.toThrow('first');
    expect(seen.every(Boolean)).toBe(true);
  });

  it.each([
    [5, 0],
    [5, Number.NaN],
    [5, 1.5],
    [-1, 2],
  ])('refuses count %p and concurrency %p rather than run nothing', async (count, concurrency) => {
    await expect(runPool(count, concurrency, async () => {})).rejects.toThrow(InvalidKitOptionsError);
  });
});
