import type { DeploymentTarget } from '../deployment/deployment-context';
import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { type CheckResult, isBlockingResult } from '../plan/result';

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

/** Everything a run knows when it is time to decide: what ran, and what went wrong around it. */
export interface VerdictInputs {
  readonly deploymentId: string | undefined;
  readonly executionId: string | undefined;
  readonly lifecycleEvent: LifecycleEvent | undefined;
  readonly target: DeploymentTarget | undefined;
  readonly durationMs: number;
  readonly results: readonly CheckResult[];
  /** Why checks were skipped by a break-glass directive, if they were. */
  readonly breakGlass: string | undefined;
  /** What stopped the run outside the checks: resolution, the deadline, an unexpected error. */
  readonly failureReason: string | undefined;
}

/**
 * The verdict of a run: break-glass succeeds (loudly); a failure outside the checks fails, with the
 * checks' own reason added; a run where nothing ran fails, since it proved nothing; else the checks decide.
 */
export function assembleVerdict(inputs: VerdictInputs): VerdictReport {
  const common = {
    deploymentId: inputs.deploymentId,
    lifecycleEventHookExecutionId: inputs.executionId,
    lifecycleEvent: inputs.lifecycleEvent,
    target: inputs.target,
    durationMs: inputs.durationMs,
    checks: inputs.results,
  };
  if (inputs.breakGlass) {
    return {
      ...common,
      status: 'Succeeded',
      reason: `checks skipped by break-glass: ${inputs.breakGlass}`,
      breakGlass: inputs.breakGlass,
    };
  }
  const fromChecks = verdictOf(inputs.results);
  if (inputs.failureReason) {
    const reason =
      fromChecks.status === 'Failed' ? `${inputs.failureReason}; ${fromChecks.reason}` : inputs.failureReason;
    return { ...common, status: 'Failed', reason };
  }
  if (inputs.results.length === 0) return { ...common, status: 'Failed', reason: 'no check ran' };
  return { ...common, ...fromChecks };
}

/** The verdict when describing the real one failed: CodeDeploy still hears Failed, with why. */
export function failsafeVerdict(reason: string): VerdictReport {
  return {
    status: 'Failed',
    reason,
    deploymentId: undefined,
    lifecycleEventHookExecutionId: undefined,
    lifecycleEvent: undefined,
    target: undefined,
    durationMs: 0,
    checks: [],
  };
}
