import { type Clock, sha256Hex, sleep } from '@shiftguard/kit';
import { ServiceError } from '../service-error';
import { checkLambdaAppSpec, summarizeAppSpec } from './appspec';
import type {
  AlarmConfiguration,
  AutoRollbackConfiguration,
  AutoRollbackEvent,
  DeploymentGroupRecord,
} from './catalog';
import { trafficSchedule } from './configs';
import type { DeploymentLambda } from './lambda-port';
import type { ResolvedCodeDeployOptions } from './options';
import { type DeploymentRun, isFinished, type LifecycleDiagnostics, newRun } from './run';
import type { CodeDeployState, DeploymentRecord, HookExecution } from './state';
import type {
  DeploymentCreator,
  DeploymentErrorInformation,
  DeploymentRollbackInfo,
  DeploymentStatus,
  LambdaLifecycleEventName,
  LifecycleEventName,
  LifecycleEventStatus,
  PolledAlarm,
} from './types';

/** A CreateDeployment request the wire layer has checked. */
export interface DeploymentRequest {
  readonly group: DeploymentGroupRecord;
  readonly revisionType: 'AppSpecContent' | 'String';
  readonly content: string;
  readonly description: string | undefined;
  readonly deploymentConfigName: string;
  /** CreateDeployment's own, replacing the group's. */
  readonly autoRollbackConfiguration: AutoRollbackConfiguration | undefined;
  readonly overrideAlarmConfiguration: AlarmConfiguration | undefined;
}

/** A deployment being run: its record and what stops it. */
interface Control {
  readonly record: DeploymentRecord;
  readonly run: DeploymentRun;
  readonly abort: AbortController;
  pollTimer: unknown;
  stopListening: (() => void) | undefined;
}

interface PollResult {
  readonly outcome: 'clear' | 'alarm' | 'failed';
  readonly activated: readonly string[];
  readonly unreadable: readonly string[];
}

const HOOKED_EVENTS: readonly LifecycleEventName[] = ['BeforeAllowTraffic', 'AfterAllowTraffic'];
const NO_ALARMS: AlarmConfiguration = { enabled: false, ignorePollAlarmFailure: false, alarms: [] };
const NO_ROLLBACK: AutoRollbackConfiguration = { enabled: false, events: [] };
/** The managed policy AWSCodeDeployRoleForLambda: `lambda:InvokeFunction` on `function:CodeDeployHook_*` only. */
const MANAGED_ROLE_INVOKE = ['CodeDeployHook_*'];

/**
 * CodeDeploy running Lambda deployments on the emulator's clock: `Start`, `BeforeAllowTraffic` (the
 * hook invoked with `{DeploymentId, LifecycleEventHookExecutionId}` and waited for up to the hook
 * timeout), `AllowTraffic` (the alias's weights moved on the config's schedule, then the alias flipped
 * to the target version), `AfterAllowTraffic`, `End`. The group's alarms are polled throughout; a stop
 * or a failure rolls back as the group (or CreateDeployment) says: the alias flipped back by a new
 * deployment created by `codeDeployRollback`.
 */
export class DeploymentEngine {
  private readonly active = new Map<string, Control>();
  private closed = false;

  constructor(
    private readonly state: CodeDeployState,
    private readonly lambda: DeploymentLambda,
    private readonly options: ResolvedCodeDeployOptions,
  ) {}

  private get clock(): Clock {
    return this.state.clock;
  }

  /** Creates the deployment (status `Created`) and starts running it after `startDelayMs`. */
  create(request: DeploymentRequest): DeploymentRecord {
    const group = request.group;
    const record = this.build({
      group,
      revisionType: request.revisionType,
      content: request.content,
      description: request.description,
      deploymentConfigName: request.deploymentConfigName,
      creator: 'user',
      autoRollbackConfiguration: request.autoRollbackConfiguration ?? group.autoRollbackConfiguration,
      alarmConfiguration: request.overrideAlarmConfiguration ?? group.alarmConfiguration,
      overrideAlarmConfiguration: request.overrideAlarmConfiguration,
      rollbackInfo: undefined,
    });
    const control = this.admit(record);
    void this.execute(control);
    return record;
  }

  /** Whether `deploymentId` is still running (or waiting to start). */
  isRunning(deploymentId: string): boolean {
    return this.active.has(deploymentId);
  }

