import { sleep } from '@shiftguard/kit';
import { createManualClock } from '@shiftguard/testing';
import fc from 'fast-check';
import { postTrafficPlan } from '../../../../test/support/plan-context';
import {
  type Check,
  CheckFailure,
  defineCheck,
  dryRun,
  onlyIn,
  PlanError,
  parallel,
  planBudgetOf,
  retry,
  runPlan,
  sequence,
  timeout,
  warnOnly,
} from '../index';

/** A check that declares it takes `min` to `max` ms. */
const takes = (name: string, min: number, max?: number): Check =>
  defineCheck(name, () => undefined, { plannedMs: max === undefined ? { min } : { min, max } });
const unknown = (name: string): Check => defineCheck(name, () => undefined);

/** Runs `plan` on a manual clock, driving it until the plan ends: its results and the time it took. */
async function runTimed(
  plan: Check,
  lifecycleEvent: 'BeforeAllowTraffic' | 'AfterAllowTraffic' = 'AfterAllowTraffic',
) {
  const clock = createManualClock({ startAt: 0, seed: 1 });
  let done = false;
  const running = runPlan(plan, { ...postTrafficPlan, lifecycleEvent, clock }).finally(() => {
    done = true;
  });
  for (let turns = 0; !done && turns < 10_000; turns++) {
    if (!(await clock.next())) await new Promise((resolve) => setImmediate(resolve));
  }
  return { results: await running, tookMs: clock.now() };
}

/** A check that sleeps `ms` on the run's clock and declares exactly that. */
const sleeps = (name: string, ms: number): Check =>
  defineCheck(name, (ctx) => sleep(ctx.clock, ms, ctx.signal), { plannedMs: { min: ms, max: ms } });

