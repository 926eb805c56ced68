import { type CheckContext, CheckFailure, type CheckPass, passWith } from '@shiftguard/core';
import type { Validator } from '@shiftguard/kit';
import type { AnalysisOutcome } from '../analysis/analysis';
import { MetricQueryError } from '../errors';

/**
 * What an inconclusive outcome does to the check: `fail` (default; no evidence is not a pass),
 * `pass` (reported as inconclusive in its message and details), or `warn` (the same, and a warning
 * in the log).
 */
export type InconclusivePolicy = 'fail' | 'pass' | 'warn';

export function validateInconclusivePolicy(value: unknown, validator: Validator): InconclusivePolicy {
  return (
    (validator.oneOf(value, 'inconclusive', ['fail', 'pass', 'warn']) as InconclusivePolicy | undefined) ??
    'fail'
  );
}

/** The check's outcome from an analysis: a pass with its figures, or a failure saying why. */
export function concludeAnalysis(
  outcome: AnalysisOutcome,
  inconclusive: InconclusivePolicy,
  ctx: CheckContext,
  check: string,
): CheckPass {
  const details = {
    outcome: outcome.phase,
    measurementsTaken: outcome.taken,
    failed: outcome.failed,
    inconclusive: outcome.inconclusive,
    errors: outcome.errors,
    measurements: outcome.measurements,
  };
  switch (outcome.phase) {
    case 'Successful':
      return passWith({ message: outcome.reason, details });
    case 'Failed':
      throw new CheckFailure(outcome.reason, { details });
    case 'Inconclusive':
      return concludeInconclusive(inconclusive, { reason: outcome.reason, details }, ctx, check);
    case 'Error':
      throw new MetricQueryError(outcome.reason);
  }
}

/**
 * What an inconclusive outcome becomes under the policy: a failure, or a pass saying it was
 * inconclusive (with a warning in the log under `warn`). `prefix` leads the message (`version 7 against 6: `).
 */
export function concludeInconclusive(
  policy: InconclusivePolicy,
  outcome: { readonly reason: string; readonly details: Record<string, unknown>; readonly prefix?: string },
  ctx: CheckContext,
  check: string,
): CheckPass {
  const { reason, details, prefix = '' } = outcome;
  if (policy === 'fail') throw new CheckFailure(`${prefix}inconclusive: ${reason}`, { details });
  if (policy === 'warn') ctx.logger.warn('shiftguard check inconclusive', { check, reason });
  return passWith({ message: `${prefix}inconclusive, passed as asked: ${reason}`, details });
}
