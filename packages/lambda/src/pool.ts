import { setMaxListeners } from 'node:events';

/**
 * Runs `task(0..count-1)` with at most `concurrency` at once, each given the pool's one signal, which
 * fires when the pool stops: on `parent` abort, on `stop()` (e.g. the first failure), or when a task
 * throws. Every task gets the same signal object, so a caller may build per-burst state around it once.
 * Never leaves tasks running after it settles; rethrows the first task error.
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number, signal: AbortSignal) => Promise<void>,
  stop: () => boolean,
  parent: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  // Every in-flight SDK call listens on this signal: a wide burst is fan-out, not a leak.
  setMaxListeners(0, controller.signal);
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
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
    parent.removeEventListener('abort', onParentAbort);
  }
  if (firstError) throw firstError.error;
}
