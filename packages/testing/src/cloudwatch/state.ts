import type { Clock } from '@shiftguard/kit';
import type { MetricStore } from '../metrics/store';

/** What the CloudWatch service reads and writes: the emulator's one metric store and clock. */
export class CloudWatchState {
  constructor(
    readonly store: MetricStore,
    readonly clock: Clock,
    readonly region: string,
  ) {}

  /** Epoch ms on the emulator clock. */
  now(): number {
    return this.clock.wallTime();
  }
}
