import { redact, redactText } from '@shiftguard/kit';
import type { ReportCheck, ReportCheckStatus } from './model';

const STATUSES: ReadonlySet<string> = new Set(['pass', 'fail', 'error', 'skipped', 'timed-out']);
const FAILING: ReadonlySet<string> = new Set(['fail', 'error', 'timed-out']);

/** A check result as a verdict holds it: the core's `CheckResult`, or the JSON line a hook logged. */
export interface CheckLike {
  readonly name: unknown;
  readonly status: unknown;
  readonly required?: unknown;
  readonly durationMs?: unknown;
  readonly attempts?: unknown;
  readonly message?: unknown;
  readonly details?: unknown;
}

/**
 * One check as reports show it. A hook's verdict line is read from its log, so nothing in it is
 * trusted: a status the report does not know reads as `error`, and secrets in messages and details
 * are redacted again (a custom check may have put one there).
 */
export function reportCheck(check: CheckLike): ReportCheck {
  const status = (
    typeof check.status === 'string' && STATUSES.has(check.status) ? check.status : 'error'
  ) as ReportCheckStatus;
  const required = check.required !== false;
  const details =
    check.details !== null && typeof check.details === 'object' && !Array.isArray(check.details)
      ? (redact(check.details, 12) as Record<string, unknown>)
      : undefined;
  return {
    name: typeof check.name === 'string' && check.name !== '' ? check.name : '(unnamed check)',
    status,
    required,
    blocking: required && FAILING.has(status),
    durationMs: finiteOrUndefined(check.durationMs),
    attempts: finiteOrUndefined(check.attempts),
    message:
      typeof check.message === 'string' && check.message !== '' ? redactText(check.message) : undefined,
    details,
  };
}

function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
