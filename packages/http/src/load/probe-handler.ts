import type { Clock, LatencyHistogram } from '@shiftguard/kit';
import type { Dispatcher } from 'undici';
import { errorKind, type LoadErrorKind, statusClass } from './load-errors';

/** What every request of one probe run adds to. */
export interface LoadTally {
  readonly latencies: LatencyHistogram;
  readonly errors: Partial<Record<LoadErrorKind, number>>;
  completed: number;
}

/**
 * One worker's requests, one at a time over its connection: the undici handler of each, reused from
 * one request to the next so a request costs no closures of its own. Chunks are dropped as they come
 * (no body stream, no promise per answer), so the probe is not the bottleneck it measures.
 */
export class ProbeHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private startedAt = 0;
  private statusCode = 0;
  private done: () => void = () => {};

  constructor(
    private readonly request: Dispatcher.DispatchOptions,
    private readonly tally: LoadTally,
    private readonly isFailure: (status: number) => boolean,
    private readonly clock: Clock,
    private readonly stop: AbortSignal,
  ) {}

  /** Sends the next request; settles when it ended, however it ended (never rejects). */
  send(dispatcher: Dispatcher): Promise<void> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.startedAt = this.clock.now();
      this.statusCode = 0;
      dispatcher.dispatch(this.request, this);
    });
  }

  /** Aborts the request in flight, if any. */
  abort(reason: unknown): void {
    this.controller?.abort(reason as Error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.stop.aborted) controller.abort(this.stop.reason);
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const { tally } = this;
    tally.latencies.record(this.clock.now() - this.startedAt);
    tally.completed++;
    if (this.isFailure(this.statusCode)) count(tally.errors, statusClass(this.statusCode));
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.tally.completed++;
    if (!this.stop.aborted) count(this.tally.errors, errorKind(error));
    this.finish();
  }

  private finish(): void {
    this.controller = undefined;
    this.done();
  }
}

function count(errors: Partial<Record<LoadErrorKind, number>>, kind: LoadErrorKind): void {
  errors[kind] = (errors[kind] ?? 0) + 1;
}
