import { AsyncLocalStorage } from 'node:async_hooks';
import { mainRealm } from './realm';

/** The Lambda log levels console methods map to, as in the Node.js runtime (`console.log` is INFO). */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Where one invocation's output goes while its handler (and anything it started) runs. */
export interface CaptureTarget {
  /** A console call inside the invocation. */
  log(level: LogLevel, args: readonly unknown[]): void;
  /** A raw `process.stdout` / `process.stderr` write inside the invocation. */
  write(text: string): void;
  /** Overlaid on `process.env` during the invocation: the function's variables and Lambda's own. */
  readonly env: Record<string, string>;
}

const CONSOLE_LEVELS: Readonly<Record<string, LogLevel>> = {
  log: 'INFO',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  debug: 'DEBUG',
  trace: 'TRACE',
};

/**
 * Handlers run in-process and concurrently, so "which invocation is logging" can only be answered
 * by the async context the write happens in. Outside any invocation the store is empty and every
 * patched method passes straight through to the original.
 */
const storage = new AsyncLocalStorage<CaptureTarget>();
let holders = 0;
let uninstall: (() => void) | undefined;

/**
 * Installs the console/stdout/env patches for as long as at least one holder needs them. Each
 * emulator holds them from its first invocation to its `close()`; the last release restores
 * everything that still carries our patch.
 */
export function acquireLogCapture(): () => void {
  holders += 1;
  if (holders === 1) uninstall = install();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) {
      uninstall?.();
      uninstall = undefined;
    }
  };
}

/** Runs `fn` (the handler call) with its output routed to `target`, including output of work it starts. */
export function runCaptured<T>(target: CaptureTarget, fn: () => T): T {
  return storage.run(target, fn);
}

function install(): () => void {
  const undo: (() => void)[] = [];
  // In a jest sandbox the emulator's `console` and `process` are copies: inline handlers use those,
  // module handlers (loaded by Node itself) use the main realm's. Patch both, each once.
  const realms = unique([globalThis, mainRealm()]);
  for (const realmConsole of unique(realms.map((realm) => realm.console))) {
    for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
      undo.push(patchConsoleMethod(realmConsole, method, level));
    }
  }
  const processes = unique(realms.map((realm) => realm.process));
  for (const stream of unique(processes.flatMap((proc) => [proc.stdout, proc.stderr]))) {
    undo.push(patchWrite(stream));
  }
  for (const proc of processes) undo.push(patchEnv(proc));
  return () => {
    for (const step of undo.reverse()) step();
  };
}

function patchConsoleMethod(target: Console, method: string, level: LogLevel): () => void {
  const holder = target as unknown as Record<string, unknown>;
  const original = holder[method];
  if (typeof original !== 'function') return () => {};
  const replacement = function (this: unknown, ...args: unknown[]): unknown {
    const capture = storage.getStore();
    if (capture === undefined) return original.apply(this, args);
    capture.log(level, args);
    return undefined;
  };
  return replace(holder, method, replacement);
}

function patchWrite(stream: NodeJS.WriteStream): () => void {
  const holder = stream as unknown as Record<string, unknown>;
  const original = holder.write;
  if (typeof original !== 'function') return () => {};
  const replacement = function (this: unknown, ...args: unknown[]): unknown {
    const capture = storage.getStore();
    if (capture === undefined) return original.apply(this, args);
    const [chunk, encodingOrCallback, maybeCallback] = args;
    capture.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  };
  return replace(holder, 'write', replacement);
}

/** `process.env` reads inside an invocation see the function's environment first, as in Lambda. */
function patchEnv(proc: NodeJS.Process): () => void {
  const real = proc.env;
  const overlay = (key: string | symbol): Record<string, string> | undefined => {
    const capture = storage.getStore();
    return capture !== undefined && typeof key === 'string' && Object.hasOwn(capture.env, key)
      ? capture.env
      : undefined;
  };
  const proxy = new Proxy(real, {
    get(target, key) {
      const env = overlay(key);
      return env === undefined ? Reflect.get(target, key) : env[key as string];
    },
    set(target, key, value) {
      const capture = storage.getStore();
      if (capture === undefined || typeof key !== 'string') return Reflect.set(target, key, value);
      // A handler's writes stay with its invocation; they must not leak into the test process.
      capture.env[key] = String(value);
      return true;
    },
    has(target, key) {
      return overlay(key) !== undefined || Reflect.has(target, key);
    },
    deleteProperty(target, key) {
      const env = overlay(key);
      if (env === undefined) return Reflect.deleteProperty(target, key);
      delete env[key as string];
      return true;
    },
    ownKeys(target) {
      const capture = storage.getStore();
      const keys = Reflect.ownKeys(target);
      if (capture === undefined) return keys;
      return [...new Set([...keys, ...Object.keys(capture.env)])];
    },
    getOwnPropertyDescriptor(target, key) {
      const env = overlay(key);
      if (env === undefined) return Reflect.getOwnPropertyDescriptor(target, key);
      return { value: env[key as string], writable: true, enumerable: true, configurable: true };
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

/** Replaces a method; undoing restores it only if nobody replaced ours since (a spy, another copy). */
function replace(holder: Record<string, unknown>, key: string, replacement: unknown): () => void {
  const hadOwn = Object.hasOwn(holder, key);
  const original = holder[key];
  try {
    holder[key] = replacement;
  } catch {
    return () => {};
  }
  return () => {
    if (holder[key] !== replacement) return;
    if (hadOwn) holder[key] = original;
    else delete holder[key];
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
