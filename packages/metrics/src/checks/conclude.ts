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
      if (inconclusive !== 'fail') {
        if (inconclusive === 'warn') {
          ctx.logger.warn('shiftguard check inconclusive', { check, reason: outcome.reason });
        }
        return passWith({ message: `inconclusive, passed as asked: ${outcome.reason}`, details });
      }
      throw new CheckFailure(`inconclusive: ${outcome.reason}`, { details });
    case 'Error':
      throw new MetricQueryError(outcome.reason);
  }
}