describe('planBudgetOf', () => {
  it('counts an undeclared check as 0 ms to unbounded, a declared one as declared', () => {
    expect(planBudgetOf(unknown('a'))).toEqual({ minMs: 0, maxMs: undefined, cleanupMs: 0 });
    expect(planBudgetOf(takes('a', 100, 300))).toEqual({ minMs: 100, maxMs: 300, cleanupMs: 0 });
    expect(planBudgetOf(takes('a', 100))).toEqual({ minMs: 100, maxMs: undefined, cleanupMs: 0 });
    expect(planBudgetOf({ name: 'literal', run() {}, plannedMs: { max: 50 } })).toEqual({
      minMs: 0,
      maxMs: 50,
      cleanupMs: 0,
    });
  });

  it('adds up a sequence, and an array as the sequence a hook makes of it', () => {
    const checks = [takes('a', 100, 200), takes('b', 50, 70)];
    expect(planBudgetOf(sequence(checks))).toEqual({ minMs: 150, maxMs: 270, cleanupMs: 0 });
    expect(planBudgetOf(checks)).toEqual({ minMs: 150, maxMs: 270, cleanupMs: 0 });
    // One unbounded check leaves the whole unbounded, and keeps what the others must wait.
    expect(planBudgetOf([...checks, unknown('c')])).toEqual({ minMs: 150, maxMs: undefined, cleanupMs: 0 });
  });

  it('takes the longest of a parallel group, or what its concurrency allows', () => {
    const checks = [takes('a', 100, 400), takes('b', 300, 300), takes('c', 200, 500)];
    expect(planBudgetOf(parallel(checks))).toEqual({ minMs: 300, maxMs: 500, cleanupMs: 0 });
    expect(planBudgetOf(parallel(checks, { concurrency: 3 }))).toEqual({
      minMs: 300,
      maxMs: 500,
      cleanupMs: 0,
    });
    // One at a time is a sequence.
    expect(planBudgetOf(parallel(checks, { concurrency: 1 }))).toEqual({
      minMs: 600,
      maxMs: 1_200,
      cleanupMs: 0,
    });
    // Two at a time: at least the total spread over two (300), at most 1200/2 + 500/2 (Graham).
    expect(planBudgetOf(parallel(checks, { concurrency: 2 }))).toEqual({
      minMs: 300,
      maxMs: 850,
      cleanupMs: 0,
    });
    expect(planBudgetOf(parallel([...checks, unknown('d')], { concurrency: 2 })).maxMs).toBeUndefined();
  });

  it('bounds a pool that starts its longest check last (Graham), as the runner runs it', async () => {
    // Two at a time: the short pair ends at 100, then the long one runs alone until 300.
    const group = parallel([sleeps('a', 100), sleeps('b', 100), sleeps('c', 200)], { concurrency: 2 });
    const { tookMs } = await runTimed(group);
    expect(tookMs).toBe(300);
    expect(planBudgetOf(group)).toEqual({ minMs: 200, maxMs: 300, cleanupMs: 0 });
  });

  it('counts a retry as one passing attempt at least, every attempt and backoff delay at most', () => {
    const check = takes('a', 100, 200);
    expect(planBudgetOf(retry(check, { attempts: 3, backoff: 1_000 }))).toEqual({
      minMs: 100,
      maxMs: 3 * 200 + 2 * 1_000,
      cleanupMs: 0,
    });
    // The default backoff: 200 ms doubling.
    expect(planBudgetOf(retry(check, { attempts: 4 })).maxMs).toBe(4 * 200 + 200 + 400 + 800);
    expect(
      planBudgetOf(retry(check, { attempts: 5, backoff: { initialMs: 1_000, factor: 3, maxMs: 5_000 } }))
        .maxMs,
    ).toBe(5 * 200 + 1_000 + 3_000 + 5_000 + 5_000);
    // A backoff function's delays may depend on the run (jitter): unknown beforehand.
    expect(planBudgetOf(retry(check, { attempts: 3, backoff: () => 10 })).maxMs).toBeUndefined();
    expect(planBudgetOf(retry(unknown('b'), { attempts: 3, backoff: 10 })).maxMs).toBeUndefined();
  });

  it('caps both bounds at a timeout, the max plus the cleanup the runner waits for', () => {
    expect(planBudgetOf(timeout(unknown('a'), 5_000))).toEqual({ minMs: 0, maxMs: 5_000, cleanupMs: 0 });
    expect(planBudgetOf(timeout(takes('a', 8_000), 5_000))).toEqual({
      minMs: 5_000,
      maxMs: 5_000,
      cleanupMs: 0,
    });
    expect(planBudgetOf(timeout(takes('a', 100, 300), 5_000))).toEqual({
      minMs: 100,
      maxMs: 300,
      cleanupMs: 0,
    });
    const cleansUp: Check = { name: 'journey', run() {}, cleanupMs: 2_000 };
    expect(planBudgetOf(timeout(cleansUp, 5_000))).toEqual({ minMs: 0, maxMs: 7_000, cleanupMs: 2_000 });
  });

  it('passes through warnOnly and dryRun, and lets onlyIn skip unless the event is known', () => {
    const check = takes('a', 100, 200);
    expect(planBudgetOf(warnOnly(check))).toEqual(planBudgetOf(check));
    expect(planBudgetOf(dryRun(check))).toEqual(planBudgetOf(check));
    const post = onlyIn('AfterAllowTraffic', check);
    expect(planBudgetOf(post)).toEqual({ minMs: 0, maxMs: 200, cleanupMs: 0 });
    expect(planBudgetOf(post, { lifecycleEvent: 'AfterAllowTraffic' })).toEqual(planBudgetOf(check));
    expect(planBudgetOf(post, { lifecycleEvent: 'BeforeAllowTraffic' })).toEqual({
      minMs: 0,
      maxMs: 0,
      cleanupMs: 0,
    });
  });

  it('gives the largest cleanupMs of the plan, as the hook keeps back', () => {
    const a: Check = { name: 'a', run() {}, cleanupMs: 1_000 };
    const b: Check = { name: 'b', run() {}, cleanupMs: 3_000 };
    expect(planBudgetOf([a, parallel([b, unknown('c')])]).cleanupMs).toBe(3_000);
  });

  it('composes: a gate, then a bounded probe', () => {
    const plan = sequence([
      takes('gate', 120_000),
      retry(timeout(unknown('probe'), 2_000), { attempts: 3, backoff: 500 }),
    ]);
    expect(planBudgetOf(plan)).toEqual({ minMs: 120_000, maxMs: undefined, cleanupMs: 0 });
    expect(planBudgetOf(sequence([takes('gate', 120_000, 130_000), timeout(unknown('p'), 2_000)]))).toEqual({
      minMs: 120_000,
      maxMs: 132_000,
      cleanupMs: 0,
    });
  });

  it('refuses what is not a plan, and a declaration it could not add up', () => {
    expect(() => planBudgetOf(42 as never)).toThrow(PlanError);
    expect(() => planBudgetOf([unknown('a'), {} as never])).toThrow('plan[1] needs a non-empty string name');
    const bad = (plannedMs: unknown) => () => planBudgetOf({ name: 'x', run() {}, plannedMs } as never);
    expect(bad({ min: -1 })).toThrow('plan ("x") plannedMs.min must be a finite number of milliseconds ≥ 0');
    expect(bad({ max: Number.POSITIVE_INFINITY })).toThrow('plannedMs.max must be a finite number');
    expect(bad({ min: 10, max: 5 })).toThrow('plannedMs.max (5) must be at least plannedMs.min (10)');
    expect(bad({ mini: 5 })).toThrow('unknown plannedMs key "mini"');
    expect(bad(5)).toThrow(PlanError);
  });
});

