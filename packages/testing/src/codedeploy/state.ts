import { type Clock, sha256Hex, Validator } from '@shiftguard/kit';
import { UnknownDeploymentError, UnknownHookExecutionError } from '../errors';
import { inputValidator } from '../validate';
import { DEFAULT_APPSPEC, summarizeAppSpec } from './appspec';
import { CodeDeployCatalog } from './catalog';
import { cryptoIds, type IdSource, newDeploymentId, newHookExecutionId } from './ids';
import type { DeploymentRun } from './run';
import { validateDeploymentSpec } from './spec';
import type {
  CodeDeployEmulator,
  ComputePlatform,
  CreateDeploymentSpec,
  CreatedDeployment,
  DeploymentSnapshot,
  DeploymentStatus,
  DeploymentTimelineEvent,
  HookExecutionIds,
  HookReport,
  LambdaTargetInfo,
  LifecycleEventName,
  LifecycleEventStatus,
  ReportFilter,
  RevisionType,
} from './types';

export interface HookExecution {
  readonly event: LifecycleEventName;
  readonly executionId: string;
  readonly functionName: string | undefined;
  status: LifecycleEventStatus;
  completedAt: number | undefined;
}

export interface DeploymentRecord {
  readonly deploymentId: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly description: string | undefined;
  readonly computePlatform: ComputePlatform;
  readonly deploymentConfigName: string;
  readonly createTime: number;
  readonly revisionType: RevisionType;
  readonly content: string;
  readonly sha256: string;
  readonly format: 'JSON' | 'YAML';
  readonly s3Location: { readonly bucket: string; readonly key: string } | undefined;
  readonly contentInGetDeployment: boolean;
  readonly appSpecParsed: boolean;
  readonly hooks: HookExecution[];
  readonly target: LambdaTargetInfo;
  /** Set for deployments CodeDeploy runs (CreateDeployment with a group, and rollbacks). */
  readonly run?: DeploymentRun;
}

/** Told when a hook execution gets its terminal status from an accepted report. */
export type HookCompletionListener = (status: 'Succeeded' | 'Failed') => void;

const DEFAULT_CONFIG: Readonly<Record<ComputePlatform, string>> = {
  Lambda: 'CodeDeployDefault.LambdaAllAtOnce',
  ECS: 'CodeDeployDefault.ECSAllAtOnce',
  Server: 'CodeDeployDefault.OneAtATime',
};

const TERMINAL: readonly LifecycleEventStatus[] = ['Succeeded', 'Failed'];

/** The emulated CodeDeploy's data: deployments, their hook executions, and every hook report received. */
export class CodeDeployState implements CodeDeployEmulator {
  private readonly records = new Map<string, DeploymentRecord>();
  private readonly executionIds = new Set<string>();
  private readonly received: HookReport[] = [];
  private readonly timelines = new Map<string, DeploymentTimelineEvent[]>();
  private readonly completionListeners = new Map<string, HookCompletionListener>();
  /** Applications, deployment groups and deployment configs. */
  readonly catalog: CodeDeployCatalog;

  constructor(
    readonly clock: Clock,
    private readonly ids: IdSource = cryptoIds,
  ) {
    this.catalog = new CodeDeployCatalog(clock);
  }

  createDeployment(spec: CreateDeploymentSpec = {}): CreatedDeployment {
    return this.create(spec, inputValidator('createDeployment spec'), '');
  }

