import { AsyncLocalStorage } from 'node:async_hooks';
import { type Clock, installAmbientClock } from '@shiftguard/kit';
import { type EnvOverlay, patchEnv } from './env-overlay';
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
  readonly env: EnvOverlay;
  /**
   * The clock shiftguard code in the invocation gets when it was given none (the kit's `defaultClock`):
   * the emulator's, under `codeClock: 'emulator'`; `undefined` leaves it the system clock.
   */
  readonly clock?: Clock;
  /**
   * True once the invocation has ended (its REPORT line written). Work it started may still run — an
   * abandoned handler after a timeout, a timer such as a shared log flusher — but its output then goes
   * to the console, never into a log that is already complete.
   */
  readonly ended?: boolean;
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
 * Installs the console/stdout/env patches and the ambient clock provider for as long as at least one
 * holder needs them. Each
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

/** The invocation whose log output is being written, if it is still under way. */
function openCapture(): CaptureTarget | undefined {
  const capture = storage.getStore();
  return capture === undefined || capture.ended === true ? undefined : capture;
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
  // The environment stays the invocation's for as long as its work runs, even after it ended; so does
  // its clock, which that work's pending timers are already on.
  for (const proc of processes) undo.push(patchEnv(proc, () => storage.getStore()?.env));
  // Inline handlers read the sandbox's global, module handlers (and the kit copy a bundle carries) the
  // main realm's. A provider another copy of this package installed is chained to, not replaced.
  for (const realm of realms) undo.push(installAmbientClock(() => storage.getStore()?.clock, realm));
  return () => {
    for (const step of undo.reverse()) step();
  };
}

function patchConsoleMethod(target: Console, method: string, level: LogLevel): () => void {
  const holder = target as unknown as Record<string, unknown>;
  const original = holder[method];
  if (typeof original !== 'function') return () => {};
  const replacement = function (this: unknown, ...args: unknown[]): unknown {
    const capture = openCapture();
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
    const capture = openCapture();
    if (capture === undefined) return original.apply(this, args);
    const [chunk, encodingOrCallback, maybeCallback] = args;
    capture.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  };
  return replace(holder, 'write', replacement);
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
