/**
 * An invocation's `process.env` over the test process's: a string shows that value, `undefined` hides the
 * variable (a deletion, kept with the invocation like its writes).
 */
export type EnvOverlay = Record<string, string | undefined>;

/**
 * Lambda's environment has no `AWS_*` variable but its own and the function's. The test process's —
 * credentials, `AWS_PROFILE`, `AWS_ENDPOINT_URL_<SERVICE>`, ... — would send SDK clients in handler code
 * to real AWS, so an invocation does not see them.
 */
const HIDDEN_PREFIX = 'AWS_';

const PASS = Symbol('pass');

/** What an invocation sees for `name`: a value, `undefined` (hidden), or PASS (the test process's). */
function view(overlay: EnvOverlay, name: string): string | undefined | typeof PASS {
  if (Object.hasOwn(overlay, name)) return overlay[name];
  return name.startsWith(HIDDEN_PREFIX) ? undefined : PASS;
}

/**
 * Replaces `proc.env` with a proxy that, while `current()` returns an overlay (inside an invocation),
 * reads through it and keeps writes and deletions in it; outside invocations it is the real `env`.
 * Returns the undo step.
 */
export function patchEnv(proc: NodeJS.Process, current: () => EnvOverlay | undefined): () => void {
  const real = proc.env;
  const overlayFor = (key: string | symbol): EnvOverlay | undefined =>
    typeof key === 'string' ? current() : undefined;
  const proxy = new Proxy(real, {
    get(target, key) {
      const overlay = overlayFor(key);
      const value = overlay === undefined ? PASS : view(overlay, key as string);
      return value === PASS ? Reflect.get(target, key) : value;
    },
    set(target, key, value) {
      const overlay = overlayFor(key);
      if (overlay === undefined) return Reflect.set(target, key, value);
      // A handler's writes stay with its invocation; they must not leak into the test process.
      overlay[key as string] = String(value);
      return true;
    },
    deleteProperty(target, key) {
      const overlay = overlayFor(key);
      if (overlay === undefined) return Reflect.deleteProperty(target, key);
      // So do its deletions: a tombstone hides the variable from this invocation only.
      overlay[key as string] = undefined;
      return true;
    },
    has(target, key) {
      const overlay = overlayFor(key);
      const value = overlay === undefined ? PASS : view(overlay, key as string);
      return value === PASS ? Reflect.has(target, key) : value !== undefined;
    },
    ownKeys(target) {
      const overlay = current();
      const keys = Reflect.ownKeys(target);
      if (overlay === undefined) return keys;
      const shown = keys.filter((key) => typeof key !== 'string' || view(overlay, key) === PASS);
      for (const [name, value] of Object.entries(overlay)) if (value !== undefined) shown.push(name);
      return [...new Set(shown)];
    },
    getOwnPropertyDescriptor(target, key) {
      const overlay = overlayFor(key);
      const value = overlay === undefined ? PASS : view(overlay, key as string);
      if (value === PASS) return Reflect.getOwnPropertyDescriptor(target, key);
      if (value === undefined) return undefined;
      return { value, writable: true, enumerable: true, configurable: true };
    },
  });
  try {
    proc.env = proxy;
  } catch {
    return () => {};
  }
  return () => {
    if (proc.env === proxy) proc.env = real;
  };
}