  /**
   * StopDeployment: `Stopped` at once; rolled back when `autoRollbackEnabled` says so or, when it is
   * not given, when the deployment's rollback configuration lists `DEPLOYMENT_STOP_ON_REQUEST`.
   */
  stop(deploymentId: string, autoRollbackEnabled: boolean | undefined): void {
    const control = this.active.get(deploymentId);
    if (control === undefined) return;
    this.state.note(deploymentId, { type: 'stopRequested', autoRollbackEnabled });
    this.finish(
      control,
      'Stopped',
      {
        code: this.options.errorCodes.stopped,
        message: 'The deployment was stopped by a StopDeployment request.',
      },
      autoRollbackEnabled ?? rollsBackOn(control.run, 'DEPLOYMENT_STOP_ON_REQUEST'),
    );
  }

  /** Stops every timer; deployments keep the status they had (the emulator is closing). */
  close(): void {
    this.closed = true;
    for (const control of [...this.active.values()]) this.release(control);
  }

  private build(fields: {
    group: DeploymentGroupRecord;
    revisionType: 'AppSpecContent' | 'String';
    content: string;
    description: string | undefined;
    deploymentConfigName: string;
    creator: DeploymentCreator;
    autoRollbackConfiguration: AutoRollbackConfiguration;
    alarmConfiguration: AlarmConfiguration;
    overrideAlarmConfiguration: AlarmConfiguration | undefined;
    rollbackInfo: DeploymentRollbackInfo | undefined;
  }): DeploymentRecord {
    const { group, content } = fields;
    const summary = summarizeAppSpec(content);
    const checked = checkLambdaAppSpec(content);
    const hooks: HookExecution[] = summary.parsed
      ? summary.hooks
          .filter((hook) => HOOKED_EVENTS.includes(hook.event))
          .map((hook) => ({
            event: hook.event,
            executionId: this.state.freshHookExecutionId(),
            functionName: hook.functionName,
            status: 'Pending',
            completedAt: undefined,
          }))
      : [];
    return {
      deploymentId: this.state.freshDeploymentId(),
      applicationName: group.applicationName,
      deploymentGroupName: group.deploymentGroupName,
      description: fields.description,
      computePlatform: 'Lambda',
      deploymentConfigName: fields.deploymentConfigName,
      createTime: this.clock.wallTime(),
      revisionType: fields.revisionType,
      content,
      sha256: sha256Hex(content),
      format: summary.format,
      s3Location: undefined,
      contentInGetDeployment: false,
      appSpecParsed: summary.parsed,
      hooks,
      target: checked.ok
        ? checked.target
        : {
            functionName: summary.target.functionName ?? '',
            alias: summary.target.alias ?? '',
            currentVersion: summary.target.currentVersion ?? '',
            targetVersion: summary.target.targetVersion ?? '',
          },
      run: newRun({
        group,
        creator: fields.creator,
        autoRollbackConfiguration: fields.autoRollbackConfiguration,
        alarmConfiguration: fields.alarmConfiguration,
        overrideAlarmConfiguration: fields.overrideAlarmConfiguration,
        previousDeploymentId: group.lastSuccessful,
        ...(fields.rollbackInfo === undefined ? {} : { rollbackInfo: fields.rollbackInfo }),
      }),
    };
  }

  /** Holds the record, makes it the group's active deployment and tracks it until it ends. */
  private admit(record: DeploymentRecord): Control {
    const run = record.run as DeploymentRun;
    this.state.insert(record);
    run.group.active = record.deploymentId;
    run.group.lastAttempted = record.deploymentId;
    this.state.note(record.deploymentId, { type: 'status', status: 'Created' });
    const control: Control = {
      record,
      run,
      abort: new AbortController(),
      pollTimer: undefined,
      stopListening: undefined,
    };
    this.active.set(record.deploymentId, control);
    return control;
  }

