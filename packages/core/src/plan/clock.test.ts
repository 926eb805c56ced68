import { sleep } from '@shiftguard/kit';
import { CheckFailure } from '../errors';
import { defineCheck } from './check';
import { retry } from './retry';
import { runPlan } from './runner';
import { timeout } from './timeout';

/** A clock whose time moves only when a test says so. */
function fakeClock() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      timers.set(nextId, { at: now + ms, callback });
      return nextId++;
    },
    clearTimeout: (handle: unknown) => timers.delete(handle as number),
    random: () => 0.5,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
      now = until;
    },
  };
}

const base = {
  target: {
    functionName: 'f',
    alias: 'live',
    targetVersion: '2',
    currentVersion: '1',
    qualifiedArn: undefined,
  },
  deployment: {
    deploymentId: 'd',
    executionId: 'e',
    applicationName: undefined,
    deploymentGroupName: undefined,
    description: undefined,
  },
  lifecycleEvent: 'BeforeAllowTraffic' as const,
};

describe('the plan on an injected clock', () => {
  it('gives checks the clock, and waits retries and timeouts on it', async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    let attempts = 0;
    const flaky = defineCheck('flaky', async (ctx) => {
      attempts++;
      seen.push(ctx.clock.now());
      expect(ctx.clock.random()).toBe(0.5);
      await sleep(ctx.clock, 100, ctx.signal);
      if (attempts < 3) throw new CheckFailure('not yet');
    });
    const slow = defineCheck('slow', (ctx) => sleep(ctx.clock, 60_000, ctx.signal));
    const running = runPlan([retry(flaky, { attempts: 3, backoff: 1_000 }), timeout(slow, 5_000)], {
      ...base,
      clock,
    });
    await clock.advance(10_000);
    const results = await running;
    expect(seen).toEqual([0, 1_100, 2_200]);
    expect(results).toMatchObject([
      { name: 'flaky', status: 'pass', attempts: 3 },
      { name: 'slow', status: 'timed-out' },
    ]);
    expect(results[1]!.durationMs).toBe(5_000);
  });

  it('gives a clock without wall time one that follows its monotonic time', async () => {
    const clock = fakeClock();
    const walls: number[] = [];
    const probe = defineCheck('wall', async (ctx) => {
      walls.push(ctx.clock.wallTime());
      await sleep(ctx.clock, 2_000, ctx.signal);
      walls.push(ctx.clock.wallTime());
    });
    const running = runPlan(probe, { ...base, clock });
    await clock.advance(2_000);
    await running;
    expect(walls[1]! - walls[0]!).toBe(2_000);
  });
});
