import { isPlainObject, Validator } from '@shiftguard/kit';
import type { LinearEnd } from './configs';

/**
 * Where a running deployment reads its alarms' states: CloudWatch's `DescribeAlarms`, in the alarm
 * registry's terms (`AlarmNames`, `AlarmTypes`, `StateValue`). The CloudWatch alarm registry has this
 * method; a test or the simulator may give any object that answers like it. It may throw (or reject):
 * that is a poll that could not read the alarms, which `ignorePollAlarmFailure` decides about.
 */
export interface DeploymentAlarmSource {
  describeAlarms(input: {
    readonly AlarmNames: readonly string[];
    readonly AlarmTypes: readonly ('MetricAlarm' | 'CompositeAlarm')[];
    readonly MaxRecords?: number;
    readonly NextToken?: string;
  }): DeploymentAlarmPage | Promise<DeploymentAlarmPage>;
}

export interface DeploymentAlarmPage {
  readonly MetricAlarms: readonly { readonly AlarmName: string; readonly StateValue: string }[];
  readonly CompositeAlarms: readonly { readonly AlarmName: string; readonly StateValue: string }[];
  readonly NextToken?: string;
}

/** What an IAM role lets CodeDeploy do, as far as the emulator checks: which functions it may invoke. */
export interface ServiceRolePermissions {
  /** Function names (or `*`-patterns, e.g. `CodeDeployHook_*`, or `*` for all) CodeDeploy may invoke as hooks. */
  readonly invoke: readonly string[];
}

/** The `errorInformation.code` a deployment ends with in each case AWS does not document. */
export interface DeploymentErrorCodes {
  /** A hook reported `Failed`. Default `HOOK_EXECUTION_FAILURE` (in the enum; no source ties it to this case). */
  readonly hookFailed?: string;
  /** No report within the hook timeout. Default `TIMEOUT`. */
  readonly hookTimedOut?: string;
  /** Lambda refused CodeDeploy's invoke (no such function). Default `INVALID_LAMBDA_FUNCTION`. */
  readonly hookInvokeFailed?: string;
  /** The alarms could not be read and `ignorePollAlarmFailure` is false. Default `ALARM_ACTIVE`. */
  readonly alarmPollFailed?: string;
  /** StopDeployment. Default `MANUAL_STOP`. */
  readonly stopped?: string;
}

/**
 * How the emulated CodeDeploy runs deployments (`startEmulator({ codeDeploy })`). Every choice AWS
 * does not document is one of these, with the default named.
 */
export interface CodeDeployOptions {
  /** How long a hook has to report before the deployment fails. Default one hour, as CodeDeploy documents. */
  readonly hookTimeoutMs?: number;
  /** How often a running deployment polls its alarms, after a first poll at its start. Undocumented; default 60 s. */
  readonly alarmPollIntervalMs?: number;
  /**
   * Where the alarms' states come from. Default: the emulator's own CloudWatch alarms (what
   * `PutMetricAlarm` created, evaluated on the clock); give a stand-in to set states by hand.
   */
  readonly alarms?: DeploymentAlarmSource;
  /** Whether an alarm in `INSUFFICIENT_DATA` stops a deployment like one in `ALARM`. Undocumented; default false. */
  readonly insufficientDataStops?: boolean;
  /**
   * An alarm the group names but CloudWatch does not have: `pollFailure` (default: its status "can't be
   * retrieved", so `ignorePollAlarmFailure` decides) or `ignore`. Undocumented.
   */
  readonly missingAlarm?: 'pollFailure' | 'ignore';
  /** When a linear shift's AllowTraffic ends: `lastShift` (default, 9·N for 10% steps) or `extraInterval` (10·N). */
  readonly linearEnd?: LinearEnd;
  /** The status of `BeforeAllowTraffic` / `AfterAllowTraffic` with no hook. Undocumented; default `Skipped`. */
  readonly unhookedEventStatus?: 'Skipped' | 'Succeeded';
  /** How CodeDeploy invokes a hook. SAM says asynchronously; CodeDeploy does not say. Default `Event`. */
  readonly hookInvocationType?: 'Event' | 'RequestResponse';
  /** Whether a rollback deployment runs the hooks (AWS does not say for Lambda). Default false: the alias flips back at once. */
  readonly hooksOnRollback?: boolean;
  readonly errorCodes?: DeploymentErrorCodes;
  /**
   * What each service role ARN allows. A role not listed has the managed policy
   * `AWSCodeDeployRoleForLambda`, whose `lambda:InvokeFunction` covers only `CodeDeployHook_*`.
   */
  readonly serviceRoles?: Readonly<Record<string, ServiceRolePermissions>>;
  /** Between CreateDeployment (status `Created`) and the start (`InProgress`), on the clock. Default 0. */
  readonly startDelayMs?: number;
}