  private async execute(control: Control): Promise<void> {
    const { record, run } = control;
    const signal = control.abort.signal;
    const rollback = run.creator === 'codeDeployRollback';
    try {
      if (!rollback) await sleep(this.clock, this.options.startDelayMs, signal);
      this.setStatus(control, 'InProgress');
      run.startTime = this.clock.wallTime();

      const first = await this.poll(control);
      if (signal.aborted) return;
      if (first.outcome === 'alarm') {
        // "An alarm that is in ALARM before or at the start of a deployment fails it immediately."
        this.finish(control, 'Failed', alarmError(first), rollsBackOn(run, 'DEPLOYMENT_FAILURE'));
        return;
      }
      if (first.outcome === 'failed') {
        this.finish(control, 'Stopped', this.pollError(first), rollsBackOn(run, 'DEPLOYMENT_STOP_ON_ALARM'));
        return;
      }
      this.schedulePoll(control);

      this.begin(control, 'Start');
      const problem = rollback ? undefined : this.checkTarget(record);
      if (problem !== undefined) {
        this.end(control, 'Start', 'Failed', {
          errorCode: 'UnknownError',
          scriptName: '',
          message: problem.message,
          logTail: '',
        });
        // Nothing was changed, so there is nothing to roll back.
        this.finish(control, 'Failed', problem, false);
        return;
      }
      this.end(control, 'Start', 'Succeeded');
      if (!(await this.hookEvent(control, 'BeforeAllowTraffic'))) return;
      if (!(await this.allowTraffic(control))) return;
      if (!(await this.hookEvent(control, 'AfterAllowTraffic'))) return;
      this.begin(control, 'End');
      this.end(control, 'End', 'Succeeded');
      this.finish(control, 'Succeeded', undefined, false);
    } catch (error) {
      if (signal.aborted) return; // stopped, failed elsewhere, or the emulator closed
      this.finish(
        control,
        'Failed',
        { code: 'INTERNAL_ERROR', message: `The emulator failed running the deployment: ${String(error)}` },
        false,
      );
    }
  }

  /** What CodeDeploy checks before it touches the alias: the AppSpec, the function, its alias and versions. */
  private checkTarget(record: DeploymentRecord): DeploymentErrorInformation | undefined {
    const checked = checkLambdaAppSpec(record.content);
    if (!checked.ok) {
      return {
        code: 'INVALID_REVISION',
        message: `The deployment failed because the AppSpec file that specifies the deployment configuration is missing or has an invalid configuration: ${checked.problem}.`,
      };
    }
    const { functionName, alias, currentVersion, targetVersion } = checked.target;
    const name = functionNameOf(functionName);
    const live = this.lambda.readAlias(name, alias);
    if (live === 'noFunction') {
      return {
        code: 'INVALID_LAMBDA_FUNCTION',
        message: `The Lambda function ${functionName} does not exist.`,
      };
    }
    if (live === 'noAlias') {
      return {
        code: 'INVALID_LAMBDA_CONFIGURATION',
        message: `The alias ${alias} of the Lambda function ${functionName} does not exist.`,
      };
    }
    for (const version of [currentVersion, targetVersion]) {
      if (!this.lambda.hasVersion(name, version)) {
        return {
          code: 'INVALID_LAMBDA_CONFIGURATION',
          message: `Version ${version} of the Lambda function ${functionName} does not exist.`,
        };
      }
    }
    if (live.functionVersion !== currentVersion) {
      return {
        code: 'INVALID_LAMBDA_CONFIGURATION',
        message: 'The Lambda function alias version does not match the current version in AppSpec file.',
      };
    }
    if (Object.keys(live.weights).length > 0) {
      return {
        code: 'INVALID_LAMBDA_CONFIGURATION',
        message: `The alias ${alias} of the Lambda function ${functionName} already routes traffic to two versions.`,
      };
    }
    return undefined;
  }

