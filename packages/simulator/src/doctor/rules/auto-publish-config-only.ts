// A change SAM does not see as a new version (see version-inputs.ts): the alias keeps the old
// configuration and no deployment runs, so no hook judges it. The SAM docs say as much
// (docs/safe_lambda_deployments.rst: changing other configuration "will *not* publish a new version").
import type { Finding } from '../finding';
import { findingAt } from '../finding-at';
import { type DoctorRule, describeRule } from '../rule';
import { deploymentsOf, propertyPath } from './deployments';
import { ALWAYS_WRITTEN, versionChange, versionHash, writtenUnhashed } from './version-inputs';

export const autoPublishConfigOnly: DoctorRule = {
  description: describeRule({
    id: 'auto-publish-config-only',
    severity: 'info',
    summary: 'A configuration change that publishes no new version (AutoPublishAlias hashes only the code)',
    help: 'Without AutoPublishAliasAllProperties, SAM publishes a version only when the code, Environment, MemorySize or SnapStart changes; a change to Timeout, Runtime, Handler, Layers, Role, VpcConfig and the like alone publishes nothing: no deployment runs, no hook judges it, and the alias keeps the old configuration. With AutoPublishCodeSha256, only that value does. Set AutoPublishAliasAllProperties: true on the function (with --base this is a warning when a change of that kind is what the commit holds).',
  }),
  check(input) {
    const findings: Finding[] = [];
    for (const { fn } of deploymentsOf(input.model)) {
      const alias = propertyPath(fn.logicalId, 'AutoPublishAlias');
      // The fix goes on the function (the shared SAM schema refuses AutoPublishAliasAllProperties in Globals).
      const onFunction =
        input.writtenPath(alias) === alias ? alias : `${propertyPath(fn.logicalId)}.Properties`;
      const hash = versionHash(fn);
      if (hash === 'code-sha256' && fn.autoPublishAliasAllProperties === true) {
        findings.push(
          findingAt(input, autoPublishConfigOnly, {
            logicalId: fn.logicalId,
            path: propertyPath(fn.logicalId, 'AutoPublishAliasAllProperties'),
            message: `${fn.logicalId} has both AutoPublishCodeSha256 and AutoPublishAliasAllProperties: true; AutoPublishCodeSha256 takes precedence, so a configuration change publishes no version`,
            fix: 'Remove AutoPublishCodeSha256 (or change it with every release), or remove AutoPublishAliasAllProperties.',
            severity: 'warning',
          }),
        );
      }
      if (input.base !== undefined) {
        const baseFn = input.base.model.functions.find((candidate) => candidate.logicalId === fn.logicalId);
        if (baseFn === undefined || baseFn.deploymentPreference?.enabled !== true) continue;
        const change = versionChange(input, input.base, fn, baseFn);
        if (change.hashChanged || change.unhashedChanged.length === 0) continue;
        const [first] = change.unhashedChanged;
        const hashed =
          hash === 'code-sha256'
            ? 'AutoPublishCodeSha256'
            : 'the code location, Environment, MemorySize and SnapStart';
        findings.push(
          findingAt(input, autoPublishConfigOnly, {
            logicalId: fn.logicalId,
            path: propertyPath(fn.logicalId, first),
            message: `since ${input.options.base}, ${fn.logicalId}'s ${change.unhashedChanged.join(', ')} changed but ${hashed} did not: unless the code itself changes, SAM publishes no version, no deployment runs and the alias keeps the old configuration`,
            fix:
              hash === 'code-sha256'
                ? 'Change AutoPublishCodeSha256 with this release.'
                : `Set AutoPublishAliasAllProperties: true on ${fn.logicalId}.`,
            severity: 'warning',
          }),
        );
        continue;
      }
      if (hash === 'all-properties') continue;
      const written = writtenUnhashed(fn);
      const chosen = written.filter((key) => !ALWAYS_WRITTEN.includes(key));
      const codeOnly =
        hash === 'code-sha256'
          ? ['Environment', 'MemorySize'].filter((key) => fn.locations[`Properties.${key}`] !== undefined)
          : [];
      if (chosen.length === 0 && codeOnly.length === 0) continue;
      const listed = [...codeOnly, ...written].join(', ');
      findings.push(
        findingAt(input, autoPublishConfigOnly, {
          logicalId: fn.logicalId,
          path: onFunction,
          message:
            hash === 'code-sha256'
              ? `${fn.logicalId}'s version is named by AutoPublishCodeSha256 alone: a change to ${listed} publishes no version unless that value changes too`
              : `${fn.logicalId} writes ${listed}, which SAM's AutoPublishAlias does not hash: a change to only these publishes no version, so no deployment runs and the alias keeps the old configuration`,
          fix:
            hash === 'code-sha256'
              ? 'Change AutoPublishCodeSha256 with every release.'
              : `Set AutoPublishAliasAllProperties: true on ${fn.logicalId}.`,
        }),
      );
    }
    return findings;
  },
};
