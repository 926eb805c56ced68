import { BrandedError } from '@shiftguard/kit';

/**
 * Every error shiftguard raises extends {@link ShiftguardError} and carries a stable literal `code`.
 * `instanceof` holds across two copies of the package (the ESM and the CJS build side by side): it
 * compares brands, not prototypes.
 *
 * @example
 * ```ts
 * try { createHook({ checks: [], retries: 3 } as never); }
 * catch (error) { if (error instanceof ShiftguardError && error.code === 'SG_INVALID_OPTIONS') ... }
 * ```
 */
export abstract class ShiftguardError extends BrandedError {
  static override readonly brand: string = '@shiftguard/core';
}

/** Options given to a shiftguard factory are wrong: an unknown key, a bad type, a value out of range. */
export class InvalidOptionsError extends ShiftguardError {
  static override readonly brand: string = 'SG_INVALID_OPTIONS';
  readonly code = 'SG_INVALID_OPTIONS' as const;
}

/** The hook was invoked with something that is not a CodeDeploy lifecycle event. */
export class MalformedEventError extends ShiftguardError {
  static override readonly brand: string = 'SG_MALFORMED_EVENT';
  readonly code = 'SG_MALFORMED_EVENT' as const;
}

/** The deployment, its AppSpec, or the target function could not be worked out. */
export class DeploymentResolutionError extends ShiftguardError {
  static override readonly brand: string = 'SG_DEPLOYMENT_RESOLUTION';
  readonly code = 'SG_DEPLOYMENT_RESOLUTION' as const;
}

/**
 * Thrown by a check to fail with a message and structured details for the report.
 *
 * @example
 * ```ts
 * throw new CheckFailure('p99 latency over budget', { details: { p99Ms: 812, budgetMs: 500 } });
 * ```
 */
export class CheckFailure extends ShiftguardError {
  static override readonly brand: string = 'SG_CHECK_FAILED';
  readonly code = 'SG_CHECK_FAILED' as const;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options?: { details?: Record<string, unknown>; cause?: unknown }) {
    super(message, options);
    this.details = options?.details;
  }
}

/** Thrown by a check (or by shiftguard for it) to mark it skipped rather than passed or failed. */
export class CheckSkipped extends ShiftguardError {
  static override readonly brand: string = 'SG_CHECK_SKIPPED';
  readonly code = 'SG_CHECK_SKIPPED' as const;
}

/** A check ran past the time a `timeout()` gave it. */
export class CheckTimeoutError extends ShiftguardError {
  static override readonly brand: string = 'SG_CHECK_TIMEOUT';
  readonly code = 'SG_CHECK_TIMEOUT' as const;
}

/** The hook's own deadline (Lambda remaining time minus the report reserve) ran out. */
export class DeadlineExceededError extends ShiftguardError {
  static override readonly brand: string = 'SG_DEADLINE_EXCEEDED';
  readonly code = 'SG_DEADLINE_EXCEEDED' as const;
}

/** A running check was cancelled because a required sibling failed (fail-fast). */
export class CancelledError extends ShiftguardError {
  static override readonly brand: string = 'SG_CANCELLED';
  readonly code = 'SG_CANCELLED' as const;
}

/** A combinator was used outside a plan, or a plan is shaped wrongly. */
export class PlanError extends ShiftguardError {
  static override readonly brand: string = 'SG_PLAN';
  readonly code = 'SG_PLAN' as const;
}

/** The status could not be delivered to CodeDeploy, after every retry the deadline allowed. */
export class ReportError extends ShiftguardError {
  static override readonly brand: string = 'SG_REPORT_FAILED';
  readonly code = 'SG_REPORT_FAILED' as const;
}
