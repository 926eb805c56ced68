import { PlanError } from '../errors';
import type { Check } from './check';
import { assertCheck, type Backoff, compositeCheck, planValidator } from './plan';

/** Exponential backoff: `initialMs * factor^(attempt-1)`, capped at `maxMs`. */
export interface ExponentialBackoff {
  initialMs: number;
  factor?: number;
  maxMs?: number;
}

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Total attempts, including the first. At least 1. */
  attempts: number;
  /** Milliseconds between attempts: a constant, an exponential spec, or a function of the attempt number. Default: 200 ms doubling, at most 5 s. */
  backoff?: number | ExponentialBackoff | Backoff;
}

const DEFAULT_BACKOFF: ExponentialBackoff = { initialMs: 200, factor: 2, maxMs: 5000 };

/**
 * Runs a check again when it fails, up to `attempts` times, waiting `backoff` between attempts. Only
 * the last attempt is reported (with the number of attempts). Waiting stops when the hook's deadline nears.
 *
 * @example
 * ```ts
 * retry(httpProbe, { attempts: 3, backoff: { initialMs: 500 } });
 * ```
 */
export function retry(check: Check, options: RetryOptions): Check {
  assertCheck(check, 'retry check');
  if (typeof options !== 'object' || options === null)
    throw new PlanError('retry needs options { attempts }');
  planValidator.object(options, 'retry options', ['attempts', 'backoff'], { noun: 'retry option' });
  const { attempts } = options;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) {
    throw new PlanError(`retry attempts must be an integer from 1 to 100, got ${String(attempts)}`);
  }
  return compositeCheck(check.name, {
    kind: 'retry',
    child: check,
    attempts,
    backoff: toBackoff(options.backoff ?? DEFAULT_BACKOFF),
    // A function's delays may depend on the run (jitter): only a spec's are known beforehand.
    fixedBackoff: typeof options.backoff !== 'function',
  });
}

function toBackoff(spec: number | ExponentialBackoff | Backoff): Backoff {
  if (typeof spec === 'function') return spec;
  if (typeof spec === 'number') {
    assertDelay(spec, 'retry backoff');
    return () => spec;
  }
  if (typeof spec !== 'object' || spec === null)
    throw new PlanError('retry backoff must be a number, object or function');
  planValidator.object(spec, 'retry backoff', ['initialMs', 'factor', 'maxMs'], {
    noun: 'retry backoff option',
  });
  const { initialMs, factor = 2, maxMs = Number.POSITIVE_INFINITY } = spec;
  assertDelay(initialMs, 'retry backoff.initialMs');
  if (typeof factor !== 'number' || !(factor >= 1)) throw new PlanError('retry backoff.factor must be ≥ 1');
  if (typeof maxMs !== 'number' || !(maxMs >= 0)) throw new PlanError('retry backoff.maxMs must be ≥ 0');
  return (attempt) => Math.min(maxMs, initialMs * factor ** (attempt - 1));
}

function assertDelay(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PlanError(`${what} must be a finite number of milliseconds ≥ 0, got ${String(value)}`);
  }
}