  /** A hookable event: its hook invoked and waited for, or the event passed over when it has none. */
  private async hookEvent(
    control: Control,
    name: LifecycleEventName & LambdaLifecycleEventName,
  ): Promise<boolean> {
    const { record, run } = control;
    const hook = record.hooks.find((candidate) => candidate.event === name);
    this.begin(control, name);
    const skipRollbackHooks = run.creator === 'codeDeployRollback' && !this.options.hooksOnRollback;
    if (hook === undefined || hook.functionName === undefined || skipRollbackHooks) {
      this.end(control, name, hook === undefined ? this.options.unhookedEventStatus : 'Skipped');
      return true;
    }
    const functionName = hook.functionName;
    const fail = (code: string, message: string, diagnostics: string) => {
      hook.status = 'Failed';
      hook.completedAt = this.clock.wallTime();
      this.end(control, name, 'Failed', {
        errorCode: diagnostics,
        scriptName: functionName,
        message,
        logTail: '',
      });
      this.finish(control, 'Failed', { code, message }, rollsBackOn(run, 'DEPLOYMENT_FAILURE'));
      return false;
    };

    const roleArn = run.group.serviceRoleArn;
    if (!this.roleMayInvoke(roleArn, functionNameOf(functionName))) {
      const message = `The IAM role ${roleArn} does not give you permission to perform operations in the following AWS service: AWSLambda. Contact your AWS administrator if you need help. If you are an AWS administrator, you can grant permissions to your users or groups by creating IAM policies.`;
      this.state.note(record.deploymentId, {
        type: 'hookInvokeFailed',
        lifecycleEventName: name,
        functionName,
        errorCode: 'AccessDeniedException',
        message,
      });
      return fail('IAM_ROLE_PERMISSIONS', message, 'UnknownError');
    }

    hook.status = 'InProgress';
    let reported: (status: 'Succeeded' | 'Failed') => void = () => {};
    const report = new Promise<'Succeeded' | 'Failed'>((resolve) => {
      reported = resolve;
    });
    control.stopListening = this.state.onHookCompleted(hook.executionId, reported);
    const invocationType = this.options.hookInvocationType;
    let requestId: string;
    try {
      ({ requestId } = this.lambda.invoke(
        functionName,
        { DeploymentId: record.deploymentId, LifecycleEventHookExecutionId: hook.executionId },
        invocationType,
      ));
    } catch (error) {
      const message =
        error instanceof ServiceError
          ? `CodeDeploy could not invoke the ${name} hook ${functionName}: ${error.name}: ${error.message}`
          : `CodeDeploy could not invoke the ${name} hook ${functionName}: ${String(error)}`;
      this.state.note(record.deploymentId, {
        type: 'hookInvokeFailed',
        lifecycleEventName: name,
        functionName,
        errorCode: error instanceof ServiceError ? error.name : 'Error',
        message,
      });
      return fail(this.options.errorCodes.hookInvokeFailed, message, 'ScriptMissing');
    }
    this.state.note(record.deploymentId, {
      type: 'hookInvoked',
      lifecycleEventName: name,
      functionName,
      executionId: hook.executionId,
      invocationType,
      requestId,
    });

    const outcome = await waitFor(this.clock, report, this.options.hookTimeoutMs, control.abort.signal);
    control.stopListening?.();
    control.stopListening = undefined;
    if (outcome === 'timeout') {
      this.state.note(record.deploymentId, {
        type: 'hookTimedOut',
        lifecycleEventName: name,
        executionId: hook.executionId,
      });
      const minutes = Math.round(this.options.hookTimeoutMs / 60_000);
      return fail(
        this.options.errorCodes.hookTimedOut,
        `The ${name} lifecycle event hook ${functionName} did not report a status within ${minutes} minutes.`,
        'ScriptTimedOut',
      );
    }
    if (outcome === 'Failed') {
      this.end(control, name, 'Failed', {
        errorCode: 'ScriptFailed',
        scriptName: functionName,
        message: 'The lifecycle event hook reported Failed.',
        logTail: '',
      });
      this.finish(
        control,
        'Failed',
        {
          code: this.options.errorCodes.hookFailed,
          message: `The deployment failed because the ${name} lifecycle event hook ${functionName} reported Failed.`,
        },
        rollsBackOn(run, 'DEPLOYMENT_FAILURE'),
      );
      return false;
    }
    this.end(control, name, 'Succeeded', {
      errorCode: 'Success',
      scriptName: functionName,
      message: 'The lifecycle event hook reported Succeeded.',
      logTail: '',
    });
    return true;
  }

  /** AllowTraffic: the config's weights at their times, the last one the flip to the target version. */
  private async allowTraffic(control: Control): Promise<boolean> {
    const { record, run } = control;
    this.begin(control, 'AllowTraffic');
    const config =
      run.creator === 'codeDeployRollback'
        ? undefined
        : this.state.catalog.config(record.deploymentConfigName)?.trafficRoutingConfig;
    const schedule = trafficSchedule(config ?? { type: 'AllAtOnce' }, this.options.linearEnd);
    const started = this.clock.now();
    for (const step of schedule.steps) {
      const wait = step.offsetMs - (this.clock.now() - started);
      if (wait > 0) await sleep(this.clock, wait, control.abort.signal);
      if (!this.shift(control, step.weight)) return false;
    }
    const rest = schedule.endMs - (this.clock.now() - started);
    if (rest > 0) await sleep(this.clock, rest, control.abort.signal);
    this.end(control, 'AllowTraffic', 'Succeeded');
    return true;
  }

