import type { AlarmConfiguration, AutoRollbackConfiguration, DeploymentGroupRecord } from './catalog';
import {
  type DeploymentCreator,
  type DeploymentErrorInformation,
  type DeploymentRollbackInfo,
  type DeploymentStatus,
  LAMBDA_LIFECYCLE_EVENTS,
  type LambdaLifecycleEventName,
  type LifecycleEventStatus,
} from './types';

/** GetDeploymentTarget's `Diagnostics` of a lifecycle event. */
export interface LifecycleDiagnostics {
  readonly errorCode: string;
  readonly scriptName: string;
  readonly message: string;
  readonly logTail: string;
}

export interface LifecycleEventRecord {
  readonly name: LambdaLifecycleEventName;
  status: LifecycleEventStatus;
  startTime: number | undefined;
  endTime: number | undefined;
  diagnostics: LifecycleDiagnostics | undefined;
}

/** What CodeDeploy tracks while it runs a deployment (and keeps once it ended). */
export interface DeploymentRun {
  readonly group: DeploymentGroupRecord;
  readonly creator: DeploymentCreator;
  /** The configuration that shifts its traffic: CreateDeployment's, else the group's. */
  readonly autoRollbackConfiguration: AutoRollbackConfiguration;
  /** The alarms polled: `overrideAlarmConfiguration` if CreateDeployment gave one, else the group's. */
  readonly alarmConfiguration: AlarmConfiguration;
  readonly overrideAlarmConfiguration: AlarmConfiguration | undefined;
  /** The deployment whose revision the group last deployed successfully, if any. */
  readonly previousDeploymentId: string | undefined;
  status: DeploymentStatus;
  startTime: number | undefined;
  completeTime: number | undefined;
  errorInformation: DeploymentErrorInformation | undefined;
  rollbackInfo: DeploymentRollbackInfo | undefined;
  readonly events: LifecycleEventRecord[];
  targetVersionWeight: number;
}

export function newRun(fields: {
  group: DeploymentGroupRecord;
  creator: DeploymentCreator;
  autoRollbackConfiguration: AutoRollbackConfiguration;
  alarmConfiguration: AlarmConfiguration;
  overrideAlarmConfiguration: AlarmConfiguration | undefined;
  previousDeploymentId: string | undefined;
  rollbackInfo?: DeploymentRollbackInfo;
}): DeploymentRun {
  return {
    ...fields,
    rollbackInfo: fields.rollbackInfo,
    status: 'Created',
    startTime: undefined,
    completeTime: undefined,
    errorInformation: undefined,
    events: LAMBDA_LIFECYCLE_EVENTS.map((name) => ({
      name,
      status: 'Pending',
      startTime: undefined,
      endTime: undefined,
      diagnostics: undefined,
    })),
    targetVersionWeight: 0,
  };
}

export function isFinished(status: DeploymentStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Stopped';
}

/**
 * The Lambda target's status: `Pending` before the deployment starts, then as the deployment goes; a
 * stopped deployment's target is `Failed` (AWS does not document it).
 */
export function targetStatus(run: DeploymentRun): 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' {
  switch (run.status) {
    case 'Created':
    case 'Queued':
      return 'Pending';
    case 'Succeeded':
      return 'Succeeded';
    case 'Failed':
    case 'Stopped':
      return 'Failed';
    default:
      return 'InProgress';
  }
}
