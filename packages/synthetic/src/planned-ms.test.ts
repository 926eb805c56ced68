import { planBudgetOf, runPlan, timeout } from '@shiftguard/core';
import { sleep } from '@shiftguard/kit';
import { createManualClock } from '@shiftguard/testing';
import { postTrafficPlan as plan } from '../../../test/support/plan-context';
import { InvalidJourneyError } from './errors';
import { httpStep } from './http-step';
import { journey, type Step } from './journey';

/** A step that sleeps `ms` on the run's clock and says so. */
const sleeps = (name: string, ms: number): Step => ({
  name,
  run: (ctx) => sleep(ctx.clock, ms, ctx.signal),
  plannedMs: { min: ms, max: ms },
});
const unbounded = (name: string): Step => ({ name, run: () => undefined });

describe("a journey's time (plannedMs)", () => {
  it('adds up its steps, then its cleanup steps, each at most cleanupTimeoutMs', () => {
    const check = journey('order', [sleeps('create', 300), sleeps('read', 200)], {
      cleanup: [sleeps('delete', 5_000), unbounded('audit')],
      cleanupTimeoutMs: 1_000,
    });
    expect(check.plannedMs).toEqual({ min: 500 + 1_000, max: 500 + 1_000 + 1_000 });
    expect(planBudgetOf(check)).toEqual({ minMs: 1_500, maxMs: 2_500, cleanupMs: 2_000 });
  });

  it('is unbounded with a step that declares no max, and says nothing when nothing is certain', () => {
    const withStep = journey('order', [
      sleeps('wait', 400),
      httpStep('read', { url: 'http://127.0.0.1:9/' }),
    ]);
    expect(withStep.plannedMs).toEqual({ min: 400 });
    expect(journey('plain', [unbounded('a')]).plannedMs).toBeUndefined();
    // Only cleanup steps are bounded: the main ones still are not.
    const cleanupOnly = journey('plain', [unbounded('a')], { cleanup: [unbounded('b')] });
    expect(cleanupOnly.plannedMs).toBeUndefined();
    expect(planBudgetOf(cleanupOnly)).toEqual({ minMs: 0, maxMs: undefined, cleanupMs: 2_000 });
    // A timeout bounds it, the cleanup the runner waits for included.
    expect(planBudgetOf(timeout(cleanupOnly, 10_000)).maxMs).toBe(12_000);
  });

  it("refuses a step's plannedMs it could not add up, naming it", () => {
    const bad = (plannedMs: unknown) => () =>
      journey('j', [{ name: 'a', run: () => undefined, plannedMs } as Step]);
    expect(bad({ min: -1 })).toThrow(InvalidJourneyError);
    expect(bad({ min: -1 })).toThrow('steps[0].plannedMs.min');
    expect(bad({ min: 5, max: 1 })).toThrow('steps[0].plannedMs.max must be at least min (5), got 1');
    expect(bad({ mix: 1 })).toThrow('mix');
  });

  it('takes what it declares when run in full', async () => {
    const check = journey('order', [sleeps('create', 300), sleeps('read', 200)], {
      cleanup: [sleeps('delete', 100)],
    });
    const clock = createManualClock({ startAt: 0 });
    let done = false;
    const running = runPlan(check, { ...plan, clock }).finally(() => {
      done = true;
    });
    for (let turns = 0; !done && turns < 1_000; turns++) {
      if (!(await clock.next())) await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await running).map((result) => result.status)).toEqual(['pass']);
    const { minMs, maxMs } = planBudgetOf(check);
    expect([minMs, clock.now(), maxMs]).toEqual([600, 600, 600]);
  });
});