  /** Creates from input not yet validated; `path` prefixes field names in errors (seed files). */
  create(input: unknown, v: Validator, path: string): CreatedDeployment {
    const spec = validateDeploymentSpec(v, path, input);
    const at = (key: string) => Validator.join(path, key);
    const deploymentId = spec.deploymentId ?? this.freshDeploymentId();
    if (this.records.has(deploymentId)) {
      v.fail(at('deploymentId'), `is already used by another deployment (${deploymentId})`);
    }
    const computePlatform = spec.computePlatform ?? 'Lambda';
    const content =
      typeof spec.appSpec === 'string' ? spec.appSpec : JSON.stringify(spec.appSpec ?? DEFAULT_APPSPEC);
    const summary = summarizeAppSpec(content);

    const wanted = new Map<LifecycleEventName, string | undefined>();
    for (const hook of summary.hooks) wanted.set(hook.event, hook.functionName);
    for (const event of Object.keys(spec.hookExecutionIds ?? {}) as LifecycleEventName[]) {
      if (!wanted.has(event)) wanted.set(event, undefined);
    }
    const hooks: HookExecution[] = [];
    const seen = new Set<string>();
    for (const [event, functionName] of wanted) {
      const executionId = spec.hookExecutionIds?.[event] ?? newHookExecutionId(this.ids);
      if (this.executionIds.has(executionId) || seen.has(executionId)) {
        v.fail(Validator.join(at('hookExecutionIds'), event), 'is already used by another hook execution');
      }
      seen.add(executionId);
      hooks.push({ event, executionId, functionName, status: 'Pending', completedAt: undefined });
    }

    const revisionType = spec.revisionType ?? 'AppSpecContent';
    const record: DeploymentRecord = {
      deploymentId,
      applicationName: spec.applicationName ?? 'my-application',
      deploymentGroupName: spec.deploymentGroupName ?? 'my-deployment-group',
      description: spec.description,
      computePlatform,
      deploymentConfigName: spec.deploymentConfigName ?? DEFAULT_CONFIG[computePlatform],
      createTime: this.clock.wallTime(),
      revisionType,
      content,
      sha256: sha256Hex(content),
      format: summary.format,
      s3Location:
        revisionType === 'S3'
          ? (spec.s3Location ?? {
              bucket: 'shiftguard-emulator',
              key: `${deploymentId}/appspec.${summary.format === 'JSON' ? 'json' : 'yaml'}`,
            })
          : undefined,
      contentInGetDeployment: spec.contentInGetDeployment ?? false,
      appSpecParsed: summary.parsed,
      hooks,
      target: {
        functionName: summary.target.functionName ?? 'my-function',
        alias: summary.target.alias ?? 'live',
        currentVersion: summary.target.currentVersion ?? '1',
        targetVersion: summary.target.targetVersion ?? '2',
      },
    };
    this.records.set(deploymentId, record);
    for (const hook of hooks) this.executionIds.add(hook.executionId);
    const hookExecutionIds: { -readonly [K in keyof HookExecutionIds]: string } = {};
    for (const hook of hooks) hookExecutionIds[hook.event] = hook.executionId;
    return { deploymentId, hookExecutionIds };
  }

  reports(filter: ReportFilter = {}): HookReport[] {
    return this.received.filter(
      (report) =>
        (filter.deploymentId === undefined || report.deploymentId === filter.deploymentId) &&
        (filter.executionId === undefined || report.lifecycleEventHookExecutionId === filter.executionId) &&
        (filter.outcome === undefined || report.outcome === filter.outcome),
    );
  }

  hookExecutionStatus(deploymentId: string, executionId: string): LifecycleEventStatus {
    const record = this.mustFind(deploymentId);
    const hook = record.hooks.find((candidate) => candidate.executionId === executionId);
    if (hook === undefined) {
      throw new UnknownHookExecutionError(`Deployment ${deploymentId} has no hook execution ${executionId}`);
    }
    return hook.status;
  }

  getDeployment(deploymentId: string): DeploymentSnapshot {
    return snapshot(this.mustFind(deploymentId));
  }

  deployments(): DeploymentSnapshot[] {
    return [...this.records.values()].map(snapshot);
  }

  timeline(deploymentId: string): DeploymentTimelineEvent[] {
    this.mustFind(deploymentId);
    return [...(this.timelines.get(deploymentId) ?? [])];
  }

  /** Adds what happened to a deployment's timeline, stamped now. */
  note(deploymentId: string, event: DistributiveOmit<DeploymentTimelineEvent, 'at'>): void {
    let events = this.timelines.get(deploymentId);
    if (events === undefined) {
      events = [];
      this.timelines.set(deploymentId, events);
    }
    events.push(Object.freeze({ at: this.clock.wallTime(), ...event }) as DeploymentTimelineEvent);
  }

  /** Holds a deployment built elsewhere (by CreateDeployment or a rollback); its id must be fresh. */
  insert(record: DeploymentRecord): void {
    this.records.set(record.deploymentId, record);
    for (const hook of record.hooks) this.executionIds.add(hook.executionId);
  }

  /** A hook execution id no deployment uses. */
  freshHookExecutionId(): string {
    let id = newHookExecutionId(this.ids);
    while (this.executionIds.has(id)) id = newHookExecutionId(this.ids);
    return id;
  }

