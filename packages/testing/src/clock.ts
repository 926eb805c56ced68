import type { InputSource } from './validate';
import { describeValue, invalid } from './validate';

/**
 * The emulator's source of time, in epoch milliseconds. Inject a fake one to make timestamps and
 * `getRemainingTimeInMillis()` deterministic.
 *
 * It does not drive the Lambda timeout: that is a real `setTimeout` of the function's `timeoutMs`. With a
 * fake clock, advancing it shortens the remaining time a handler sees without timing the handler out,
 * and a handler times out after `timeoutMs` of real time however the clock stands.
 *
 * @example
 * ```ts
 * let now = Date.UTC(2024, 0, 1);
 * const clock = { now: () => now };
 * const context = createLambdaContext({ clock, timeoutMs: 3000 });
 * now += 1000; // context.getRemainingTimeInMillis() === 2000
 * ```
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function optionalClock(source: InputSource, path: string, value: unknown): Clock | undefined {
  if (value === undefined) return undefined;
  const isObject = (typeof value === 'object' && value !== null) || typeof value === 'function';
  if (!isObject || typeof (value as { now?: unknown }).now !== 'function') {
    throw invalid(source, path, `must be an object with a now() method (got ${describeValue(value)})`);
  }
  return value as Clock;
}
