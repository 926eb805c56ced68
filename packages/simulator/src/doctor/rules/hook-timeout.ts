// A hook's Lambda Timeout against what its plan needs. shiftguard's core keeps `reserveMs` before the
// Lambda deadline to report (default min(2000 ms, half the invocation's time); an explicit one below
// 250 ms is refused, `hook/options.ts`), and moves the plan's deadline earlier by the plan's largest
// `cleanupMs` (`hook/hook-invocation.ts`): the checks get Timeout − reserve − cleanup. A plan whose
// declared waits do not fit is cut at its deadline, reported timed out, and the deployment rolls back.
import type { Finding } from '../finding';
import { findingAt } from '../finding-at';
import { type DoctorRule, describeRule } from '../rule';
import { hooksOf, propertyPath } from './deployments';

/**
 * Lambda's limits on Timeout: whole seconds from 1 to 900 (15 minutes). They also cover core's floor:
 * at 1 s the default reserve is 500 ms (half the time), above the 250 ms a report needs for one round
 * trip (`MIN_RESERVE_MS`), so a Timeout that leaves the report less than that is below 1 s, an error here.
 */
const MAX_TIMEOUT_S = 900;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

export const hookTimeout: DoctorRule = {
  description: describeRule({
    id: 'hook-timeout',
    severity: 'error',
    summary: "A hook's Timeout is outside Lambda's limits, or too short for its check plan",
    help: "Lambda takes whole seconds from 1 to 900. A shiftguard hook keeps reserveMs (2 s by default, at most half the time) before the deadline to report and its plan's cleanupMs for cleanups; its checks get what is left. When the plan's least duration does not fit, every run is cut at the deadline and the deployment rolls back; when its longest does not, a slow run is. Raise the hook's Timeout to at least reserve + cleanup + the plan's duration, or shorten the plan.",
  }),
  async check(input) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const { hookFunction, event } of hooksOf(input.model)) {
      if (hookFunction === undefined || seen.has(hookFunction.logicalId)) continue;
      seen.add(hookFunction.logicalId);
      const { logicalId, timeout } = hookFunction;
      const path = propertyPath(logicalId, 'Timeout');
      const at = (message: string, fix: string, severity?: Finding['severity']) =>
        findingAt(input, hookTimeout, { logicalId, path, message, fix, ...(severity && { severity }) });
      if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_S) {
        findings.push(
          at(
            `${logicalId} (the ${event} hook) has Timeout ${timeout}: Lambda takes whole seconds from 1 to ${MAX_TIMEOUT_S}, so CloudFormation refuses the function`,
            `Set Timeout to a whole number of seconds from 1 to ${MAX_TIMEOUT_S}.`,
          ),
        );
        continue;
      }
      if (input.hookBudget === undefined) continue;
      const reading = await input.hookBudget(logicalId);
      if (reading.budget === undefined) {
        findings.push(
          at(
            `${logicalId}'s check plan was not read (${reading.why}): its Timeout ${timeout} s is not checked against it`,
            'Nothing to change if the hook is not a shiftguard hook; otherwise make its module load without AWS (no calls at import).',
            'info',
          ),
        );
        continue;
      }
      const { minMs, reserveMs, cleanupMs, source } = reading.budget;
      const maxMs =
        reading.budget.maxMs !== undefined && Number.isFinite(reading.budget.maxMs)
          ? reading.budget.maxMs
          : undefined;
      const availableMs = timeout * 1000;
      const kept = reserveMs + cleanupMs;
      const keptText = `${seconds(reserveMs)} kept to report${cleanupMs > 0 ? ` and ${seconds(cleanupMs)} to clean up` : ''}`;
      if (availableMs < kept + minMs) {
        findings.push(
          at(
            `${logicalId} has Timeout ${timeout} s, but its plan (${source}) takes at least ${seconds(minMs)} with ${keptText}: every run is cut at its deadline, reported Failed, and the deployment rolls back`,
            maxMs === undefined
              ? `Raise ${logicalId}'s Timeout to at least ${Math.ceil((kept + minMs) / 1000)} s, or shorten its plan.`
              : `Raise ${logicalId}'s Timeout to at least ${Math.ceil((kept + maxMs) / 1000)} s (its plan's longest run, ${seconds(maxMs)}, with ${keptText}), or shorten its plan.`,
          ),
        );
      } else if (maxMs !== undefined && availableMs < kept + maxMs) {
        findings.push(
          at(
            `${logicalId} has Timeout ${timeout} s, but its plan (${source}) may take up to ${seconds(maxMs)} with ${keptText}: a slow run is cut at its deadline, its running checks time out and the deployment rolls back`,
            `Raise ${logicalId}'s Timeout to at least ${Math.ceil((kept + maxMs) / 1000)} s, or bound the plan's checks with timeout(...).`,
            'warning',
          ),
        );
      }
    }
    return findings;
  },
};