  /** One UpdateAlias: `weight` to the target version on the current one, or (at 1) the flip with no routing. */
  private shift(control: Control, weight: number): boolean {
    const { record, run } = control;
    const { alias, currentVersion, targetVersion } = record.target;
    const functionName = functionNameOf(record.target.functionName);
    if (typeof this.lambda.readAlias(functionName, alias) === 'string') {
      const message = `The alias ${alias} of the Lambda function ${functionName} does not exist.`;
      this.end(control, 'AllowTraffic', 'Failed', {
        errorCode: 'UnknownError',
        scriptName: '',
        message,
        logTail: '',
      });
      this.finish(control, 'Failed', { code: 'INVALID_LAMBDA_CONFIGURATION', message }, false);
      return false;
    }
    const after =
      weight >= 1
        ? this.lambda.updateAlias(functionName, alias, targetVersion, {})
        : this.lambda.updateAlias(functionName, alias, currentVersion, { [targetVersion]: weight });
    run.targetVersionWeight = weight;
    this.state.note(record.deploymentId, {
      type: 'trafficShifted',
      functionName,
      alias,
      functionVersion: after.functionVersion,
      additionalVersionWeights: after.weights,
      targetVersionWeight: weight,
    });
    return true;
  }

  private schedulePoll(control: Control): void {
    if (!control.run.alarmConfiguration.enabled || this.closed) return;
    control.pollTimer = this.clock.setTimeout(() => {
      control.pollTimer = undefined;
      void this.poll(control).then((result) => {
        if (control.abort.signal.aborted) return;
        if (result.outcome === 'alarm') {
          this.finish(
            control,
            'Stopped',
            alarmError(result),
            rollsBackOn(control.run, 'DEPLOYMENT_STOP_ON_ALARM'),
          );
        } else if (result.outcome === 'failed') {
          this.finish(
            control,
            'Stopped',
            this.pollError(result),
            rollsBackOn(control.run, 'DEPLOYMENT_STOP_ON_ALARM'),
          );
        } else {
          this.schedulePoll(control);
        }
      });
    }, this.options.alarmPollIntervalMs);
  }

  /** One DescribeAlarms of the deployment's alarms; nothing when alarm monitoring is off. */
  private async poll(control: Control): Promise<PollResult> {
    const configuration = control.run.alarmConfiguration;
    if (!configuration.enabled || configuration.alarms.length === 0) {
      return { outcome: 'clear', activated: [], unreadable: [] };
    }
    const names = configuration.alarms.map((alarm) => alarm.name);
    const states = new Map<string, string>();
    let failed = false;
    try {
      let token: string | undefined;
      do {
        const page = await this.options.alarms.describeAlarms({
          AlarmNames: names,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          ...(token === undefined ? {} : { NextToken: token }),
        });
        for (const alarm of [...page.MetricAlarms, ...page.CompositeAlarms]) {
          states.set(alarm.AlarmName, alarm.StateValue);
        }
        token = page.NextToken;
      } while (token !== undefined);
    } catch {
      failed = true;
    }
    const alarms: PolledAlarm[] = names.map((name) => ({
      name,
      state: failed ? undefined : states.get(name),
    }));
    const activated = alarms
      .filter(
        (alarm) =>
          alarm.state === 'ALARM' ||
          (this.options.insufficientDataStops && alarm.state === 'INSUFFICIENT_DATA'),
      )
      .map((alarm) => alarm.name);
    const unreadable = alarms.filter((alarm) => alarm.state === undefined).map((alarm) => alarm.name);
    if (this.options.missingAlarm === 'pollFailure' && unreadable.length > 0) failed = true;
    let outcome: 'clear' | 'alarm' | 'failed' | 'failureIgnored' = 'clear';
    if (activated.length > 0) outcome = 'alarm';
    else if (failed) outcome = configuration.ignorePollAlarmFailure ? 'failureIgnored' : 'failed';
    if (!control.abort.signal.aborted) {
      this.state.note(control.record.deploymentId, { type: 'alarmsPolled', alarms, outcome });
    }
    return { outcome: outcome === 'failureIgnored' ? 'clear' : outcome, activated, unreadable };
  }

