import type { InputSource } from '../validate';
import { describeValue, invalid, optionalInteger } from '../validate';
import { seededRandom } from './seeded-random';

export function optionalRandom(
  source: InputSource,
  path: string,
  value: unknown,
): (() => number) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw invalid(
      source,
      path,
      `must be a function returning a number in [0, 1) (got ${describeValue(value)})`,
    );
  }
  return value as () => number;
}

/** A clock's `random` from its `random` or `seed` option (at most one of them); `Math.random` by default. */
export function randomOrSeed(
  source: InputSource,
  options: { random?: unknown; seed?: unknown },
): () => number {
  const random = optionalRandom(source, 'random', options.random);
  const seed = optionalInteger(source, 'seed', options.seed, { min: 0, max: 2 ** 32 - 1 });
  if (random !== undefined && seed !== undefined) {
    throw invalid(source, 'seed', 'cannot be given together with random: pass one source of randomness');
  }
  if (seed !== undefined) return seededRandom(seed);
  return random ?? Math.random;
}
