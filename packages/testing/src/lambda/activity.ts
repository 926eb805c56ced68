import type { LambdaActivity } from './types';

/**
 * What the Lambda service is doing right now, counted as it happens so that reading it costs nothing:
 * a simulator polls it between steps of its clock, thousands of times a deployment, and must not scan
 * the invocation history to learn whether anything is still going on.
 */
export class InvocationActivity {
  private running = 0;
  private queued = 0;
  private changes = 0;
  private waiters: (() => void)[] = [];

  /** An `Event` delivery waits for a concurrency slot. */
  enqueue(): void {
    this.queued += 1;
    this.changes += 1;
  }

  /**
   * A waiting delivery got its slot; {@link start} follows at once. Not a change of its own, and never
   * idle in between: the one it replaces has not ended yet.
   */
  dequeue(): void {
    this.queued -= 1;
  }

  /** An invocation starts running (a synchronous call, an `Event` delivery, a retry); {@link end} follows once. */
  start(): void {
    this.running += 1;
    this.changes += 1;
  }

  end(): void {
    this.running -= 1;
    this.changes += 1;
    this.wakeIfIdle();
  }

  /** Deliveries that were waiting and never will run: the emulator closed. */
  drop(count: number): void {
    if (count === 0) return;
    this.queued -= count;
    this.changes += count;
    this.wakeIfIdle();
  }

  snapshot(): LambdaActivity {
    return { running: this.running, queued: this.queued, changes: this.changes };
  }

  /** Resolves once nothing runs or waits for a slot. */
  idle(): Promise<void> {
    if (this.running + this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wakeIfIdle(): void {
    if (this.running + this.queued > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