describe('defineCheck options', () => {
  it('declares cleanupMs and plannedMs as an object literal would', () => {
    const check = defineCheck('a', () => undefined, { cleanupMs: 500, plannedMs: { min: 1, max: 2 } });
    expect(check).toMatchObject({ name: 'a', cleanupMs: 500, plannedMs: { min: 1, max: 2 } });
    expect(Object.keys(defineCheck('b', () => undefined, {}))).toEqual(['name', 'run']);
  });

  it('refuses an unknown option and a bad value, naming them', () => {
    expect(() => defineCheck('a', () => undefined, { planedMs: {} } as never)).toThrow(
      'unknown defineCheck option "planedMs"',
    );
    expect(() => defineCheck('a', () => undefined, { plannedMs: { min: Number.NaN } })).toThrow(
      'defineCheck("a") ("a") plannedMs.min must be a finite number',
    );
    expect(() => defineCheck('a', () => undefined, { cleanupMs: -1 })).toThrow('cleanupMs must be a finite');
  });

  it('is checked by every combinator, so a bad declaration fails at construction', () => {
    const bad = { name: 'x', run() {}, plannedMs: { min: 5, max: 1 } } as Check;
    expect(() => sequence([bad])).toThrow(PlanError);
    expect(() => timeout(bad, 10)).toThrow(PlanError);
  });
});

/**
 * Leaves that take exactly what they declare (or declare nothing), pass or fail, under every
 * combinator, run on a manual clock: what the plan took must never pass its max, and a plan whose
 * checks all passed must have taken at least its min.
 */
describe('planBudgetOf against the runner', () => {
  type Leaf = { kind: 'leaf'; ms: number; declares: boolean; fails: boolean };
  type Tree =
    | Leaf
    | { kind: 'sequence' | 'parallel'; children: Tree[]; concurrency: number }
    | { kind: 'retry'; child: Tree; attempts: number; backoff: number }
    | { kind: 'timeout'; child: Tree; ms: number }
    | { kind: 'onlyIn'; child: Tree; event: 'BeforeAllowTraffic' | 'AfterAllowTraffic' }
    | { kind: 'warnOnly'; child: Tree };

  const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        kind: fc.constant('leaf' as const),
        ms: fc.integer({ min: 0, max: 1_000 }),
        // Mostly declared, so that bounded groups are common.
        declares: fc.integer({ min: 0, max: 4 }).map((draw) => draw > 0),
        fails: fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0),
      }),
      fc.record({
        kind: fc.constantFrom('sequence' as const, 'parallel' as const),
        children: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
        concurrency: fc.integer({ min: 1, max: 5 }),
      }),
      fc.record({
        kind: fc.constant('retry' as const),
        child: tie('tree'),
        attempts: fc.integer({ min: 1, max: 3 }),
        backoff: fc.integer({ min: 0, max: 500 }),
      }),
      fc.record({
        kind: fc.constant('timeout' as const),
        child: tie('tree'),
        ms: fc.integer({ min: 1, max: 1_500 }),
      }),
      fc.record({
        kind: fc.constant('onlyIn' as const),
        child: tie('tree'),
        event: fc.constantFrom('BeforeAllowTraffic' as const, 'AfterAllowTraffic' as const),
      }),
      fc.record({ kind: fc.constant('warnOnly' as const), child: tie('tree') }),
    ),
  }));

  let names = 0;
  const build = (node: Tree): Check => {
    switch (node.kind) {
      case 'leaf': {
        const run = async (ctx: Parameters<Check['run']>[0]) => {
          await sleep(ctx.clock, node.ms, ctx.signal);
          if (node.fails) throw new CheckFailure('failed as planned');
        };
        const name = `leaf-${names++}`;
        return node.declares
          ? defineCheck(name, run, { plannedMs: { min: node.ms, max: node.ms } })
          : defineCheck(name, run);
      }
      case 'sequence':
        return sequence(node.children.map(build));
      case 'parallel':
        return parallel(node.children.map(build), { concurrency: node.concurrency });
      case 'retry':
        return retry(build(node.child), { attempts: node.attempts, backoff: node.backoff });
      case 'timeout':
        return timeout(build(node.child), node.ms);
      case 'onlyIn':
        return onlyIn(node.event, build(node.child));
      case 'warnOnly':
        return warnOnly(build(node.child));
    }
  };

  it('holds every run within [min, max]', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.boolean(), async (shape, eventKnown) => {
        const plan = build(shape);
        const lifecycleEvent = 'AfterAllowTraffic';
        const budget = planBudgetOf(plan, eventKnown ? { lifecycleEvent } : {});
        const { results, tookMs: took } = await runTimed(plan, lifecycleEvent);
        expect(took).toBeLessThanOrEqual(budget.maxMs ?? Number.POSITIVE_INFINITY);
        // Skipped by onlyIn counts as passing in full: it costs nothing, as the budget says.
        const passedInFull = results.every(
          (result) =>
            result.status === 'pass' ||
            (result.status === 'skipped' && /runs only in/.test(result.message ?? '')),
        );
        if (passedInFull) expect(took).toBeGreaterThanOrEqual(budget.minMs);
      }),
      { numRuns: 500 },
    );
  });
});