export interface ResolvedCodeDeployOptions {
  readonly hookTimeoutMs: number;
  readonly alarmPollIntervalMs: number;
  readonly alarms: DeploymentAlarmSource;
  readonly insufficientDataStops: boolean;
  readonly missingAlarm: 'pollFailure' | 'ignore';
  readonly linearEnd: LinearEnd;
  readonly unhookedEventStatus: 'Skipped' | 'Succeeded';
  readonly hookInvocationType: 'Event' | 'RequestResponse';
  readonly hooksOnRollback: boolean;
  readonly errorCodes: Required<DeploymentErrorCodes>;
  readonly serviceRoles: Readonly<Record<string, ServiceRolePermissions>>;
  readonly startDelayMs: number;
}

const OPTION_KEYS = [
  'hookTimeoutMs',
  'alarmPollIntervalMs',
  'alarms',
  'insufficientDataStops',
  'missingAlarm',
  'linearEnd',
  'unhookedEventStatus',
  'hookInvocationType',
  'hooksOnRollback',
  'errorCodes',
  'serviceRoles',
  'startDelayMs',
] as const;
const ERROR_CODE_KEYS = [
  'hookFailed',
  'hookTimedOut',
  'hookInvokeFailed',
  'alarmPollFailed',
  'stopped',
] as const;

export const DEFAULT_ERROR_CODES: Required<DeploymentErrorCodes> = Object.freeze({
  hookFailed: 'HOOK_EXECUTION_FAILURE',
  hookTimedOut: 'TIMEOUT',
  hookInvokeFailed: 'INVALID_LAMBDA_FUNCTION',
  alarmPollFailed: 'ALARM_ACTIVE',
  stopped: 'MANUAL_STOP',
});

/** "The deployment is considered to have failed if CodeDeploy is not notified ... within one hour." */
export const HOOK_TIMEOUT_MS = 60 * 60_000;

const NO_ALARM_SOURCE: DeploymentAlarmSource = {
  describeAlarms: () => ({ MetricAlarms: [], CompositeAlarms: [] }),
};

/** Checks `startEmulator`'s `codeDeploy` option under `path`, defaults filled in. */
export function resolveCodeDeployOptions(
  v: Validator,
  path: string,
  value: unknown,
): ResolvedCodeDeployOptions {
  const options = v.object(value ?? {}, path, OPTION_KEYS);
  const at = (key: string) => Validator.join(path, key);
  const codes = v.object(options.errorCodes ?? {}, at('errorCodes'), ERROR_CODE_KEYS);
  const errorCodes = { ...DEFAULT_ERROR_CODES };
  for (const key of ERROR_CODE_KEYS) {
    const code = v.string(codes[key], Validator.join(at('errorCodes'), key), { pattern: /^[A-Z_]+$/ });
    if (code !== undefined) errorCodes[key] = code;
  }
  return {
    hookTimeoutMs:
      v.number(options.hookTimeoutMs, at('hookTimeoutMs'), { positive: true }) ?? HOOK_TIMEOUT_MS,
    alarmPollIntervalMs:
      v.number(options.alarmPollIntervalMs, at('alarmPollIntervalMs'), { positive: true }) ?? 60_000,
    alarms:
      v.methods<DeploymentAlarmSource>(options.alarms, at('alarms'), ['describeAlarms']) ?? NO_ALARM_SOURCE,
    insufficientDataStops: v.boolean(options.insufficientDataStops, at('insufficientDataStops')) ?? false,
    missingAlarm:
      v.oneOf(options.missingAlarm, at('missingAlarm'), ['pollFailure', 'ignore']) ?? 'pollFailure',
    linearEnd: v.oneOf(options.linearEnd, at('linearEnd'), ['lastShift', 'extraInterval']) ?? 'lastShift',
    unhookedEventStatus:
      v.oneOf(options.unhookedEventStatus, at('unhookedEventStatus'), ['Skipped', 'Succeeded']) ?? 'Skipped',
    hookInvocationType:
      v.oneOf(options.hookInvocationType, at('hookInvocationType'), ['Event', 'RequestResponse']) ?? 'Event',
    hooksOnRollback: v.boolean(options.hooksOnRollback, at('hooksOnRollback')) ?? false,
    errorCodes: Object.freeze(errorCodes),
    serviceRoles: serviceRoles(v, at('serviceRoles'), options.serviceRoles),
    startDelayMs: v.number(options.startDelayMs, at('startDelayMs'), { min: 0 }) ?? 0,
  };
}

function serviceRoles(
  v: Validator,
  path: string,
  value: unknown,
): Readonly<Record<string, ServiceRolePermissions>> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) return v.wrongType(path, 'an object of role ARNs', value);
  const roles: Record<string, ServiceRolePermissions> = {};
  for (const [arn, permissions] of Object.entries(value)) {
    const at = Validator.join(path, arn);
    const checked = v.object(permissions, at, ['invoke']);
    const invoke =
      v.array(checked.invoke, Validator.join(at, 'invoke')) ??
      v.fail(Validator.join(at, 'invoke'), 'is required');
    invoke.forEach((pattern, index) => {
      v.string(pattern, Validator.join(Validator.join(at, 'invoke'), index));
    });
    roles[arn] = Object.freeze({ invoke: Object.freeze([...(invoke as string[])]) });
  }
  return Object.freeze(roles);
}
