// How a per-version alarm treats the minutes its version has no data. The new version's ExecutedVersion
// series is empty until traffic reaches it and thin at 10%. CloudWatch: `missing` (the default) goes to
// INSUFFICIENT_DATA when the whole range is missing, and CodeDeploy stops only on ALARM; `ignore` keeps the
// current state, and SAM updates the alarm per deployment ("its state is left unchanged", PutMetricAlarm),
// so the last version's ALARM carries over; `breaching` counts the empty series as bad, so the alarm is in
// ALARM when the deployment starts. `notBreaching` is what a metric that has data only when something
// happens needs (CloudWatch's "alarms and missing data").
import type { Finding } from '../finding';
import { findingAt } from '../finding-at';
import { type DoctorRule, describeRule } from '../rule';
import { propertyPath } from './deployments';
import { watchedAlarms } from './lambda-alarms';

export const alarmMissingData: DoctorRule = {
  description: describeRule({
    id: 'alarm-missing-data',
    severity: 'warning',
    summary: "A new version's alarm does not treat missing data as notBreaching",
    help: "The new version's series (ExecutedVersion) has no data before traffic reaches it and little at 10%. TreatMissingData missing (the default) leaves the alarm INSUFFICIENT_DATA, which CodeDeploy does not stop on; ignore keeps the previous version's state, an old ALARM included; breaching puts it in ALARM at the start of every deployment, which then rolls back. Set TreatMissingData: notBreaching.",
  }),
  check(input) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const { alarm, lambdaMetrics } of watchedAlarms(input.model)) {
      if (seen.has(alarm.logicalId)) continue;
      seen.add(alarm.logicalId);
      const perVersion = lambdaMetrics.some((metric) =>
        metric.dimensions.some((dimension) => dimension.name === 'ExecutedVersion'),
      );
      if (!perVersion) continue;
      const treat = alarm.treatMissingData ?? 'missing';
      if (treat === 'notBreaching') continue;
      const written =
        alarm.treatMissingData === undefined
          ? 'has no TreatMissingData (missing)'
          : `has TreatMissingData: ${treat}`;
      const consequence =
        treat === 'breaching'
          ? "the new version's empty series counts as breaching, so the alarm is in ALARM as the deployment starts and every deployment rolls back"
          : treat === 'ignore'
            ? "the alarm keeps its state through the minutes without data, so the previous version's ALARM can fail this deployment, and an empty canary never changes it"
            : 'while the new version has no data the alarm is INSUFFICIENT_DATA, which CodeDeploy does not stop on, and it may still be so when traffic has moved';
      findings.push(
        findingAt(input, alarmMissingData, {
          logicalId: alarm.logicalId,
          path: propertyPath(alarm.logicalId, 'TreatMissingData'),
          message: `${alarm.logicalId} watches a new version's series and ${written}: ${consequence}`,
          fix: 'TreatMissingData: notBreaching',
          // A math alarm's missing data is its expression's, which may fill the gaps itself.
          severity: treat === 'breaching' && alarm.kind === 'metric' ? 'error' : 'warning',
        }),
      );
    }
    return findings;
  },
};
