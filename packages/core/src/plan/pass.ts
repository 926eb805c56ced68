import { isPlainObject } from '@shiftguard/kit';
import { PlanError } from '../errors';

/** What a check returns to pass with a message and details in the verdict report; see {@link passWith}. */
export interface CheckPass {
  readonly code: 'SG_CHECK_PASSED';
  readonly message?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Returned from a check's `run`, it passes the check with a message and details in the verdict report
 * (a passing check has neither otherwise): the figures that made it pass, a journey's steps.
 *
 * @example
 * ```ts
 * defineCheck('queue-drained', async (ctx) => {
 *   const depth = await queueDepth(ctx.signal);
 *   if (depth > 0) throw new CheckFailure(`${depth} messages left`, { details: { depth } });
 *   return passWith({ message: 'queue empty', details: { depth } });
 * });
 * ```
 */
export function passWith(outcome: { message?: string; details?: Record<string, unknown> }): CheckPass {
  if (!isPlainObject(outcome)) throw new PlanError('passWith() needs { message?, details? }');
  const { message, details, ...unknown } = outcome;
  const extra = Object.keys(unknown);
  if (extra.length > 0) throw new PlanError(`passWith(): unknown key "${extra[0]}"; use message or details`);
  if (message !== undefined && typeof message !== 'string') {
    throw new PlanError(`passWith(): message must be a string, got ${typeof message}`);
  }
  if (details !== undefined && !isPlainObject(details)) {
    throw new PlanError('passWith(): details must be a plain object');
  }
  return {
    code: 'SG_CHECK_PASSED',
    ...(message !== undefined && { message }),
    ...(details !== undefined && { details }),
  };
}

/** By `code`, not by identity: a second copy of the package (ESM next to CJS) must agree. */
export function isCheckPass(value: unknown): value is CheckPass {
  try {
    return (value as { code?: unknown } | null)?.code === 'SG_CHECK_PASSED';
  } catch {
    return false;
  }
}
