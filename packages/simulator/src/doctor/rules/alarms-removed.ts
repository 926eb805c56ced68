// Alarms taken out of a DeploymentPreference. With no Alarms property SAM emits no AlarmConfiguration,
// and CloudFormation leaves the deployment group's alarms as they were (SAM #2452, its fix #2453 closed):
// the old alarms stay attached. An empty list clears them. If the alarms' resources are deleted too,
// CodeDeploy still polls them and fails the deployment on the missing alarm.
import type { Finding } from '../finding';
import { findingAt } from '../finding-at';
import { type DoctorRule, describeRule } from '../rule';
import { deploymentsOf } from './deployments';

export const alarmsRemoved: DoctorRule = {
  description: describeRule({
    id: 'alarms-removed',
    severity: 'warning',
    summary:
      'Alarms removed from a DeploymentPreference stay attached to the deployment group (needs --base)',
    help: 'When DeploymentPreference.Alarms is removed, SAM writes no alarm configuration and the deployment group keeps the alarms it had: they still stop deployments, and if their resources are deleted CodeDeploy fails polling them. Write Alarms: [] for one deployment (SAM then clears the configuration), and remove the property after.',
  }),
  check(input) {
    const { base } = input;
    if (base === undefined) return [];
    const findings: Finding[] = [];
    const baseDeployments = deploymentsOf(base.model);
    for (const { fn, preference, path } of deploymentsOf(input.model)) {
      const before = baseDeployments.find((deployment) => deployment.fn.logicalId === fn.logicalId);
      const removed = before?.preference.alarms;
      if (removed === undefined || removed.length === 0 || preference.alarms !== undefined) continue;
      const deleted = removed.filter(
        (alarm) => alarm.logicalId !== undefined && !input.records.has(alarm.logicalId),
      );
      const names = removed.map((alarm) => alarm.logicalId ?? alarm.alarmName).join(', ');
      findings.push(
        findingAt(input, alarmsRemoved, {
          logicalId: fn.logicalId,
          path,
          message:
            deleted.length > 0
              ? `since ${input.options.base}, ${fn.logicalId}'s DeploymentPreference has no Alarms (it had ${names}), and ${deleted.map((alarm) => alarm.logicalId).join(', ')} ${deleted.length === 1 ? 'is' : 'are'} deleted: the deployment group keeps watching ${deleted.length === 1 ? 'it' : 'them'}, and CodeDeploy fails the deployment when it cannot read an alarm`
              : `since ${input.options.base}, ${fn.logicalId}'s DeploymentPreference has no Alarms (it had ${names}): SAM writes no alarm configuration, so the deployment group keeps watching them`,
          fix: 'Write Alarms: [] for one deployment, so SAM clears the configuration; remove the property afterwards.',
          severity: deleted.length > 0 ? 'error' : 'warning',
        }),
      );
    }
    return findings;
  },
};
