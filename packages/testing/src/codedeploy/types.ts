/** Lifecycle events whose hooks CodeDeploy runs as Lambda validation functions (Lambda and ECS platforms). */
export type LifecycleEventName =
  | 'BeforeInstall'
  | 'AfterInstall'
  | 'AfterAllowTestTraffic'
  | 'BeforeAllowTraffic'
  | 'AfterAllowTraffic';

export const LIFECYCLE_EVENT_NAMES: readonly LifecycleEventName[] = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
];

/** CodeDeploy's `LifecycleEventStatus` enum. */
export type LifecycleEventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown';

export const LIFECYCLE_EVENT_STATUSES: readonly LifecycleEventStatus[] = [
  'Pending',
  'InProgress',
  'Succeeded',
  'Failed',
  'Skipped',
  'Unknown',
];

export type ComputePlatform = 'Lambda' | 'Server' | 'ECS';
export const COMPUTE_PLATFORMS: readonly ComputePlatform[] = ['Lambda', 'Server', 'ECS'];

export type RevisionType = 'AppSpecContent' | 'String' | 'S3';
export const REVISION_TYPES: readonly RevisionType[] = ['AppSpecContent', 'String', 'S3'];

export type DeploymentStatus =
  | 'Created'
  | 'Queued'
  | 'InProgress'
  | 'Baking'
  | 'Succeeded'
  | 'Failed'
  | 'Stopped'
  | 'Ready';

/** Hook execution ids by lifecycle event, e.g. `{ BeforeAllowTraffic: 'eyJ...' }`. */
export type HookExecutionIds = Partial<Record<LifecycleEventName, string>>;

/**
 * A deployment to create. Everything is optional; the default AppSpec deploys `my-function:live`
 * from version 1 to 2 with both a `BeforeAllowTraffic` and an `AfterAllowTraffic` hook.
 *
 * @example
 * ```ts
 * const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
 *   appSpec: { version: 0.0, Resources: [...], Hooks: [{ BeforeAllowTraffic: 'pre-traffic-hook' }] },
 * });
 * ```
 */
export interface CreateDeploymentSpec {
  /** Default `my-application`. */
  readonly applicationName?: string;
  /** Default `my-deployment-group`. */
  readonly deploymentGroupName?: string;
  readonly description?: string;
  /** Default `Lambda`. On `Server`, hook reports are refused as the real service does. */
  readonly computePlatform?: ComputePlatform;
  /** Default `CodeDeployDefault.LambdaAllAtOnce` (`ECSAllAtOnce` / `OneAtATime` on the other platforms). */
  readonly deploymentConfigName?: string;
  /** How the revision is stored. Default `AppSpecContent`. */
  readonly revisionType?: RevisionType;
  /** Where an `S3` revision claims to live. Default: bucket `shiftguard-emulator`, key `<deploymentId>/appspec.<yaml|json>`. */
  readonly s3Location?: { readonly bucket: string; readonly key: string };
  /**
   * The AppSpec. An object is serialized to JSON; a string is stored verbatim (YAML or JSON, even
   * unparsable). Hook executions are created for the `Hooks` it lists; if it cannot be parsed, for
   * both `BeforeAllowTraffic` and `AfterAllowTraffic`.
   */
  readonly appSpec?: string | Readonly<Record<string, unknown>>;
  /**
   * Whether GetDeployment returns the AppSpec content inline. Default `false`, as on AWS, whose API
   * reference says that content "is always null": GetDeployment answers the revision's type and
   * `sha256`, and callers fetch the content through GetApplicationRevision. `true` gives the shape of
   * older emulator versions, for tests written against it. S3 revisions never carry it in GetDeployment.
   */
  readonly contentInGetDeployment?: boolean;
  /** Default: a random real-looking id (`d-` and 9 uppercase alphanumerics). */
  readonly deploymentId?: string;
  /** Fixed hook execution ids; an event listed here gets an execution even if the AppSpec lacks its hook. */
  readonly hookExecutionIds?: HookExecutionIds;
}

export interface CreatedDeployment {
  readonly deploymentId: string;
  readonly hookExecutionIds: HookExecutionIds;
}

