import type { CheckResult } from './check';
import type { DeploymentTarget } from './deployment-context';
import type { LifecycleEvent } from './lifecycle-event';
import { isBlockingResult } from './runner';

/** The status a hook reports to CodeDeploy. */
export type HookStatus = 'Succeeded' | 'Failed';

/** The one structured report of a hook run: logged as a single JSON line. */
export interface VerdictReport {
  readonly status: HookStatus;
  /** One sentence on why: the failing checks, the deadline, a break-glass, or all passed. */
  readonly reason: string;
  readonly deploymentId: string | undefined;
  readonly lifecycleEventHookExecutionId: string | undefined;
  readonly lifecycleEvent: LifecycleEvent | undefined;
  readonly target: DeploymentTarget | undefined;
  readonly durationMs: number;
  readonly checks: readonly CheckResult[];
  /** Set when a break-glass directive skipped the checks. */
  readonly breakGlass?: string;
}

/** Succeeded unless a required check failed, errored or timed out. */
export function verdictOf(results: readonly CheckResult[]): { status: HookStatus; reason: string } {
  const blocking = results.filter(isBlockingResult);
  if (blocking.length > 0) {
    const list = blocking.map(
      (result) => `${result.name} (${result.status}${result.message ? `: ${result.message}` : ''})`,
    );
    return {
      status: 'Failed',
      reason: `${blocking.length} required check(s) did not pass: ${list.join('; ')}`,
    };
  }
  const passed = results.filter((result) => result.status === 'pass').length;
  const warnings = results.filter(
    (result) => !result.required && result.status !== 'pass' && result.status !== 'skipped',
  );
  const warned = warnings.length > 0 ? `; ${warnings.length} non-blocking check(s) did not pass` : '';
  const skipped = results.filter((result) => result.status === 'skipped').length;
  const skippedNote = skipped > 0 ? `; ${skipped} skipped` : '';
  return {
    status: 'Succeeded',
    reason: `${passed} of ${results.length} check(s) passed${warned}${skippedNote}`,
  };
}
