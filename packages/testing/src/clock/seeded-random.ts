/**
 * A repeatable source of numbers in [0, 1) (mulberry32): the same seed gives the same sequence in every
 * run, so which version a weighted alias picks, or any jitter, can be replayed.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ random: seededRandom(42) });
 * const clock = createManualClock({ seed: 42 }); // the same generator, as clock.random()
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
