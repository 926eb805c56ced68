import type { CheckContext } from '@shiftguard/core';
import type { Validator } from '@shiftguard/kit';
import { MetricTargetError } from '../errors';

/**
 * The time a metric check looks at: `'deployment'` (from the deployment's creation until now) or the
 * last `minutes`. Ends at the current minute's end, so the minute in progress is included.
 */
export type MetricWindow = 'deployment' | { readonly minutes: number };

const MINUTE_MS = 60_000;

export function validateWindow(value: unknown, path: string, validator: Validator): MetricWindow {
  if (value === undefined || value === 'deployment') return 'deployment';
  const record = validator.object(value, path, ['minutes'], { noun: 'window key' });
  const minutes = validator.integer(record.minutes, `${path}.minutes`, { min: 1, max: 24 * 60 });
  if (minutes === undefined) validator.fail(`${path}.minutes`, "is required (or give window: 'deployment')");
  return { minutes };
}

/** Epoch-millisecond bounds of a window at this moment, whole minutes, end exclusive. */
export function windowRange(window: MetricWindow, ctx: CheckContext): { startTime: number; endTime: number } {
  const now = ctx.clock.wallTime();
  const endTime = Math.ceil((now + 1) / MINUTE_MS) * MINUTE_MS;
  if (window !== 'deployment') return { startTime: endTime - window.minutes * MINUTE_MS, endTime };
  const createdAt = ctx.deployment.createdAt;
  if (createdAt === undefined) {
    throw new MetricTargetError(
      "the deployment's start is unknown (a run without a deployment): give window { minutes } instead of 'deployment'",
    );
  }
  const startTime = Math.floor(createdAt / MINUTE_MS) * MINUTE_MS;
  return { startTime: Math.min(startTime, endTime - MINUTE_MS), endTime };
}
