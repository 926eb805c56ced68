/**
 * Every error shiftguard raises extends {@link ShiftguardError} and carries a stable literal `code`.
 * Match on `code` rather than `instanceof`: two copies of the package in one bundle still agree on codes.
 *
 * @example
 * ```ts
 * try { createHook({ checks: [], retries: 3 } as never); }
 * catch (error) { if (error instanceof ShiftguardError && error.code === 'SG_INVALID_OPTIONS') ... }
 * ```
 */
export abstract class ShiftguardError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options given to a shiftguard factory are wrong: an unknown key, a bad type, a value out of range. */
export class InvalidOptionsError extends ShiftguardError {
  readonly code = 'SG_INVALID_OPTIONS' as const;
}

/** The hook was invoked with something that is not a CodeDeploy lifecycle event. */
export class MalformedEventError extends ShiftguardError {
  readonly code = 'SG_MALFORMED_EVENT' as const;
}

/** The deployment, its AppSpec, or the target function could not be worked out. */
export class DeploymentResolutionError extends ShiftguardError {
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
  readonly code = 'SG_CHECK_FAILED' as const;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options?: { details?: Record<string, unknown>; cause?: unknown }) {
    super(message, options);
    this.details = options?.details;
  }
}

/** Thrown by a check (or by shiftguard for it) to mark it skipped rather than passed or failed. */
export class CheckSkipped extends ShiftguardError {
  readonly code = 'SG_CHECK_SKIPPED' as const;
}

/** A check ran past the time a `timeout()` gave it. */
export class CheckTimeoutError extends ShiftguardError {
  readonly code = 'SG_CHECK_TIMEOUT' as const;
}

/** The hook's own deadline (Lambda remaining time minus the report reserve) ran out. */
export class DeadlineExceededError extends ShiftguardError {
  readonly code = 'SG_DEADLINE_EXCEEDED' as const;
}

/** A running check was cancelled because a required sibling failed (fail-fast). */
export class CancelledError extends ShiftguardError {
  readonly code = 'SG_CANCELLED' as const;
}

/** A combinator was used outside a plan, or a plan is shaped wrongly. */
export class PlanError extends ShiftguardError {
  readonly code = 'SG_PLAN' as const;
}

/** The status could not be delivered to CodeDeploy, after every retry the deadline allowed. */
export class ReportError extends ShiftguardError {
  readonly code = 'SG_REPORT_FAILED' as const;
}