/** One call of PutLifecycleEventHookExecutionStatus as received, whatever became of it. */
export interface HookReport {
  /** The field as sent; `undefined` when missing or not a string. */
  readonly deploymentId: string | undefined;
  readonly lifecycleEventHookExecutionId: string | undefined;
  readonly status: string | undefined;
  /** Epoch milliseconds from the emulator's clock. */
  readonly receivedAt: number;
  /** `accepted`, or the error name the caller got (`LifecycleEventAlreadyCompletedException`, `ThrottlingException`, `ConnectionReset`...). */
  readonly outcome: 'accepted' | (string & {});
  /**
   * The injected fault this call met: one that answered instead of the service (`throttle`,
   * `serverError`, `error`, `reset`) or one that let it run (`delay`, `dropResponse`).
   */
  readonly fault?: string;
}

export interface ReportFilter {
  readonly deploymentId?: string;
  readonly executionId?: string;
  readonly outcome?: string;
}

export interface HookExecutionSnapshot {
  readonly lifecycleEventName: LifecycleEventName;
  readonly executionId: string;
  /** The validation function named in the AppSpec, when it could be read. */
  readonly functionName: string | undefined;
  readonly status: LifecycleEventStatus;
  /** Epoch milliseconds of the accepted terminal report. */
  readonly completedAt: number | undefined;
}

export interface LambdaTargetInfo {
  readonly functionName: string;
  readonly alias: string;
  readonly currentVersion: string;
  readonly targetVersion: string;
}

/** The lifecycle of a Lambda deployment, in order; `Start`, `AllowTraffic` and `End` cannot be hooked. */
export type LambdaLifecycleEventName =
  | 'Start'
  | 'BeforeAllowTraffic'
  | 'AllowTraffic'
  | 'AfterAllowTraffic'
  | 'End';

export const LAMBDA_LIFECYCLE_EVENTS: readonly LambdaLifecycleEventName[] = [
  'Start',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
  'End',
];

/** `user` for CreateDeployment, `codeDeployRollback` for the deployment an automatic rollback creates. */
export type DeploymentCreator = 'user' | 'codeDeployRollback';

/** CodeDeploy's `ErrorInformation`: `code` is one of its `ErrorCode` values (`ALARM_ACTIVE`, `TIMEOUT`, ...). */
export interface DeploymentErrorInformation {
  readonly code: string;
  readonly message: string;
}

/** CodeDeploy's `RollbackInfo`: the rolled-back deployment names its rollback, the rollback what triggered it. */
export interface DeploymentRollbackInfo {
  readonly rollbackDeploymentId?: string;
  readonly rollbackTriggeringDeploymentId?: string;
  readonly rollbackMessage?: string;
}

/** The state of a CloudWatch alarm as a deployment's poll read it; `undefined` when CloudWatch had no such alarm. */
export interface PolledAlarm {
  readonly name: string;
  readonly state: string | undefined;
}

/**
 * One thing that happened to a deployment, at `at` (epoch ms of the emulator clock), in the order it
 * happened. Run deployments have them all; a deployment created with `createDeployment()` has only
 * its hook reports.
 */
