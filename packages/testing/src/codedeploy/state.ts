import { type Clock, sha256Hex, Validator } from '@shiftguard/kit';
import { UnknownDeploymentError, UnknownHookExecutionError } from '../errors';
import { inputValidator } from '../validate';
import { DEFAULT_APPSPEC, summarizeAppSpec } from './appspec';
import { CodeDeployCatalog } from './catalog';
import { newDeploymentId, newHookExecutionId } from './ids';
import { validateDeploymentSpec } from './spec';
import type {
  CodeDeployEmulator,
  ComputePlatform,
  CreateDeploymentSpec,
  CreatedDeployment,
  DeploymentSnapshot,
  DeploymentStatus,
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
}

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
  /** Applications, deployment groups and deployment configs. */
  readonly catalog: CodeDeployCatalog;

  constructor(readonly clock: Clock) {
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
      const executionId = spec.hookExecutionIds?.[event] ?? newHookExecutionId();
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

  /** Whether an application of this name exists: created, or named by a deployment made with `createDeployment()`. */
  applicationExists(applicationName: string): boolean {
    return (
      this.catalog.application(applicationName) !== undefined ||
      this.all().some((record) => record.applicationName === applicationName)
    );
  }

  find(deploymentId: string): DeploymentRecord | undefined {
    return this.records.get(deploymentId);
  }

  all(): DeploymentRecord[] {
    return [...this.records.values()];
  }

  record(report: HookReport): void {
    this.received.push(report);
  }

  complete(hook: HookExecution, status: 'Succeeded' | 'Failed'): void {
    hook.status = status;
    hook.completedAt = this.clock.wallTime();
  }

  private mustFind(deploymentId: string): DeploymentRecord {
    const record = this.records.get(deploymentId);
    if (record === undefined)
      throw new UnknownDeploymentError(`The emulator has no deployment ${deploymentId}`);
    return record;
  }

  private freshDeploymentId(): string {
    let id = newDeploymentId();
    while (this.records.has(id)) id = newDeploymentId();
    return id;
  }
}

export function isTerminal(status: LifecycleEventStatus): boolean {
  return TERMINAL.includes(status);
}

/** Failed once any hook failed, Succeeded once every hook succeeded, InProgress until then. */
export function deploymentStatus(record: DeploymentRecord): DeploymentStatus {
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
  };
}