  private pollError(result: PollResult): DeploymentErrorInformation {
    return {
      code: this.options.errorCodes.alarmPollFailed,
      message: `The state of the alarms ${result.unreadable.join(', ')} could not be retrieved from Amazon CloudWatch, and ignorePollAlarmFailure is false, so the deployment was stopped.`,
    };
  }

  private roleMayInvoke(roleArn: string, functionName: string): boolean {
    const patterns = this.options.serviceRoles[roleArn]?.invoke ?? MANAGED_ROLE_INVOKE;
    return patterns.some((pattern) => wildcard(pattern).test(functionName));
  }

  private setStatus(control: Control, status: DeploymentStatus): void {
    control.run.status = status;
    this.state.note(control.record.deploymentId, { type: 'status', status });
  }

  private begin(control: Control, name: LambdaLifecycleEventName): void {
    const event = control.run.events.find((candidate) => candidate.name === name);
    if (event === undefined) return;
    event.status = 'InProgress';
    event.startTime = this.clock.wallTime();
    this.state.note(control.record.deploymentId, {
      type: 'lifecycleEvent',
      lifecycleEventName: name,
      status: 'InProgress',
    });
  }

  private end(
    control: Control,
    name: LambdaLifecycleEventName,
    status: LifecycleEventStatus,
    diagnostics?: LifecycleDiagnostics,
  ): void {
    const event = control.run.events.find((candidate) => candidate.name === name);
    if (event === undefined) return;
    const now = this.clock.wallTime();
    event.status = status;
    event.startTime ??= now;
    event.endTime = now;
    event.diagnostics = diagnostics;
    this.state.note(control.record.deploymentId, {
      type: 'lifecycleEvent',
      lifecycleEventName: name,
      status,
    });
  }

  /**
   * Ends a deployment: its status, the events still open (one in progress fails, those not reached
   * are skipped), the group free again; then, if `rollback`, the rollback deployment.
   */
  private finish(
    control: Control,
    status: 'Succeeded' | 'Failed' | 'Stopped',
    error: DeploymentErrorInformation | undefined,
    rollback: boolean,
  ): void {
    const { record, run } = control;
    if (isFinished(run.status)) return;
    for (const event of run.events) {
      if (event.status === 'InProgress') {
        this.end(control, event.name, 'Failed', {
          errorCode: 'UnknownError',
          scriptName: record.hooks.find((hook) => hook.event === event.name)?.functionName ?? '',
          message: error?.message ?? 'The deployment ended.',
          logTail: '',
        });
      } else if (event.status === 'Pending') {
        this.end(control, event.name, 'Skipped');
      }
    }
    for (const hook of record.hooks) {
      // A report arriving after the deployment ended finds the event completed.
      if (hook.status === 'InProgress') {
        hook.status = 'Failed';
        hook.completedAt = this.clock.wallTime();
      }
    }
    run.completeTime = this.clock.wallTime();
    run.errorInformation = error;
    if (run.group.active === record.deploymentId) run.group.active = undefined;
    if (status === 'Succeeded') run.group.lastSuccessful = record.deploymentId;
    this.setStatus(control, status);
    this.release(control);
    this.reportToTrigger(record, status);
    if (rollback && status !== 'Succeeded') this.rollBack(control);
  }

  /** A rollback ending tells the deployment it rolled back, in that one's `rollbackMessage`. */
  private reportToTrigger(record: DeploymentRecord, status: DeploymentStatus): void {
    const triggering = record.run?.rollbackInfo?.rollbackTriggeringDeploymentId;
    const original = triggering === undefined ? undefined : this.state.find(triggering);
    if (original?.run === undefined) return;
    original.run.rollbackInfo = {
      ...original.run.rollbackInfo,
      rollbackMessage: `Rollback deployment ${record.deploymentId} ${status === 'Succeeded' ? 'succeeded' : `ended ${status}`}.`,
    };
  }