export type DeploymentTimelineEvent =
  | { readonly at: number; readonly type: 'status'; readonly status: DeploymentStatus }
  | {
      readonly at: number;
      readonly type: 'lifecycleEvent';
      readonly lifecycleEventName: LambdaLifecycleEventName;
      readonly status: LifecycleEventStatus;
    }
  | {
      readonly at: number;
      /** CodeDeploy invoked a hook: `requestId` is the Lambda invocation's, as in `lambda.invocations()`. */
      readonly type: 'hookInvoked';
      readonly lifecycleEventName: LifecycleEventName;
      readonly functionName: string;
      readonly executionId: string;
      readonly invocationType: 'Event' | 'RequestResponse';
      readonly requestId: string | undefined;
    }
  | {
      readonly at: number;
      /** The invoke itself failed: the service role does not allow it, or Lambda refused it. */
      readonly type: 'hookInvokeFailed';
      readonly lifecycleEventName: LifecycleEventName;
      readonly functionName: string;
      readonly errorCode: string;
      readonly message: string;
    }
  | {
      readonly at: number;
      /** A PutLifecycleEventHookExecutionStatus call for this deployment, accepted or not (see `reports()`). */
      readonly type: 'hookReport';
      readonly executionId: string | undefined;
      readonly status: string | undefined;
      readonly outcome: string;
    }
  | {
      readonly at: number;
      /** No report came within the hook timeout (an hour unless `codeDeploy.hookTimeoutMs` says otherwise). */
      readonly type: 'hookTimedOut';
      readonly lifecycleEventName: LifecycleEventName;
      readonly executionId: string;
    }
  | {
      readonly at: number;
      /** One UpdateAlias call CodeDeploy made: the alias as it left it. */
      readonly type: 'trafficShifted';
      readonly functionName: string;
      readonly alias: string;
      readonly functionVersion: string;
      readonly additionalVersionWeights: Readonly<Record<string, number>>;
      readonly targetVersionWeight: number;
    }
  | {
      readonly at: number;
      /** One poll of the deployment's alarms: `alarm` stops the deployment, `failed` unless `ignorePollAlarmFailure`. */
      readonly type: 'alarmsPolled';
      readonly alarms: readonly PolledAlarm[];
      readonly outcome: 'clear' | 'alarm' | 'failed' | 'failureIgnored';
    }
  | {
      readonly at: number;
      readonly type: 'stopRequested';
      readonly autoRollbackEnabled: boolean | undefined;
    }
  | {
      readonly at: number;
      /** An automatic rollback created `rollbackDeploymentId`. */
      readonly type: 'rollbackStarted';
      readonly rollbackDeploymentId: string;
    };

/** A run deployment's lifecycle event, as GetDeploymentTarget shows it. */
export interface LifecycleEventSnapshot {
  readonly lifecycleEventName: LambdaLifecycleEventName;
  readonly status: LifecycleEventStatus;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
}

/** What the emulator holds for one deployment. */
export interface DeploymentSnapshot {
  readonly deploymentId: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly description: string | undefined;
  readonly computePlatform: ComputePlatform;
  readonly deploymentConfigName: string;
  readonly status: DeploymentStatus;
  /** Epoch milliseconds. */
  readonly createTime: number;
  readonly revisionType: RevisionType;
  readonly appSpecContent: string;
  readonly sha256: string;
  /** Whether the AppSpec could be parsed (as JSON or YAML). */
  readonly appSpecParsed: boolean;
  readonly hookExecutions: readonly HookExecutionSnapshot[];
  readonly target: LambdaTargetInfo;
  /** Whether CodeDeploy runs it (created through CreateDeployment with a deployment group); `false` for `createDeployment()`. */
  readonly runs: boolean;
  readonly creator: DeploymentCreator;
  /** Epoch ms; run deployments only. */
  readonly startTime?: number;
  readonly completeTime?: number;
  readonly errorInformation?: DeploymentErrorInformation;
  readonly rollbackInfo?: DeploymentRollbackInfo;
  /** The lifecycle as it stands; run deployments only. */
  readonly lifecycleEvents?: readonly LifecycleEventSnapshot[];
  /** The target version's share of the alias's traffic as CodeDeploy last set it; run deployments only. */
  readonly targetVersionWeight?: number;
}

/**
 * The CodeDeploy side of the emulator, for tests: create deployments, then read back what hooks reported.
 *
 * @example
 * ```ts
 * const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
 * await hook({ DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic! }, context);
 * expect(emulator.codeDeploy.reports({ deploymentId, outcome: 'accepted' })).toHaveLength(1);
 * expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, hookExecutionIds.BeforeAllowTraffic!)).toBe('Succeeded');
 * ```
 */
export interface CodeDeployEmulator {
  createDeployment(spec?: CreateDeploymentSpec): CreatedDeployment;
  /** Every PutLifecycleEventHookExecutionStatus call received, in arrival order. */
  reports(filter?: ReportFilter): HookReport[];
  /** `Pending` until a terminal status is accepted. */
  hookExecutionStatus(deploymentId: string, executionId: string): LifecycleEventStatus;
  getDeployment(deploymentId: string): DeploymentSnapshot;
  /** Every deployment, in creation order: `createDeployment()`'s, CreateDeployment's and rollbacks. */
  deployments(): DeploymentSnapshot[];
  /** What happened to a deployment and when, in order: lifecycle events, weight changes, alarm polls, hooks. */
  timeline(deploymentId: string): DeploymentTimelineEvent[];
}
