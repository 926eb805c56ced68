import { setMaxListeners } from 'node:events';
import { InvalidKitOptionsError } from '../errors/errors';

/** Options of {@link runPool}. */
export interface PoolOptions {
  /** Aborting it stops the pool: no task starts after, and running tasks see the pool's signal fire. */
  readonly signal?: AbortSignal;
  /** Asked before each task starts; `true` stops starting tasks (e.g. after the first failure). */
  readonly stopWhen?: () => boolean;
}

/**
 * Runs `task(0..count-1)` with at most `concurrency` at once, each given the pool's one signal, which
 * fires when the pool stops: on `options.signal` abort, or when a task throws. Every task gets the
 * same signal object, so a caller may build per-burst state around it once. Never leaves tasks
 * running after it settles; rethrows the first task error.
 *
 * @example
 * ```ts
 * await runPool(100, 10, async (index, signal) => { await probe(urls[index], signal); }, { signal: ctx.signal });
 * ```
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number, signal: AbortSignal) => Promise<void>,
  options: PoolOptions = {},
): Promise<void> {
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidKitOptionsError(`runPool: count must be an integer ≥ 0, got ${String(count)}`, {
      path: 'count',
    });
  }
  if (!(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))) {
    throw new InvalidKitOptionsError(
      `runPool: concurrency must be an integer ≥ 1 or Infinity, got ${String(concurrency)}`,
      { path: 'concurrency' },
    );
  }
  const { signal: parent, stopWhen } = options;
  const stop = stopWhen ?? never;
  const controller = new AbortController();
  // Every in-flight SDK call listens on this signal: a wide burst is fan-out, not a leak.
  setMaxListeners(0, controller.signal);
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async () => {
    while (next < count && !controller.signal.aborted && !stop()) {
      const index = next++;
      try {
        await task(index, controller.signal);
      } catch (error) {
        firstError ??= { error };
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.allSettled(Array.from({ length: Math.min(count, concurrency) }, worker));
  } finally {
    parent?.removeEventListener('abort', onParentAbort);
  }
  if (firstError) throw firstError.error;
}

const never = () => false;
