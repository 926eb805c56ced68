/**
 * Runs `task(0..count-1)` with at most `concurrency` at once. Stops starting new tasks once `stop()`
 * says so (the first failure, or the signal), and waits for the ones running.
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  stop: () => boolean,
) {
  let next = 0;
  const worker = async () => {
    while (next < count && !stop()) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}
