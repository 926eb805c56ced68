import { toEpochSeconds } from './lambda-target';
import { type DeploymentRun, targetStatus } from './run';
import { type CodeDeployState, type DeploymentRecord, deploymentStatus } from './state';

/** GetDeployment's `deploymentInfo`, and each entry of BatchGetDeployments' `deploymentsInfo`. */
export function deploymentInfo(state: CodeDeployState, record: DeploymentRecord): Record<string, unknown> {
  if (record.run !== undefined) return runDeploymentInfo(state, record, record.run);
  const status = deploymentStatus(record);
  const completed = record.hooks.map((hook) => hook.completedAt ?? record.createTime);
  return {
    applicationName: record.applicationName,
    deploymentGroupName: record.deploymentGroupName,
    deploymentConfigName: record.deploymentConfigName,
    deploymentId: record.deploymentId,
    revision: revisionLocation(record, record.contentInGetDeployment && record.revisionType !== 'S3'),
    status,
    createTime: toEpochSeconds(record.createTime),
    startTime: toEpochSeconds(record.createTime),
    ...(status === 'Succeeded' || status === 'Failed'
      ? { completeTime: toEpochSeconds(Math.max(record.createTime, ...completed)) }
      : {}),
    ...(status === 'Failed'
      ? {
          errorInformation: {
            code: 'HOOK_EXECUTION_FAILURE',
            message: 'A lifecycle event hook validation function reported Failed.',
          },
        }
      : {}),
    description: record.description,
    creator: 'user',
    computePlatform: record.computePlatform,
    deploymentStyle:
      record.computePlatform === 'Server'
        ? { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' }
        : { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
  };
}

/** A deployment CodeDeploy runs, with what only those have: overview, rollback, alarms, times. */
function runDeploymentInfo(
  state: CodeDeployState,
  record: DeploymentRecord,
  run: DeploymentRun,
): Record<string, unknown> {
  const previous = run.previousDeploymentId === undefined ? undefined : state.find(run.previousDeploymentId);
  const target = targetStatus(run);
  return {
    applicationName: record.applicationName,
    deploymentGroupName: record.deploymentGroupName,
    deploymentConfigName: record.deploymentConfigName,
    deploymentId: record.deploymentId,
    ...(previous === undefined ? {} : { previousRevision: revisionLocation(previous, false) }),
    revision: revisionLocation(record, false),
    status: run.status,
    ...(run.errorInformation === undefined ? {} : { errorInformation: { ...run.errorInformation } }),
    createTime: toEpochSeconds(record.createTime),
    ...(run.startTime === undefined ? {} : { startTime: toEpochSeconds(run.startTime) }),
    ...(run.completeTime === undefined ? {} : { completeTime: toEpochSeconds(run.completeTime) }),
    deploymentOverview: {
      Pending: target === 'Pending' ? 1 : 0,
      InProgress: target === 'InProgress' ? 1 : 0,
      Succeeded: target === 'Succeeded' ? 1 : 0,
      Failed: target === 'Failed' ? 1 : 0,
      Skipped: 0,
      Ready: 0,
    },
    ...(record.description === undefined ? {} : { description: record.description }),
    creator: run.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: run.autoRollbackConfiguration,
    updateOutdatedInstancesOnly: false,
    ...(run.rollbackInfo === undefined ? {} : { rollbackInfo: { ...run.rollbackInfo } }),
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: false,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: 'Lambda',
    ...(run.overrideAlarmConfiguration === undefined
      ? {}
      : { overrideAlarmConfiguration: run.overrideAlarmConfiguration }),
  };
}

/**
 * The stored revision as a `RevisionLocation`. GetDeployment leaves the content out unless the
 * deployment asked otherwise: AWS documents `appSpecContent.content` as always null there, and the
 * emulator treats `string` alike, the stricter reading, so a caller that works here also works there.
 * An S3 revision is only ever its location, as in the real service: its AppSpec lives in the bucket,
 * which callers must read themselves.
 */
export function revisionLocation(record: DeploymentRecord, withContent: boolean): Record<string, unknown> {
  const body = withContent ? { content: record.content, sha256: record.sha256 } : { sha256: record.sha256 };
  switch (record.revisionType) {
    case 'AppSpecContent':
      return { revisionType: 'AppSpecContent', appSpecContent: body };
    case 'String':
      return { revisionType: 'String', string: body };
    case 'S3':
      return {
        revisionType: 'S3',
        s3Location: { ...record.s3Location, bundleType: record.format },
      };
  }
}
