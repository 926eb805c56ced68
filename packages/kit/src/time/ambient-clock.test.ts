import { AsyncLocalStorage } from 'node:async_hooks';
import vm from 'node:vm';
import { defaultClock, installAmbientClock } from './ambient-clock';
import { type Clock, sleep, systemClock } from './clock';

const KEY = Symbol.for('shiftguard.ambientClock');

/** A clock whose time moves only when `advance` says, keeping its timers in a list. */
function steppedClock(startAt: number) {
  let now = startAt;
  const timers: { dueAt: number; callback: () => void; handle: object }[] = [];
  const clock: Clock & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    wallTime: () => now,
    random: () => 0.25,
    setTimeout(callback, ms) {
      const handle = {};
      timers.push({ dueAt: now + ms, callback, handle });
      return handle;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((timer) => timer.handle === handle);
      if (index !== -1) timers.splice(index, 1);
    },
    advance(ms) {
      now += ms;
      for (const timer of timers.filter((candidate) => candidate.dueAt <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.callback();
      }
    },
    pending: () => timers.length,
  };
  return clock;
}

afterEach(() => {
  expect((globalThis as Record<symbol, unknown>)[KEY]).toBeUndefined();
});

describe('defaultClock', () => {
  it('is the system clock while no provider is installed', async () => {
    expect(Math.abs(defaultClock.wallTime() - Date.now())).toBeLessThan(50);
    expect(Math.abs(defaultClock.now() - performance.now())).toBeLessThan(50);
    const before = performance.now();
    await sleep(defaultClock, 20);
    expect(performance.now() - before).toBeGreaterThanOrEqual(15);
  });

  it("asks the provider at call time, so each async context gets its own invocation's clock", async () => {
    const store = new AsyncLocalStorage<Clock>();
    const uninstall = installAmbientClock(() => store.getStore());
    try {
      const virtual = steppedClock(1_000_000);
      expect(store.run(virtual, () => defaultClock.now())).toBe(1_000_000);
      expect(store.run(virtual, () => defaultClock.wallTime())).toBe(1_000_000);
      expect(store.run(virtual, () => defaultClock.random())).toBe(0.25);
      // Outside the context, the system answers.
      expect(Math.abs(defaultClock.wallTime() - Date.now())).toBeLessThan(50);

      let woke = false;
      const slept = store.run(virtual, () => sleep(defaultClock, 60_000).then(() => (woke = true)));
      expect(virtual.pending()).toBe(1);
      virtual.advance(59_999);
      await Promise.resolve();
      expect(woke).toBe(false);
      virtual.advance(1);
      await slept;
      expect(woke).toBe(true);
    } finally {
      uninstall();
    }
  });

  it('clears a timer on the clock that armed it, from any context', async () => {
    const store = new AsyncLocalStorage<Clock>();
    const uninstall = installAmbientClock(() => store.getStore());
    try {
      const virtual = steppedClock(0);
      let fired = false;
      const handle = store.run(virtual, () => defaultClock.setTimeout(() => (fired = true), 10));
      expect(virtual.pending()).toBe(1);
      defaultClock.clearTimeout(handle); // outside the context: still cleared on `virtual`
      expect(virtual.pending()).toBe(0);
      virtual.advance(100);
      expect(fired).toBe(false);

      let systemFired = false;
      const systemHandle = defaultClock.setTimeout(() => (systemFired = true), 1);
      store.run(virtual, () => defaultClock.clearTimeout(systemHandle)); // a system timer, cleared inside
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(systemFired).toBe(false);
    } finally {
      uninstall();
    }
  });

  it('is found through the global registry, so a second copy of the kit sees the same provider', () => {
    const virtual = steppedClock(42);
    const uninstall = installAmbientClock(() => virtual);
    try {
      // What another copy of the kit does, knowing only the registered key.
      const provider = (globalThis as Record<symbol, unknown>)[Symbol.for('shiftguard.ambientClock')];
      expect((provider as () => Clock)().now()).toBe(42);
    } finally {
      uninstall();
    }
  });
});

describe('installAmbientClock', () => {
  it('chains to the provider already installed and restores it when uninstalled', () => {
    const first = steppedClock(1);
    const second = steppedClock(2);
    let secondAnswers = true;
    const uninstallFirst = installAmbientClock(() => first);
    const uninstallSecond = installAmbientClock(() => (secondAnswers ? second : undefined));
    expect(defaultClock.now()).toBe(2);
    secondAnswers = false;
    expect(defaultClock.now()).toBe(1); // the second answers nothing: the first is asked
    secondAnswers = true;
    uninstallSecond();
    expect(defaultClock.now()).toBe(1);
    uninstallSecond(); // twice is harmless
    uninstallFirst();
    expect(defaultClock.now()).not.toBe(1);
  });

  it('leaves a provider installed over its own in place, answering through it', () => {
    const first = steppedClock(1);
    const second = steppedClock(2);
    let secondAnswers = true;
    const uninstallFirst = installAmbientClock(() => first);
    const uninstallSecond = installAmbientClock(() => (secondAnswers ? second : undefined));
    uninstallFirst(); // not on top: stays in the chain, answering nothing
    secondAnswers = false;
    expect(defaultClock).not.toBe(systemClock);
    expect(Math.abs(defaultClock.wallTime() - Date.now())).toBeLessThan(50);
    secondAnswers = true;
    expect(defaultClock.now()).toBe(2);
    uninstallSecond();
    // What is left is the first one's inactive link; removing it is not this test's business.
    delete (globalThis as Record<symbol, unknown>)[KEY];
  });

  it('installs into the realm it is given', () => {
    const realm = vm.runInNewContext('globalThis') as Record<symbol, unknown>;
    const uninstall = installAmbientClock(() => steppedClock(7), realm);
    expect((realm[KEY] as () => Clock)().now()).toBe(7);
    expect((globalThis as Record<symbol, unknown>)[KEY]).toBeUndefined();
    uninstall();
    expect(realm[KEY]).toBeUndefined();
  });
});
