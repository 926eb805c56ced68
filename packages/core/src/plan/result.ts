import { describeThrown, redactText } from '@shiftguard/kit';

/** How a check ended. */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'skipped' | 'timed-out';

/** One line of the verdict report. */
export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly durationMs: number;
  /** False under `warnOnly()` and `dryRun()`: the result is reported but cannot fail the hook. */
  readonly required: boolean;
  readonly dryRun?: boolean;
  readonly attempts?: number;
  readonly message?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

const FAILING: ReadonlySet<CheckStatus> = new Set(['fail', 'error', 'timed-out']);

/** True when a result did not pass: failed, errored or timed out. */
export function isFailingStatus(status: CheckStatus): boolean {
  return FAILING.has(status);
}

/** True when a result counts against the verdict. */
export function isBlockingResult(result: CheckResult): boolean {
  return result.required && FAILING.has(result.status);
}

/** Returns a result for a required step that threw outside the plan (the middy handler). */
export function resultOfThrown(name: string, thrown: unknown, durationMs: number): CheckResult {
  return { name, status: 'error', required: true, durationMs, message: redactText(describeThrown(thrown)) };
}
