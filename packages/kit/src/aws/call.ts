import { raceAbort } from '../concurrency/abort';
import { type Clock, sleep } from '../time/clock';

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
]);

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Throttling, 5xx, network failures and timed-out attempts: worth another try. */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as AwsErrorShape;
  if (shape.name && THROTTLING_ERRORS.has(shape.name)) return true;
  if ((shape.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (shape.$retryable) return true;
  if (shape.code && NETWORK_ERROR_CODES.has(shape.code)) return true;
  if (shape.name === 'TimeoutError' || shape.name === 'AbortError') return true;
  return /socket hang up|ECONNRESET|network/i.test(shape.message ?? '');
}

/** Options of {@link callAws}. */
export interface AwsCallOptions {
  /** Times each attempt, waits the backoff and draws its jitter. */
  clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout' | 'random'>;
  /** Clock time after which no attempt starts and no backoff is waited. */
  deadlineAt: number;
  /** Aborts the current attempt and stops retrying. */
  signal?: AbortSignal;
  /** Told about each retry (operation, attempt, error name). */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;
const MIN_ATTEMPT_MS = 500;

/**
 * Calls AWS with retries of transient errors for as long as the deadline allows. Each attempt gets
 * half the remaining time (at least 500 ms), so one hung connection cannot eat the whole budget.
 * Resolves with `{ attempts, value }`; rejects with the last error, marked with the attempt count.
 */
export async function callAws<T>(
  send: (abortSignal: AbortSignal) => Promise<T>,
  options: AwsCallOptions,
): Promise<{ value: T; attempts: number }> {
  const { clock, deadlineAt, signal } = options;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadlineAt - clock.now();
    const attemptController = new AbortController();
    const forward = () => attemptController.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    const budget = Math.max(0, Math.min(remaining, Math.max(MIN_ATTEMPT_MS, remaining / 2))) || 0;
    const timer = clock.setTimeout(() => {
      const timeout = new Error(`attempt ${attempt} timed out after ${Math.round(budget)} ms`);
      timeout.name = 'TimeoutError';
      attemptController.abort(timeout);
    }, budget);
    try {
      if (signal?.aborted) throw signal.reason;
      // The SDK honours abortSignal, but a custom client might not: never wait past the attempt's signal.
      const value = await raceAbort(send(attemptController.signal), attemptController.signal);
      return { value, attempts: attempt };
    } catch (error) {
      const delay = clock.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
      const giveUp =
        signal?.aborted ||
        !isTransientAwsError(error) ||
        clock.now() + delay >= deadlineAt - MIN_RETRY_WINDOW_MS;
      if (giveUp) throw withAttempts(error, attempt);
      options.onRetry?.(attempt, error, delay);
      await sleep(clock, delay, signal).catch(() => undefined);
    } finally {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }
}

/** A retry needs some time to have a chance at all. */
const MIN_RETRY_WINDOW_MS = 20;

function withAttempts(error: unknown, attempts: number): unknown {
  if (typeof error === 'object' && error !== null) {
    try {
      Object.defineProperty(error, 'shiftguardAttempts', {
        value: attempts,
        enumerable: false,
        configurable: true,
      });
    } catch {
      // A frozen error still propagates; only the attempt count is lost.
    }
  }
  return error;
}
