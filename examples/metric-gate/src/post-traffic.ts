// The PostTraffic hook: CodeDeploy runs it once the linear shift has put all traffic on the new
// version. For nine minutes both versions served the same users, each under its own ExecutedVersion
// metrics; the hook first lets the new version bake on all of the traffic while watching its alarm,
// then judges its error rate against the old version's over the whole deployment.
import { createHook, timeout } from '@shiftguard/core';
import { alarmGate, canaryJudge } from '@shiftguard/metrics';

// The alarm's name, from the template. Unset, the gate looks for an alarm that does not exist and
// fails saying so: a wiring mistake fails the deployment with a reason.
const errorsAlarm = process.env.ERRORS_ALARM || '(ERRORS_ALARM is not set)';

export const handler = createHook({
  checks: [
    // The bake: the alarm must stay out of ALARM with all traffic on the new version. It waits a
    // minute (one alarm period), then looks three times 30 s apart: 60 + 2 × 30 = 120 s of waiting,
    // 140 s at most with the calls.
    timeout(
      alarmGate({
        name: 'errors alarm quiet at 100%',
        alarms: [errorsAlarm],
        initialDelayMs: 60_000,
        count: 3,
        intervalMs: 30_000,
      }),
      140_000,
    ),
    // New against old on the same traffic: errors over invocations, the two versions' totals compared
    // as two proportions (Fisher's exact test) since the deployment began. One GetMetricData call:
    // 30 s at most.
    timeout(
      canaryJudge({
        name: 'new version vs old',
        window: 'deployment',
        metrics: [{ name: 'error rate', rate: { of: 'Errors', over: 'Invocations' }, critical: true }],
      }),
      30_000,
    ),
  ],
});