  /** Whether an application of this name exists: created, or named by a deployment made with `createDeployment()`. */
  applicationExists(applicationName: string): boolean {
    return (
      this.catalog.application(applicationName) !== undefined ||
      this.all().some((record) => record.applicationName === applicationName)
    );
  }

  /** `listener` hears the accepted terminal report of hook execution `executionId`, once. */
  onHookCompleted(executionId: string, listener: HookCompletionListener): () => void {
    this.completionListeners.set(executionId, listener);
    return () => {
      if (this.completionListeners.get(executionId) === listener)
        this.completionListeners.delete(executionId);
    };
  }

  find(deploymentId: string): DeploymentRecord | undefined {
    return this.records.get(deploymentId);
  }

  all(): DeploymentRecord[] {
    return [...this.records.values()];
  }

  record(report: HookReport): void {
    this.received.push(report);
    if (report.deploymentId !== undefined && this.records.has(report.deploymentId)) {
      this.note(report.deploymentId, {
        type: 'hookReport',
        executionId: report.lifecycleEventHookExecutionId,
        status: report.status,
        outcome: report.outcome,
      });
    }
  }

  complete(hook: HookExecution, status: 'Succeeded' | 'Failed'): void {
    hook.status = status;
    hook.completedAt = this.clock.wallTime();
    const listener = this.completionListeners.get(hook.executionId);
    if (listener === undefined) return;
    this.completionListeners.delete(hook.executionId);
    listener(status);
  }

  private mustFind(deploymentId: string): DeploymentRecord {
    const record = this.records.get(deploymentId);
    if (record === undefined)
      throw new UnknownDeploymentError(`The emulator has no deployment ${deploymentId}`);
    return record;
  }

  freshDeploymentId(): string {
    let id = newDeploymentId(this.ids);
    while (this.records.has(id)) id = newDeploymentId(this.ids);
    return id;
  }
}

export function isTerminal(status: LifecycleEventStatus): boolean {
  return TERMINAL.includes(status);
}

/**
 * A run deployment's status is CodeDeploy's; one made with `createDeployment()` is Failed once any
 * hook failed, Succeeded once every hook succeeded, InProgress until then.
 */
export function deploymentStatus(record: DeploymentRecord): DeploymentStatus {
  if (record.run !== undefined) return record.run.status;
  if (record.hooks.some((hook) => hook.status === 'Failed')) return 'Failed';
  if (record.hooks.every((hook) => hook.status === 'Succeeded')) return 'Succeeded';
  return 'InProgress';
}

function snapshot(record: DeploymentRecord): DeploymentSnapshot {
  return {
    deploymentId: record.deploymentId,
    applicationName: record.applicationName,
    deploymentGroupName: record.deploymentGroupName,
    description: record.description,
    computePlatform: record.computePlatform,
    deploymentConfigName: record.deploymentConfigName,
    status: deploymentStatus(record),
    createTime: record.createTime,
    revisionType: record.revisionType,
    appSpecContent: record.content,
    sha256: record.sha256,
    appSpecParsed: record.appSpecParsed,
    hookExecutions: record.hooks.map((hook) => ({
      lifecycleEventName: hook.event,
      executionId: hook.executionId,
      functionName: hook.functionName,
      status: hook.status,
      completedAt: hook.completedAt,
    })),
    target: { ...record.target },
    runs: record.run !== undefined,
    creator: record.run?.creator ?? 'user',
    ...(record.run === undefined ? {} : runFields(record.run)),
  };
}

function runFields(run: DeploymentRun): Partial<DeploymentSnapshot> {
  return {
    ...(run.startTime === undefined ? {} : { startTime: run.startTime }),
    ...(run.completeTime === undefined ? {} : { completeTime: run.completeTime }),
    ...(run.errorInformation === undefined ? {} : { errorInformation: { ...run.errorInformation } }),
    ...(run.rollbackInfo === undefined ? {} : { rollbackInfo: { ...run.rollbackInfo } }),
    lifecycleEvents: run.events.map((event) => ({
      lifecycleEventName: event.name,
      status: event.status,
      startTime: event.startTime,
      endTime: event.endTime,
    })),
    targetVersionWeight: run.targetVersionWeight,
  };
}

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
