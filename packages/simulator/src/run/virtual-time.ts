import { performance } from 'node:perf_hooks';
import type { ManualClock } from '@shiftguard/testing';
import { SimulationStalledError } from '../errors';
import type { HttpActivity } from './http-activity';

/** What the emulator's Lambda is doing, as `emulator.lambda.activity()` tells it. */
export interface LambdaActivity {
  readonly running: number;
  readonly queued: number;
  /** Grows at every invocation start and end. */
  readonly changes: number;
}

/** Something that happens at instants of virtual time the driver does not learn from a timer: traffic. */
export interface TimedSource {
  /** The next instant it wants, on the clock's `now()` scale; undefined for none. */
  nextAt(): number | undefined;
  /** Called with the clock at `nextAt()`. */
  fire(): void;
}

export interface VirtualTimeOptions {
  readonly clock: ManualClock;
  readonly lambda: () => LambdaActivity;
  readonly http: HttpActivity;
  /**
   * Real milliseconds of stillness after which code that is still running (a hook awaiting a timer of
   * its own, or one that hangs) is taken to wait on the clock, so time moves on.
   */
  readonly settleMs: number;
  /** Virtual milliseconds per real millisecond at most; `Infinity` moves as fast as the work allows. */
  readonly timeScale: number;
  /** Real milliseconds with nothing scheduled and nothing finishing before the driver gives up. */
  readonly stallLimitMs?: number;
}

/** Stillness must also span this many polls: a long synchronous stretch (a module loading) is not stillness. */
const QUIET_POLLS = 5;
const DEFAULT_STALL_LIMIT_MS = 10_000;
/** A poll this late (in real ms) found the event loop blocked by running code. */
const BLOCKED_POLL_MS = 15;
/** Blocked polls postpone stillness for at most this many `settleMs` after the last start or end. */
const MAX_STILL_FACTOR = 20;

/**
 * Moves a manual clock the way a deployment's own time would pass, as fast as the work allows: it
 * waits until nothing is running (no invocation, no HTTP request in flight), or until what still runs
 * has been still for `settleMs`, then jumps to the next instant anything waits for (the earliest timer
 * or traffic request). So a five-minute canary interval takes as long as its traffic takes to serve,
 * a hook's retries and deadline fire at their emulated instants, and the outcome does not depend on
 * the machine's speed.
 */
export class VirtualTime {
  readonly #options: VirtualTimeOptions;
  #realStart = 0;
  #virtualStart = 0;

  constructor(options: VirtualTimeOptions) {
    this.#options = options;
  }

  /** Runs until `done()` holds, moving time whenever the system is quiet. */
  async run(done: () => boolean, sources: readonly TimedSource[], onQuiet?: () => void): Promise<void> {
    const { clock } = this.#options;
    this.#realStart = performance.now();
    this.#virtualStart = clock.now();
    let stalledSince: number | undefined;
    for (;;) {
      await this.settle();
      onQuiet?.();
      if (done()) return;
      const timerAt = clock.pendingTimers()[0]?.dueAt;
      let source: TimedSource | undefined;
      let sourceAt: number | undefined;
      for (const candidate of sources) {
        const at = candidate.nextAt();
        if (at !== undefined && (sourceAt === undefined || at < sourceAt)) {
          sourceAt = at;
          source = candidate;
        }
      }
      if (timerAt === undefined && sourceAt === undefined) {
        // Nothing waits on the clock: whatever is left is real work outside it.
        stalledSince ??= performance.now();
        const limit = this.#options.stallLimitMs ?? DEFAULT_STALL_LIMIT_MS;
        if (performance.now() - stalledSince > limit) {
          throw new SimulationStalledError(
            `nothing was scheduled and nothing finished for ${limit} ms of real time, and the deployment had not ended`,
          );
        }
        await realDelay(this.#options.settleMs);
        continue;
      }
      stalledSince = undefined;
      if (source !== undefined && sourceAt !== undefined && (timerAt === undefined || sourceAt <= timerAt)) {
        await this.#pace(sourceAt);
        await clock.advanceTo(Math.max(sourceAt, clock.now()));
        source.fire();
      } else {
        await this.#pace(timerAt as number);
        await clock.next();
      }
    }
  }

  /**
   * Resolves once nothing runs, or what runs has been still (no invocation starting or ending, no
   * request starting or ending) for `settleMs` of real time over several polls.
   */
  async settle(): Promise<void> {
    const { lambda, http, settleMs } = this.#options;
    let fingerprint = -1;
    let changedAt = 0;
    let stillSince = 0;
    let stillPolls = 0;
    let polledAt = performance.now();
    for (;;) {
      await eventLoopTurns();
      const now = performance.now();
      // A poll that came late means the event loop was blocked: some code (a module compiling, a
      // handler computing) was running all along, which is work, not stillness.
      const blocked = now - polledAt > BLOCKED_POLL_MS;
      polledAt = now;
      const activity = lambda();
      const busy = activity.running + activity.queued + http.inFlight + pendingIo();
      const reading = activity.changes * 1e6 + http.changes;
      if (busy === 0) {
        if (reading === fingerprint && !blocked) return;
        fingerprint = reading;
        continue;
      }
      if (reading !== fingerprint) {
        fingerprint = reading;
        changedAt = now;
        stillSince = now;
        stillPolls = 0;
        continue;
      }
      // However loaded the machine, code that has started and ended nothing for this long waits on the clock (or hangs).
      if (blocked && now - changedAt < MAX_STILL_FACTOR * settleMs) {
        stillSince = now;
        stillPolls = 0;
      }
      stillPolls += 1;
      if (stillPolls >= QUIET_POLLS && now - stillSince >= settleMs) return;
      // Work that ends within a few turns (most invocations) is waited for without sleeping.
      if (stillPolls > 2) {
        await realDelay(1);
        polledAt = performance.now();
      }
    }
  }

  async #pace(virtualAt: number): Promise<void> {
    const { timeScale } = this.#options;
    if (!Number.isFinite(timeScale)) return;
    const dueReal = this.#realStart + (virtualAt - this.#virtualStart) / timeScale;
    const wait = dueReal - performance.now();
    if (wait > 0) await realDelay(wait);
  }
}

/**
 * Libuv requests this process is waiting on that are not HTTP: file reads (an SDK client reading its
 * config, a module being imported), DNS lookups, connects. Code waiting on one of them is working, not
 * waiting on the clock, however long a loaded machine takes to answer.
 */
const IO_REQUESTS = new Set([
  'FSReqCallback',
  'FSReqPromise',
  'FileHandleCloseReq',
  'GetAddrInfoReqWrap',
  'GetNameInfoReqWrap',
  'QueryReqWrap',
  'TCPConnectWrap',
  'PipeConnectWrap',
]);

function pendingIo(): number {
  let pending = 0;
  for (const resource of process.getActiveResourcesInfo()) if (IO_REQUESTS.has(resource)) pending += 1;
  return pending;
}

/** Lets promise chains and I/O callbacks that are ready run: a few turns of the event loop. */
async function eventLoopTurns(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
