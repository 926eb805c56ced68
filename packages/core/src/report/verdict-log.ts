import { describeThrown, redactText } from '@shiftguard/kit';
import type { HookLogger } from '../telemetry/logger';
import type { ReportOutcome } from './report-status';
import type { HookStatus, VerdictReport } from './verdict';

/** The verdict as one JSON log line (info when it succeeded, warn otherwise), break-glass called out. */
export function logVerdict(logger: HookLogger, verdict: VerdictReport): void {
  if (verdict.breakGlass)
    logger.warn('shiftguard break-glass: checks skipped', { breakGlass: verdict.breakGlass });
  const log = verdict.status === 'Succeeded' ? logger.info : logger.warn;
  log.call(logger, 'shiftguard verdict', { verdict });
}

/** How the status report ended, at the level it deserves. */
export function logReportOutcome(
  logger: HookLogger,
  outcome: ReportOutcome,
  deploymentId: string,
  status: HookStatus,
): void {
  const ids = { deploymentId, attempts: outcome.attempts, status };
  if (outcome.kind === 'reported') logger.info('shiftguard reported to CodeDeploy', ids);
  else if (outcome.kind === 'already-completed') {
    logger.warn(
      'shiftguard: CodeDeploy already has a status for this hook execution (duplicate delivery)',
      ids,
    );
  } else {
    logger.error('shiftguard: CodeDeploy rejected the status report; a retry cannot fix this', {
      ...ids,
      error: redactText(describeThrown(outcome.error)),
    });
  }
}
