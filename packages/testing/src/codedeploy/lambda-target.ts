import { ACCOUNT_ID } from '../account';
import { type DeploymentRun, targetStatus } from './run';
import type { DeploymentRecord } from './state';
import type { LifecycleEventStatus } from './types';

/** The order CodeDeploy walks a Lambda deployment's lifecycle events in. */
const LAMBDA_EVENTS = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'] as const;

export function lambdaTargetId(record: DeploymentRecord): string {
  return `${record.target.functionName}:${record.target.alias}`;
}

/** Epoch milliseconds to the epoch seconds AWS JSON protocols carry timestamps in. */
export function toEpochSeconds(ms: number): number {
  return ms / 1000;
}

/**
 * The deployment seen as CodeDeploy's `LambdaTarget`: hooked events carry the status their hook
 * reported; the others follow from their predecessors (AllowTraffic succeeds once nothing before it
 * is pending, unhooked events are Skipped, everything after a failure is Skipped).
 */
export function lambdaTarget(record: DeploymentRecord, region: string): Record<string, unknown> {
  if (record.run !== undefined) return runLambdaTarget(record, record.run, region);
  const lifecycleEvents: Record<string, unknown>[] = [];
  let failed = false;
  let waiting = false;
  let previousEnd = record.createTime;
  let lastUpdated = record.createTime;
  let allowTraffic: LifecycleEventStatus = 'Pending';

  for (const name of LAMBDA_EVENTS) {
    const hook = record.hooks.find((candidate) => candidate.event === name);
    let status: LifecycleEventStatus;
    let endTime: number | undefined;
    if (hook !== undefined) {
      status = hook.status;
      endTime = hook.completedAt;
    } else if (failed) {
      status = 'Skipped';
    } else if (waiting) {
      status = 'Pending';
    } else {
      status = name === 'AllowTraffic' ? 'Succeeded' : 'Skipped';
    }
    if (hook === undefined && status !== 'Pending') endTime = previousEnd;
    if (name === 'AllowTraffic') allowTraffic = status;

    const event: Record<string, unknown> = { lifecycleEventName: name, status };
    if (status !== 'Pending') event.startTime = toEpochSeconds(Math.min(previousEnd, endTime ?? previousEnd));
    if (endTime !== undefined) {
      event.endTime = toEpochSeconds(endTime);
      previousEnd = Math.max(previousEnd, endTime);
      lastUpdated = Math.max(lastUpdated, endTime);
    }
    if (hook !== undefined && (status === 'Succeeded' || status === 'Failed')) {
      event.diagnostics = {
        errorCode: status === 'Succeeded' ? 'Success' : 'ScriptFailed',
        scriptName: hook.functionName ?? name,
        message:
          status === 'Succeeded'
            ? 'The validation function reported Succeeded'
            : 'The validation function reported Failed',
        logTail: '',
      };
    }
    lifecycleEvents.push(event);
    if (status === 'Failed') failed = true;
    if (status !== 'Succeeded' && status !== 'Skipped') waiting = true;
  }

  const statuses = lifecycleEvents.map((event) => event.status as LifecycleEventStatus);
  let status: string;
  if (statuses.includes('Failed')) status = 'Failed';
  else if (statuses.every((s) => s === 'Succeeded' || s === 'Skipped')) status = 'Succeeded';
  else if (statuses.some((s) => s === 'Succeeded' || s === 'Skipped')) status = 'InProgress';
  else status = 'Pending';

  const { functionName, alias, currentVersion, targetVersion } = record.target;
  return {
    deploymentId: record.deploymentId,
    targetId: lambdaTargetId(record),
    targetArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${functionName}:${alias}`,
    status,
    lastUpdatedAt: toEpochSeconds(lastUpdated),
    lifecycleEvents,
    lambdaFunctionInfo: {
      functionName,
      functionAlias: alias,
      currentVersion,
      targetVersion,
      targetVersionWeight: allowTraffic === 'Succeeded' ? 1 : 0,
    },
  };
}

/** A run deployment's target: its five lifecycle events as CodeDeploy moved them, the weight it last set. */
function runLambdaTarget(
  record: DeploymentRecord,
  run: DeploymentRun,
  region: string,
): Record<string, unknown> {
  const lifecycleEvents = run.events.map((event) => ({
    lifecycleEventName: event.name,
    status: event.status,
    ...(event.startTime === undefined ? {} : { startTime: toEpochSeconds(event.startTime) }),
    ...(event.endTime === undefined ? {} : { endTime: toEpochSeconds(event.endTime) }),
    ...(event.diagnostics === undefined ? {} : { diagnostics: { ...event.diagnostics } }),
  }));
  const times = run.events
    .flatMap((event) => [event.startTime, event.endTime])
    .filter((time): time is number => time !== undefined);
  const { functionName, alias, currentVersion, targetVersion } = record.target;
  return {
    deploymentId: record.deploymentId,
    targetId: lambdaTargetId(record),
    targetArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${functionName}:${alias}`,
    status: targetStatus(run),
    lastUpdatedAt: toEpochSeconds(Math.max(record.createTime, ...times)),
    lifecycleEvents,
    lambdaFunctionInfo: {
      functionName,
      functionAlias: alias,
      currentVersion,
      targetVersion,
      targetVersionWeight: run.targetVersionWeight,
    },
  };
}
