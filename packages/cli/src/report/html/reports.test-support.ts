// Report documents for the renderer's tests: a `shiftguard run` report (no deployment, nothing over
// time) and the simulated deployments of commands/simulate's hand-written results.
import {
  ALARM_ROLLBACK_RESULT,
  IAM_FAILURE_RESULT,
  PROMOTED_RESULT,
} from '../../commands/simulate/simulations.test-support';
import { simulationReport } from '../from-simulation';
import {
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
  type ReportCheck,
  type ReportHook,
  type ShiftguardReport,
} from '../model';

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

export const promotedReport = (): ShiftguardReport => simulationReport(PROMOTED_RESULT, { now: NOW });
export const alarmRollbackReport = (): ShiftguardReport =>
  simulationReport(ALARM_ROLLBACK_RESULT, { now: NOW });
export const iamFailureReport = (): ShiftguardReport => simulationReport(IAM_FAILURE_RESULT, { now: NOW });

export function check(overrides: Partial<ReportCheck> & Pick<ReportCheck, 'name'>): ReportCheck {
  const status = overrides.status ?? 'pass';
  const required = overrides.required ?? true;
  return {
    status,
    required,
    blocking: required && (status === 'fail' || status === 'error' || status === 'timed-out'),
    durationMs: 12,
    attempts: 1,
    message: undefined,
    details: undefined,
    ...overrides,
  };
}

export function hook(checks: readonly ReportCheck[], overrides: Partial<ReportHook> = {}): ReportHook {
  const failed = checks.some((c) => c.blocking);
  return {
    lifecycleEvent: 'BeforeAllowTraffic',
    functionName: 'CodeDeployHook_orders-pre-traffic',
    status: failed ? 'Failed' : 'Succeeded',
    reason: failed ? 'a required check did not pass' : `${checks.length} of ${checks.length} check(s) passed`,
    durationMs: 40,
    runs: 1,
    atMs: 40,
    checks,
    logs: [],
    ...overrides,
  };
}

/** What `shiftguard run` writes: the verdict of one hook's checks, no deployment, nothing over time. */
export function runReport(hooks: readonly ReportHook[]): ShiftguardReport {
  const passed = hooks.every((h) => h.status === 'Succeeded');
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'run',
    title: 'orders:live 1 → 2 (BeforeAllowTraffic checks)',
    generatedAt: new Date(NOW).toISOString(),
    outcome: {
      passed,
      label: passed ? 'Checks passed' : 'Checks failed',
      summary: passed ? 'Every required check passed.' : 'A required check did not pass.',
      cause: passed ? undefined : 'a required check did not pass',
    },
    target: {
      functionName: 'orders',
      logicalId: undefined,
      alias: 'live',
      currentVersion: '1',
      targetVersion: '2',
    },
    deployment: undefined,
    timeline: [],
    weights: [],
    traffic: undefined,
    alarms: [],
    hooks,
    warnings: [],
  };
}
