import type { Validator } from '@shiftguard/kit';
import { seededRandom } from './seeded-random';

export function optionalRandom(v: Validator, path: string, value: unknown): (() => number) | undefined {
  if (value !== undefined && typeof value !== 'function') {
    v.wrongType(path, 'a function returning a number in [0, 1)', value);
  }
  return value as (() => number) | undefined;
}

/** A clock's `random` from its `random` or `seed` option (at most one of them); `Math.random` by default. */
export function randomOrSeed(v: Validator, options: { random?: unknown; seed?: unknown }): () => number {
  const random = optionalRandom(v, 'random', options.random);
  const seed = v.integer(options.seed, 'seed', { min: 0, max: 2 ** 32 - 1 });
  if (random !== undefined && seed !== undefined) {
    v.fail('seed', 'cannot be given together with random: pass one source of randomness');
  }
  if (seed !== undefined) return seededRandom(seed);
  return random ?? Math.random;
}
