// Provisioned concurrency on the alias CodeDeploy weights. SAM copies ProvisionedConcurrencyConfig onto
// the generated AWS::Lambda::Alias; Lambda does not let provisioned concurrency be managed on an alias
// while its routing configuration is in place, and a canary's share spills over to on-demand (cold)
// instances (SAM #1296, #1298; Lambda's configuration docs). A PC change in the same deployment as new
// code fails the alias update mid-deployment.
import type { Finding } from '../finding';
import { findingAt } from '../finding-at';
import { type DoctorRule, describeRule } from '../rule';
import { deploymentsOf, propertyPath } from './deployments';
import { versionChange } from './version-inputs';

export const weightedAliasProvisionedConcurrency: DoctorRule = {
  description: describeRule({
    id: 'weighted-alias-provisioned-concurrency',
    severity: 'warning',
    summary: 'Provisioned concurrency on an alias CodeDeploy shifts gradually',
    help: 'SAM puts ProvisionedConcurrencyConfig on the alias CodeDeploy weights. While the alias routes to two versions its provisioned concurrency cannot be changed (the update fails: "Alias with weights can not be used with Provisioned Concurrency"), and the canary\'s share may run on on-demand instances with cold starts. Change ProvisionedConcurrentExecutions in a deployment of its own, with no code change (or Type: AllAtOnce), and expect cold starts on the canary.',
  }),
  check(input) {
    const findings: Finding[] = [];
    for (const { fn, preference } of deploymentsOf(input.model)) {
      const routing = preference.type?.trafficRouting;
      if (fn.provisionedConcurrency === undefined || routing === undefined || routing.type === 'AllAtOnce')
        continue;
      const path = propertyPath(fn.logicalId, 'ProvisionedConcurrencyConfig');
      const baseFn = input.base?.model.functions.find((candidate) => candidate.logicalId === fn.logicalId);
      if (
        input.base !== undefined &&
        baseFn !== undefined &&
        baseFn.provisionedConcurrency !== fn.provisionedConcurrency
      ) {
        if (versionChange(input, input.base, fn, baseFn).hashChanged) {
          findings.push(
            findingAt(input, weightedAliasProvisionedConcurrency, {
              logicalId: fn.logicalId,
              path,
              message: `since ${input.options.base}, ${fn.logicalId}'s provisioned concurrency changed (${baseFn.provisionedConcurrency ?? 'none'} → ${fn.provisionedConcurrency}) together with its version: the alias update fails while CodeDeploy has it weighted, and the stack update rolls back`,
              fix: 'Deploy the ProvisionedConcurrentExecutions change on its own, with no code change, then the code.',
              severity: 'error',
            }),
          );
          continue;
        }
      }
      findings.push(
        findingAt(input, weightedAliasProvisionedConcurrency, {
          logicalId: fn.logicalId,
          path,
          message: `${fn.logicalId} has provisioned concurrency (${fn.provisionedConcurrency}) on alias ${fn.autoPublishAlias}, which ${preference.type?.written} weights between two versions: it cannot change while the alias is weighted, and the canary's share may run cold on on-demand instances`,
          fix: 'Change ProvisionedConcurrentExecutions only in a deployment with no code change (or use Type: AllAtOnce), and expect cold starts on the canary.',
        }),
      );
    }
    return findings;
  },
};
