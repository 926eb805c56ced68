import type { Clock } from '@shiftguard/kit';
import type { MetricStore } from '../metrics/store';
import { InvocationActivity } from './activity';
import { forgetSandboxes } from './handler-loader';
import { InvocationJournal } from './invocations';
import { LambdaMetrics } from './lambda-metrics';
import { acquireLogCapture } from './log-capture';
import { type FunctionRecord, LambdaRegistry } from './registry';
import { CodeStore } from './zip-code';

/** Lambda's documented waits before the second and the third attempt of a failed `Event` invocation. */
export const DEFAULT_ASYNC_RETRY_DELAYS_MS: readonly number[] = Object.freeze([60_000, 120_000]);

/** Everything the emulated Lambda service holds, shared by its wire operations and its test API. */
let nextEmulatorId = 1;

export class LambdaState {
  /**
   * Names this emulator's sandboxes: a handler module loaded for one of its function versions is
   * never the instance another emulator's (or another version's) code runs in.
   */
  readonly sandboxPrefix = `e${nextEmulatorId++}`;
  readonly registry: LambdaRegistry;
  readonly journal: InvocationJournal;
  /** What runs and waits right now, and how often that changed. */
  readonly activity = new InvocationActivity();
  readonly metrics: LambdaMetrics;
  /** Code uploaded over the wire (CreateFunction, UpdateFunctionCode), unpacked until `close()`. */
  readonly code = new CodeStore();
  /**
   * The last client-context header decoded, as JSON text: a burst of hook invocations sends the same
   * header every time, so validating and decoding it once is enough.
   */
  lastClientContext = { header: '', json: '' };
  /**
   * How long Lambda waits before each retry of an `Event` invocation that failed (function error or
   * timeout), from the end of the failed attempt: Lambda's two retries, "a one-minute wait between the
   * first two attempts, and two minutes between the second and third". `[]` turns retries off.
   */
  asyncRetryDelaysMs: readonly number[] = DEFAULT_ASYNC_RETRY_DELAYS_MS;
  /**
   * The clock shiftguard code inside an invocation gets when it was given none: this emulator's clock
   * under `codeClock: 'emulator'`, `undefined` (the system clock) under `'system'`.
   */
  codeClock: Clock | undefined = undefined;
  /** Asked once per `Event` invocation: a `duplicateDelivery` fault to apply, if one is injected. */
  takeDuplicateDelivery: () => { readonly delayMs: number } | undefined = () => undefined;
  private readonly timers = new Set<unknown>();
  private releaseCapture: (() => void) | undefined;
  private closed = false;
  private endpointUrl: string | undefined;

  constructor(
    readonly clock: Clock,
    readonly region: string,
    /** In [0, 1), like Math.random; weighted alias routing draws from it. */
    readonly random: () => number,
    readonly metricStore: MetricStore,
    /** How many invocation records to keep (see {@link InvocationJournal}). */
    invocationHistory?: number,
    /** Whether an invocation that did not fail publishes `Errors` 0 (see `startEmulator`'s `publishZeroErrors`). */
    publishZeroErrors = true,
  ) {
    this.journal = new InvocationJournal(invocationHistory);
    this.registry = new LambdaRegistry(clock, region);
    this.metrics = new LambdaMetrics(metricStore, publishZeroErrors);
  }

  /** Where the emulator listens: handler code reaches it through `AWS_ENDPOINT_URL`. */
  get endpoint(): string | undefined {
    return this.endpointUrl;
  }

  /** Set once the server listens, before the first request can arrive. */
  listening(endpoint: string): void {
    this.endpointUrl = endpoint;
  }

  /** Console capture is installed by the first invocation, not at start: CodeDeploy-only tests never patch anything. */
  captureLogs(): void {
    if (this.releaseCapture === undefined && !this.closed) this.releaseCapture = acquireLogCapture();
  }

  /** Takes a concurrency slot if the function's reserved concurrency allows one more. */
  tryAcquire(fn: FunctionRecord): boolean {
    if (fn.reservedConcurrency !== undefined && fn.running >= fn.reservedConcurrency) return false;
    fn.running += 1;
    return true;
  }

  /** Frees a slot and hands it to the oldest `Event` invocation waiting for one. */
  release(fn: FunctionRecord): void {
    fn.running -= 1;
    if (this.closed || fn.waiting.length === 0 || !this.tryAcquire(fn)) return;
    (fn.waiting.shift() as () => void)();
  }

  /** Runs `work` after `ms` on the clock, unless the emulator closed by then (retries, duplicate deliveries). */
  later(ms: number, work: () => void): void {
    if (this.closed) return;
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.closed) work();
    }, ms);
    this.timers.add(handle);
  }

  /**
   * Drops queued `Event` invocations and pending retries and restores the console; handlers still
   * running are left to finish.
   */
  close(): void {
    this.closed = true;
    for (const handle of this.timers) this.clock.clearTimeout(handle);
    this.timers.clear();
    for (const fn of this.registry.all()) this.activity.drop(fn.waiting.splice(0).length);
    this.releaseCapture?.();
    this.releaseCapture = undefined;
    this.code.close();
    forgetSandboxes(this.sandboxPrefix);
  }
}
