/**
 * A check's cleanup time (`cleanupMs`) and what a passing check may say (`passWith`), through the
 * runner on a manual clock: the runner waits for a stopped check's cleanup, never longer than asked,
 * and a check without `cleanupMs` is reported the moment its signal fires, as before.
 */
import {
  CheckFailure,
  type CheckResult,
  defineCheck,
  PlanError,
  passWith,
  runPlan,
  timeout,
} from '@shiftguard/core';
import { sleep } from '@shiftguard/kit';
import { createManualClock, type ManualClock } from '@shiftguard/testing';
import { postTrafficPlan as plan } from './support/plan-context';

let clock: ManualClock;
beforeEach(() => {
  clock = createManualClock({ startAt: 0 });
});

/** Lets promise chains that do not wait on the clock settle. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A check that works until its signal fires, then cleans up for `cleanupTakesMs` of clock time. */
function creatingCheck(cleanupTakesMs: number, cleanupMs: number | undefined, log: string[]) {
  return {
    name: 'creates-and-deletes',
    ...(cleanupMs !== undefined && { cleanupMs }),
    async run(ctx: Parameters<ReturnType<typeof defineCheck>['run']>[0]) {
      log.push('created');
      await sleep(ctx.clock, 60_000, ctx.signal).catch(() => undefined);
      log.push(`stopped with ${Math.round(ctx.cleanupTimeMs())} ms to clean up`);
      await sleep(ctx.clock, cleanupTakesMs);
      log.push('deleted');
      throw new CheckFailure('stopped while waiting', { details: { created: 1, deleted: 1, token: 'abc' } });
    },
  };
}

describe('cleanupMs', () => {
  it('waits for a stopped check to clean up, then reports what stopped it, with its details', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const run = runPlan(timeout(creatingCheck(300, 1_000, log), 5_000), {
      ...plan,
      clock,
      signal: controller.signal,
    });
    await clock.advance(5_000);
    expect(log).toEqual(['created', 'stopped with 1000 ms to clean up']);
    let results: CheckResult[] | undefined;
    void run.then((value) => {
      results = value;
    });
    await clock.advance(299);
    await settle();
    expect(results).toBeUndefined();
    await clock.advance(1);
    await settle();
    expect(log.at(-1)).toBe('deleted');
    expect(results?.[0]).toMatchObject({
      status: 'timed-out',
      message: '"creates-and-deletes" timed out after 5000 ms',
      // Details are redacted like a failure's.
      details: { created: 1, deleted: 1, token: '[REDACTED]' },
      durationMs: 5_300,
    });
  });

  it('stops waiting when the cleanup runs past cleanupMs', async () => {
    const log: string[] = [];
    const run = runPlan(timeout(creatingCheck(10_000, 1_000, log), 5_000), { ...plan, clock });
    await clock.advance(6_000);
    const [result] = await run;
    expect(result).toMatchObject({ status: 'timed-out', durationMs: 6_000 });
    expect(result?.details).toBeUndefined();
    expect(log).not.toContain('deleted');
  });

  it('never waits longer than cleanupLimitMs, and tells the check so', async () => {
    const log: string[] = [];
    const run = runPlan(timeout(creatingCheck(10_000, 5_000, log), 5_000), {
      ...plan,
      clock,
      cleanupLimitMs: 250,
    });
    await clock.advance(5_250);
    const [result] = await run;
    expect(result).toMatchObject({ status: 'timed-out', durationMs: 5_250 });
    expect(log).toContain('stopped with 250 ms to clean up');
  });

  it('reports a check without cleanupMs as soon as its signal fires, as always', async () => {
    const log: string[] = [];
    const run = runPlan(timeout(creatingCheck(300, undefined, log), 5_000), { ...plan, clock });
    await clock.advance(5_000);
    const [result] = await run;
    expect(result).toMatchObject({ status: 'timed-out', durationMs: 5_000 });
    expect(log).toContain('stopped with 0 ms to clean up');
  });

  it('gives ctx.cleanupTimeMs() as the remaining time plus cleanupMs while the check runs', async () => {
    const seen: number[] = [];
    const check = {
      name: 'c',
      cleanupMs: 700,
      run: (ctx: { cleanupTimeMs(): number }) => void seen.push(ctx.cleanupTimeMs()),
    };
    await runPlan(check, { ...plan, clock, deadlineAt: 10_000 });
    expect(seen).toEqual([10_700]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '5'])(
    'refuses cleanupMs %p with a PlanError',
    async (cleanupMs) => {
      await expect(runPlan({ name: 'c', cleanupMs, run: () => undefined } as never, plan)).rejects.toThrow(
        PlanError,
      );
    },
  );
});

describe('passWith', () => {
  it('puts a passing check’s message and details, redacted, in its result', async () => {
    const [result] = await runPlan(
      defineCheck('queue-drained', () =>
        passWith({ message: 'queue empty', details: { depth: 0, apiKey: 'k-1' } }),
      ),
      plan,
    );
    expect(result).toMatchObject({
      status: 'pass',
      message: 'queue empty',
      details: { depth: 0, apiKey: '[REDACTED]' },
    });
  });

  it('leaves a plain return value out of the result', async () => {
    const [result] = await runPlan(
      defineCheck('returns', () => ({ message: 'not a pass', details: {} })),
      plan,
    );
    expect(result).toEqual({
      name: 'returns',
      status: 'pass',
      durationMs: expect.any(Number),
      required: true,
    });
  });

  it.each([
    ['an unknown key', { message: 'x', detail: {} }],
    ['a message that is not a string', { message: 5 }],
    ['details that are not an object', { details: [1] }],
  ])('makes a check that calls it with %s an error naming the problem', async (_case, outcome) => {
    const [result] = await runPlan(
      defineCheck('bad', () => passWith(outcome as never)),
      plan,
    );
    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(/passWith\(\)/);
  });
});
