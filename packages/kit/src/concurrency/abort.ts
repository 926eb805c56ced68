const ignore = () => {};

/**
 * One `abort` listener per signal, fanning out to every waiter: a wide parallel group would otherwise
 * add a listener per check (Node warns past 10, and adding scans the whole list).
 */
const abortWaiters = new WeakMap<AbortSignal, Set<() => void>>();

export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let waiters = abortWaiters.get(signal);
  if (!waiters) {
    const created = new Set<() => void>();
    waiters = created;
    abortWaiters.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        for (const waiter of created) waiter();
        created.clear();
      },
      { once: true },
    );
  }
  const registered = waiters;
  registered.add(callback);
  return () => registered.delete(callback);
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts — whichever is first. */
export function raceAbort<T>(work: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      Promise.resolve(work).then(ignore, ignore);
      reject(signal.reason);
      return;
    }
    const stopWaiting = onAbort(signal, () => reject(signal.reason));
    work.then(
      (value) => {
        stopWaiting();
        resolve(value);
      },
      (error: unknown) => {
        stopWaiting();
        reject(error);
      },
    );
  });
}
