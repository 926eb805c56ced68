import middy from '@middy/core';
import {
  createHook,
  defineCheck,
  HOOK_RECORD,
  HOOK_RECORDS,
  type HookRecord,
  hookRecordOf,
  hookTimeSplit,
  InvalidOptionsError,
  onlyIn,
  sequence,
  shiftguardMiddleware,
  timeout,
} from '../index';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const quiet = { logger: silent, metrics: false as const, env: {} };
const gate = defineCheck('gate', () => undefined, { plannedMs: { min: 60_000 } });
const probe = defineCheck('probe', () => undefined);
const journey = { name: 'journey', run() {}, cleanupMs: 4_000, plannedMs: { min: 1_000, max: 9_000 } };

describe('the hook record', () => {
  it("is on createHook's handler, non-enumerable, under Symbol.for('shiftguard.hook')", () => {
    const handler = createHook({ checks: [gate, timeout(probe, 5_000)], reserveMs: 3_000, ...quiet });
    expect(Object.keys(handler)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(handler, Symbol.for('shiftguard.hook'))?.enumerable).toBe(false);
    const record = (handler as unknown as Record<symbol, HookRecord>)[Symbol.for('shiftguard.hook')]!;
    expect(record).toBe(hookRecordOf(handler));
    expect(HOOK_RECORD).toBe(Symbol.for('shiftguard.hook'));
    expect(record).toMatchObject({ kind: 'createHook', reserveMs: 3_000, lifecycleEvent: undefined });
    expect(record.budget()).toEqual({ minMs: 60_000, maxMs: undefined, cleanupMs: 0 });
  });

  it('says undefined for the default reserve, and budgets the plan for a lifecycle event', () => {
    const checks = [onlyIn('AfterAllowTraffic', gate), journey];
    const record = hookRecordOf(createHook({ checks, ...quiet }))!;
    expect(record.reserveMs).toBeUndefined();
    expect(record.budget()).toEqual({ minMs: 1_000, maxMs: undefined, cleanupMs: 4_000 });
    expect(record.budget({ lifecycleEvent: 'BeforeAllowTraffic' })).toEqual({
      minMs: 1_000,
      maxMs: 9_000,
      cleanupMs: 4_000,
    });
    // A hook told its lifecycle event budgets for it.
    const post = hookRecordOf(createHook({ checks, lifecycleEvent: 'AfterAllowTraffic', ...quiet }))!;
    expect(post.lifecycleEvent).toBe('AfterAllowTraffic');
    expect(post.budget().minMs).toBe(61_000);
  });

  it("is on the middleware, counting middy's handler as one more unbounded check", () => {
    const middleware = shiftguardMiddleware({
      checks: sequence([gate, journey]),
      reserveMs: 1_000,
      ...quiet,
    });
    expect(Object.keys(middleware).sort()).toEqual(['after', 'before', 'onError']);
    const record = hookRecordOf(middleware)!;
    expect(record).toMatchObject({ kind: 'shiftguardMiddleware', reserveMs: 1_000 });
    expect(record.budget()).toEqual({ minMs: 61_000, maxMs: undefined, cleanupMs: 4_000 });
    expect(hookRecordOf(shiftguardMiddleware(quiet))!.budget()).toEqual({
      minMs: 0,
      maxMs: undefined,
      cleanupMs: 0,
    });
    // middy takes it as any middleware.
    expect(() => middy(async () => undefined).use(middleware)).not.toThrow();
  });

  it('is appended to the registry a tool put on globalThis, and nowhere otherwise', () => {
    const global = globalThis as { [HOOK_RECORDS]?: unknown };
    expect(global[HOOK_RECORDS]).toBeUndefined();
    createHook({ checks: [probe], ...quiet });
    const registry: HookRecord[] = [];
    global[HOOK_RECORDS] = registry;
    try {
      const handler = createHook({ checks: [probe], ...quiet });
      const middleware = shiftguardMiddleware({ checks: [gate], ...quiet });
      expect(registry).toEqual([hookRecordOf(handler), hookRecordOf(middleware)]);
    } finally {
      delete global[HOOK_RECORDS];
    }
  });

  it('is read as nothing on what a hook did not make', () => {
    expect(hookRecordOf(async () => undefined)).toBeUndefined();
    expect(hookRecordOf(undefined)).toBeUndefined();
    expect(hookRecordOf({ [HOOK_RECORD]: 'not a record' })).toBeUndefined();
  });
});

describe('hookTimeSplit', () => {
  it("keeps the reserve (2 s, at most half) and the plan's cleanup (at most half the rest)", () => {
    expect(hookTimeSplit(3_000)).toEqual({ reserveMs: 1_500, cleanupReserveMs: 0, planMs: 1_500 });
    expect(hookTimeSplit(60_000)).toEqual({ reserveMs: 2_000, cleanupReserveMs: 0, planMs: 58_000 });
    expect(hookTimeSplit(60_000, { cleanupMs: 4_000 })).toEqual({
      reserveMs: 2_000,
      cleanupReserveMs: 4_000,
      planMs: 54_000,
    });
    expect(hookTimeSplit(10_000, { reserveMs: 4_000, cleanupMs: 10_000 })).toEqual({
      reserveMs: 4_000,
      cleanupReserveMs: 3_000,
      planMs: 3_000,
    });
    // Lambda's maximum is 15 minutes; a hook counts no more.
    expect(hookTimeSplit(3_600_000).planMs).toBe(900_000 - 2_000);
    expect(hookTimeSplit(1_000, { reserveMs: 5_000 })).toEqual({
      reserveMs: 5_000,
      cleanupReserveMs: 0,
      planMs: 0,
    });
  });

  it('refuses a time that is not one', () => {
    expect(() => hookTimeSplit(Number.NaN)).toThrow(InvalidOptionsError);
    expect(() => hookTimeSplit(-1)).toThrow('hookTimeSplit remainingMs must be a number of milliseconds ≥ 0');
    expect(() => hookTimeSplit(1_000, { cleanupMs: '5' as never })).toThrow('cleanupMs');
  });
});
