/** How a command's long work ended: its result, what it threw, or the stop signal first. */
export type Ending<T> =
  | { readonly kind: 'done'; readonly result: T }
  | { readonly kind: 'threw'; readonly error: unknown }
  | { readonly kind: 'stopped' };

/**
 * The work's end, or the stop signal's, whichever comes first; a later rejection is not left
 * unhandled. The work itself goes on: neither the simulator nor `runChecks` takes a signal yet.
 */
export async function untilStopped<T>(work: Promise<T>, stop: AbortSignal): Promise<Ending<T>> {
  const ended = work.then(
    (result): Ending<T> => ({ kind: 'done', result }),
    (error: unknown): Ending<T> => ({ kind: 'threw', error }),
  );
  if (stop.aborted) return { kind: 'stopped' };
  let onAbort: () => void = () => {};
  const stopped = new Promise<Ending<T>>((resolve) => {
    onAbort = () => resolve({ kind: 'stopped' });
    stop.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([ended, stopped]);
  } finally {
    stop.removeEventListener('abort', onAbort);
  }
}
