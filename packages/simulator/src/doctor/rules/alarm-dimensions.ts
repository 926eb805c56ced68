// Which series a deployment's alarm watches. Lambda publishes a function's metrics under the dimension
// sets FunctionName, FunctionName+Resource and FunctionName+Resource+ExecutedVersion, and an alarm
// reads exactly one set. Only the third tells the new version from the old while both serve the alias
// (SAM's own example alarm in docs/safe_lambda_deployments.rst names all three; SAM #716): without it
// an alarm counts the old version's errors as the canary's, and with fewer names it reads a set that is
// not the version's. An alarm naming another function, alias or version never sees this canary at all.
import type { Finding } from '../finding';
import { findingAt } from '../finding-at';
import { type DoctorInput, type DoctorRule, describeRule } from '../rule';
import { versionOf, watchedAlarms } from './lambda-alarms';

const NEEDED = ['FunctionName', 'Resource', 'ExecutedVersion'] as const;

export const alarmVersionDimensions: DoctorRule = {
  description: describeRule({
    id: 'alarm-version-dimensions',
    severity: 'error',
    summary: "A deployment's AWS/Lambda alarm does not watch the new version alone",
    help: "CodeDeploy rolls back when an alarm of DeploymentPreference.Alarms is in ALARM. An AWS/Lambda alarm without the dimensions FunctionName, Resource (<function>:<alias>) and ExecutedVersion (!GetAtt Fn.Version.Version) counts the old version's errors too, or reads a dimension set Lambda does not publish: it rolls back good versions or never stops a bad one. Give it all three, ExecutedVersion from !GetAtt <Function>.Version.Version.",
  }),
  check: (input) => checkDimensions(input).versionDimensions,
};

export const alarmOtherFunction: DoctorRule = {
  description: describeRule({
    id: 'alarm-other-function',
    severity: 'error',
    summary: "A deployment's alarm watches another function, alias or version",
    help: `An alarm in a function's DeploymentPreference.Alarms whose FunctionName, Resource or ExecutedVersion names another function, an alias other than AutoPublishAlias, or another function's version never sees this canary's errors, so it never stops a bad one. Point its dimensions at this function: FunctionName: !Ref Fn, Resource: !Sub \${Fn}:live, ExecutedVersion: !GetAtt Fn.Version.Version.`,
  }),
  check: (input) => checkDimensions(input).otherFunction,
};

function checkDimensions(input: DoctorInput): { versionDimensions: Finding[]; otherFunction: Finding[] } {
  const versionDimensions: Finding[] = [];
  const otherFunction: Finding[] = [];
  for (const { deployment, alarm, lambdaMetrics } of watchedAlarms(input.model)) {
    const { fn } = deployment;
    const alias = fn.autoPublishAlias;
    const expectedResource = `${fn.functionName}:${alias}`;
    for (const metric of lambdaMetrics) {
      const byName = new Map<string, { value: (typeof metric.dimensions)[number]['value']; path: string }>();
      metric.dimensions.forEach((dimension, index) => {
        if (!byName.has(dimension.name)) {
          byName.set(dimension.name, {
            value: dimension.value,
            path: `${metric.dimensionsPath}[${index}].Value`,
          });
        }
      });
      const other = (path: string, what: string) =>
        otherFunction.push(
          findingAt(input, alarmOtherFunction, {
            logicalId: alarm.logicalId,
            path,
            message: `${alarm.logicalId} is in ${fn.logicalId}'s DeploymentPreference.Alarms, but its ${metric.metricName} ${what}: it never sees ${fn.logicalId}'s canary, so it cannot stop a bad one`,
            fix: `Watch ${fn.logicalId}: FunctionName: !Ref ${fn.logicalId}, Resource: !Sub \${${fn.logicalId}}:${alias}, ExecutedVersion: !GetAtt ${fn.logicalId}.Version.Version.`,
          }),
        );
      const before = otherFunction.length;
      const name = byName.get('FunctionName');
      if (name && typeof name.value === 'string' && name.value !== fn.functionName) {
        other(name.path, `FunctionName is "${name.value}", not ${fn.logicalId} ("${fn.functionName}")`);
      }
      const resource = byName.get('Resource');
      if (resource && typeof resource.value === 'string' && resource.value !== expectedResource) {
        other(
          resource.path,
          resource.value.includes(':')
            ? `Resource is "${resource.value}", not ${fn.logicalId}'s alias "${expectedResource}"`
            : `Resource is "${resource.value}", the function without its alias, where CodeDeploy shifts "${expectedResource}"`,
        );
      }
      const version = byName.get('ExecutedVersion');
      const versionFn = version === undefined ? undefined : versionOf(version.value);
      if (version && versionFn !== undefined && versionFn !== fn.logicalId) {
        other(version.path, `ExecutedVersion is the version of ${versionFn}, not of ${fn.logicalId}`);
      }
      if (otherFunction.length > before) continue;
      const missing = NEEDED.filter((dimension) => !byName.has(dimension));
      if (version !== undefined && versionFn === undefined) {
        versionDimensions.push(
          findingAt(input, alarmVersionDimensions, {
            logicalId: alarm.logicalId,
            path: version.path,
            message: `${alarm.logicalId}'s ExecutedVersion is ${typeof version.value === 'string' ? `"${version.value}"` : 'a fixed value'}, not the version each deployment publishes: after the next deployment it watches an old version, and never the canary`,
            fix: `ExecutedVersion: !GetAtt ${fn.logicalId}.Version.Version`,
          }),
        );
      } else if (missing.length > 0) {
        versionDimensions.push(
          findingAt(input, alarmVersionDimensions, {
            logicalId: alarm.logicalId,
            path: metric.dimensionsPath,
            message: `${alarm.logicalId} watches ${fn.logicalId}'s ${metric.metricName} without ${missing.join(', ')}: ${
              missing.includes('ExecutedVersion')
                ? "it counts the old version's invocations with the canary's, so it rolls back good versions or misses a bad one"
                : 'Lambda publishes no series with those dimensions, so the alarm never has data'
            }`,
            fix: `Give it the dimensions FunctionName: !Ref ${fn.logicalId}, Resource: !Sub \${${fn.logicalId}}:${alias}, ExecutedVersion: !GetAtt ${fn.logicalId}.Version.Version.`,
          }),
        );
      }
    }
  }
  return { versionDimensions, otherFunction };
}
