// What a simulated deployment returns, and what it reports while it runs: the same events, so a live
// view and a report read one vocabulary.
import type { TrafficSchedule } from '@shiftguard/testing';
import type { TemplateWarning } from '../template/model';
import type { TrafficMinute, VersionTraffic } from './traffic';

/** The JSON verdict line a shiftguard hook logs (`shiftguard verdict`), as far as the simulator reads it. */
export interface HookVerdict {
  readonly status: string;
  readonly reason: string;
  readonly checks: readonly {
    readonly name: string;
    readonly status: string;
    readonly required: boolean;
    readonly message?: string;
    readonly durationMs?: number;
    readonly [key: string]: unknown;
  }[];
  readonly [key: string]: unknown;
}

/** Something that happened during the deployment, at `at` (epoch ms of emulated time). */
export type SimulationEvent =
  | {
      readonly at: number;
      readonly type: 'deploymentCreated';
      readonly deploymentId: string;
      readonly rollback: boolean;
      /**
       * When AllowTraffic moves the alias, from its start (the first shift is immediate), and when it
       * ends: the deployment config's schedule. Undefined for a rollback, and for a config the
       * simulator does not know the shape of.
       */
      readonly schedule?: TrafficSchedule | undefined;
    }
  | { readonly at: number; readonly type: 'status'; readonly deploymentId: string; readonly status: string }
  | {
      readonly at: number;
      readonly type: 'lifecycleEvent';
      readonly deploymentId: string;
      readonly lifecycleEventName: string;
      readonly status: string;
    }
  | {
      readonly at: number;
      readonly type: 'hookInvoked';
      readonly lifecycleEventName: string;
      readonly functionName: string;
      readonly requestId: string | undefined;
    }
  | {
      readonly at: number;
      /** CodeDeploy could not invoke the hook: the service role does not allow it, or Lambda refused. */
      readonly type: 'hookInvokeFailed';
      readonly lifecycleEventName: string;
      readonly functionName: string;
      readonly errorCode: string;
      readonly message: string;
    }
  | {
      readonly at: number;
      /** One run of a hook function ended: its status, and the verdict it logged if it is a shiftguard hook. */
      readonly type: 'hookFinished';
      readonly lifecycleEventName: string;
      readonly functionName: string;
      readonly requestId: string;
      readonly attempt: number;
      readonly invocationStatus: string;
      readonly error: { readonly errorType: string; readonly errorMessage: string } | undefined;
      readonly verdict: HookVerdict | undefined;
    }
  | {
      readonly at: number;
      readonly type: 'hookReported';
      readonly lifecycleEventName: string | undefined;
      readonly status: string | undefined;
      /** `accepted`, or why CodeDeploy refused it (e.g. `LifecycleEventAlreadyCompletedException`). */
      readonly outcome: string;
    }
  | { readonly at: number; readonly type: 'hookTimedOut'; readonly lifecycleEventName: string }
  | {
      readonly at: number;
      /** CodeDeploy moved the alias. */
      readonly type: 'trafficShifted';
      readonly deploymentId: string;
      /** The share of traffic of this deployment's target version, 0 to 1 (for a rollback, the old version). */
      readonly targetVersionWeight: number;
      /** The share of traffic of the version being deployed, 0 to 1: a rollback sets it back to 0. */
      readonly newVersionWeight: number;
    }
  | {
      readonly at: number;
      readonly type: 'alarmState';
      readonly alarmName: string;
      readonly from: string;
      readonly to: string;
      readonly reason: string;
    }
  | {
      readonly at: number;
      /** CodeDeploy polled the group's alarms and found one in ALARM, or could not read them. */
      readonly type: 'alarmsPolled';
      readonly outcome: string;
      readonly alarms: readonly { readonly name: string; readonly state: string }[];
    }
  | { readonly at: number; readonly type: 'rollbackStarted'; readonly rollbackDeploymentId: string };

/** How the deployment ended. */
export type SimulationOutcome =
  /** Every lifecycle event passed: the alias serves the new version. */
  | 'succeeded'
  /** It failed or was stopped, and the alias went back to the old version. */
  | 'rolledBack'
  /** It failed and nothing rolled it back (automatic rollback off). */
  | 'failed';

export interface SimulatedHook {
  readonly lifecycleEventName: string;
  readonly functionName: string;
  /** Each run CodeDeploy's invoke caused (Lambda retries an `Event` invocation that failed). */
  readonly runs: readonly Extract<SimulationEvent, { type: 'hookFinished' }>[];
  /** What CodeDeploy recorded for the lifecycle event. */
  readonly recorded: string | undefined;
  /** The runs' logs, as CloudWatch Logs would show them, in order. */
  readonly logs: readonly string[];
}

export interface SimulatedAlarm {
  readonly alarmName: string;
  /** Whether the deployment group watches it (`DeploymentPreference.Alarms`). */
  readonly watched: boolean;
  readonly finalState: string;
  readonly transitions: readonly Extract<SimulationEvent, { type: 'alarmState' }>[];
}

export interface SimulationResult {
  readonly outcome: SimulationOutcome;
  /** The seed the run used (the one given, or the one drawn): pass it again to repeat the run. */
  readonly seed: number;
  readonly function: {
    readonly logicalId: string;
    readonly functionName: string;
    readonly alias: string;
    readonly currentVersion: string;
    readonly targetVersion: string;
  };
  readonly deploymentConfigName: string;
  readonly deployment: {
    readonly deploymentId: string;
    readonly status: string;
    readonly errorInformation: { readonly code: string; readonly message: string } | undefined;
    readonly createTime: number;
    readonly completeTime: number | undefined;
  };
  /** The rollback deployment CodeDeploy created, if it did. */
  readonly rollback:
    | { readonly deploymentId: string; readonly status: string; readonly completeTime: number | undefined }
    | undefined;
  /** Epoch ms of emulated time the deployment was created at, and when everything had ended. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Real milliseconds the simulation took, setup and build included. */
  readonly realDurationMs: number;
  /** The alias as it ended: the version it serves and any weighted routing left. */
  readonly finalAlias: {
    readonly functionVersion: string;
    readonly additionalVersionWeights: Readonly<Record<string, number>>;
  };
  readonly events: readonly SimulationEvent[];
  /** The share of traffic of the version being deployed over time, starting at 0; a rollback brings it back to 0. */
  readonly weights: readonly { readonly at: number; readonly newVersionWeight: number }[];
  readonly traffic: {
    readonly rps: number;
    readonly sent: number;
    readonly byVersion: Readonly<Record<string, VersionTraffic>>;
    readonly byMinute: readonly TrafficMinute[];
  };
  /** The template's APIs and function URLs, served on loopback in front of the alias, with the requests each got. */
  readonly frontDoor: readonly {
    readonly logicalId: string;
    readonly kind: 'Api' | 'HttpApi' | 'FunctionUrl';
    readonly url: string;
    readonly requests: number;
  }[];
  readonly hooks: readonly SimulatedHook[];
  readonly alarms: readonly SimulatedAlarm[];
  /** What the template reader noticed, and assumptions the simulator made. */
  readonly warnings: readonly TemplateWarning[];
}
