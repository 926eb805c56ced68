import type { LifecycleEvent } from './lifecycle-event';

/** The Lambda function a deployment shifts traffic on, and the two versions involved. */
export interface DeploymentTarget {
  /** Function name (or ARN, when the AppSpec names it by ARN). */
  readonly functionName: string;
  /** The alias whose traffic shifts. */
  readonly alias: string;
  /** The version serving traffic before the deployment (absent on a first deployment). */
  readonly currentVersion: string | undefined;
  /** The new version under judgement. */
  readonly targetVersion: string;
  /** `arn:aws:lambda:<region>:<account>:function:<name>:<targetVersion>`, when the region and account are known. */
  readonly qualifiedArn: string | undefined;
}

/** The CodeDeploy deployment a hook run belongs to. */
export interface DeploymentInfo {
  readonly deploymentId: string;
  readonly executionId: string;
  readonly applicationName: string | undefined;
  readonly deploymentGroupName: string | undefined;
  readonly description: string | undefined;
  /**
   * When the deployment was created (epoch ms, GetDeployment's `createTime`): where a metric window
   * "since the deployment started" begins. Absent when nothing said (a run without a deployment).
   */
  readonly createdAt?: number;
}

/** Everything a hook run knows about where it is, resolved before any check runs. */
export interface DeploymentContext {
  readonly deployment: DeploymentInfo;
  readonly target: DeploymentTarget;
  readonly lifecycleEvent: LifecycleEvent;
}