  /**
   * CodeDeploy's automatic rollback of a Lambda deployment: a new deployment (`creator:
   * codeDeployRollback`, its own id) of the AppSpec with the versions swapped, which flips the alias
   * back to the old version at once (running the hooks first only with `hooksOnRollback`).
   */
  private rollBack(control: Control): void {
    if (this.closed) return;
    const { record, run } = control;
    const rollback = this.build({
      group: run.group,
      revisionType: 'AppSpecContent',
      content: JSON.stringify(swappedAppSpec(record)),
      description: `Rollback of deployment ${record.deploymentId}`,
      deploymentConfigName: record.deploymentConfigName,
      creator: 'codeDeployRollback',
      autoRollbackConfiguration: NO_ROLLBACK,
      alarmConfiguration: NO_ALARMS,
      overrideAlarmConfiguration: undefined,
      rollbackInfo: { rollbackTriggeringDeploymentId: record.deploymentId },
    });
    run.rollbackInfo = {
      rollbackDeploymentId: rollback.deploymentId,
      rollbackMessage: `Rollback deployment ${rollback.deploymentId} in progress.`,
    };
    this.state.note(record.deploymentId, {
      type: 'rollbackStarted',
      rollbackDeploymentId: rollback.deploymentId,
    });
    const rollbackControl = this.admit(rollback);
    if (this.options.hooksOnRollback) {
      void this.execute(rollbackControl);
    } else {
      this.flipBack(rollbackControl);
    }
  }

  /** A rollback without hooks, all at this instant: the alias back on the old version, no routing. */
  private flipBack(control: Control): void {
    this.setStatus(control, 'InProgress');
    control.run.startTime = this.clock.wallTime();
    this.begin(control, 'Start');
    this.end(control, 'Start', 'Succeeded');
    this.begin(control, 'BeforeAllowTraffic');
    this.end(control, 'BeforeAllowTraffic', 'Skipped');
    this.begin(control, 'AllowTraffic');
    if (!this.shift(control, 1)) return;
    this.end(control, 'AllowTraffic', 'Succeeded');
    this.begin(control, 'AfterAllowTraffic');
    this.end(control, 'AfterAllowTraffic', 'Skipped');
    this.begin(control, 'End');
    this.end(control, 'End', 'Succeeded');
    this.finish(control, 'Succeeded', undefined, false);
  }

  /** Stops the deployment's timers and waits; `finish` has set (or close leaves) its status. */
  private release(control: Control): void {
    if (control.pollTimer !== undefined) this.clock.clearTimeout(control.pollTimer);
    control.pollTimer = undefined;
    control.stopListening?.();
    control.stopListening = undefined;
    control.abort.abort(new Error('The deployment ended'));
    this.active.delete(control.record.deploymentId);
  }
}

function rollsBackOn(run: DeploymentRun, event: AutoRollbackEvent): boolean {
  return run.autoRollbackConfiguration.enabled && run.autoRollbackConfiguration.events.includes(event);
}

function alarmError(result: PollResult): DeploymentErrorInformation {
  return {
    code: 'ALARM_ACTIVE',
    message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${result.activated.join(', ')}>`,
  };
}

/** The AppSpec of a rollback: the same function, alias and hooks, the versions the other way round. */
function swappedAppSpec(record: DeploymentRecord): Record<string, unknown> {
  const { functionName, alias, currentVersion, targetVersion } = record.target;
  return {
    version: 0.0,
    Resources: [
      {
        [functionNameOf(functionName) || 'function']: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Name: functionName,
            Alias: alias,
            CurrentVersion: targetVersion,
            TargetVersion: currentVersion,
          },
        },
      },
    ],
    Hooks: record.hooks.map((hook) => ({ [hook.event]: hook.functionName })),
  };
}

/** The function name in a name, a `name:qualifier` or an ARN. */
export function functionNameOf(nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn.split(':')[6] ?? nameOrArn;
  return nameOrArn.split(':')[0] ?? nameOrArn;
}

/** An IAM-style pattern (`*` any run of characters) as an anchored expression. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `promise`'s value, `'timeout'` after `ms`, or the signal's reason as a rejection. */
function waitFor<T>(
  clock: Clock,
  promise: Promise<T>,
  ms: number,
  signal: AbortSignal,
): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const cleanup = () => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    const timer = clock.setTimeout(() => {
      cleanup();
      resolve('timeout');
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      cleanup();
      resolve(value);
    });
  });
}
