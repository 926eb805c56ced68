import {
  type CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { type AwsCallOptions, callAws, describeThrown } from '@shiftguard/kit';
import { DeploymentResolutionError } from '../errors';
import { type LambdaAppSpec, parseAppSpec } from './appspec';
import type { DeploymentContext, DeploymentInfo, DeploymentTarget } from './deployment-context';
import type { HookInvocationIds } from './event';
import { isLifecycleEvent, type LifecycleEvent } from './lifecycle-event';

/** An explicit target, for users who wire the hook with options or environment variables. */
export interface TargetOverride {
  functionName?: string;
  alias?: string;
  currentVersion?: string;
  targetVersion?: string;
}

/** Environment variables read when options leave the target or lifecycle event open. */
export const TARGET_ENV = {
  functionName: 'SHIFTGUARD_TARGET_FUNCTION',
  alias: 'SHIFTGUARD_TARGET_ALIAS',
  targetVersion: 'SHIFTGUARD_TARGET_VERSION',
  currentVersion: 'SHIFTGUARD_CURRENT_VERSION',
  lifecycleEvent: 'SHIFTGUARD_LIFECYCLE_EVENT',
} as const;

export interface ResolveDeploymentInput {
  client: CodeDeployClient;
  ids: HookInvocationIds;
  /** The hook's own function name, matched against the AppSpec's Hooks. */
  hookFunctionName: string | undefined;
  /** The hook's own ARN, whose region and account qualify the target's ARN. */
  hookFunctionArn: string | undefined;
  target?: TargetOverride;
  lifecycleEvent?: LifecycleEvent;
  env: Readonly<Record<string, string | undefined>>;
  call: AwsCallOptions;
}

/**
 * Works out the deployment, target function, versions and lifecycle event of one hook invocation:
 * GetDeployment, then the AppSpec from the revision (or GetApplicationRevision), then options and
 * environment variables on top.
 */
export async function resolveDeploymentContext(input: ResolveDeploymentInput): Promise<DeploymentContext> {
  const { client, ids, call } = input;
  const info = await awsStep(`GetDeployment ${ids.deploymentId}`, () =>
    callAws(
      (abortSignal) =>
        client.send(new GetDeploymentCommand({ deploymentId: ids.deploymentId }), { abortSignal }),
      call,
    ),
  );
  const deploymentInfo = info.value.deploymentInfo;
  if (!deploymentInfo) {
    throw new DeploymentResolutionError(`GetDeployment returned no deploymentInfo for ${ids.deploymentId}`);
  }
  if (deploymentInfo.computePlatform !== undefined && deploymentInfo.computePlatform !== 'Lambda') {
    throw new DeploymentResolutionError(
      `deployment ${ids.deploymentId} is for compute platform ${deploymentInfo.computePlatform}; shiftguard hooks judge Lambda deployments`,
    );
  }

  const deployment: DeploymentInfo = {
    deploymentId: ids.deploymentId,
    executionId: ids.executionId,
    applicationName: deploymentInfo.applicationName,
    deploymentGroupName: deploymentInfo.deploymentGroupName,
    description: deploymentInfo.description,
    ...(deploymentInfo.createTime instanceof Date && { createdAt: deploymentInfo.createTime.getTime() }),
  };

  const explicit = explicitTarget(input.target, input.env);
  const explicitEvent = input.lifecycleEvent ?? lifecycleEventFromEnv(input.env);
  const needsAppSpec = !(explicit.functionName && explicit.alias && explicit.targetVersion && explicitEvent);
  const appSpec = needsAppSpec ? await loadAppSpec(client, deploymentInfo, call) : undefined;

  // Alias and versions from the AppSpec describe the AppSpec's function: never mix them with another.
  const samePlace =
    !explicit.functionName ||
    !appSpec ||
    functionNameOf(explicit.functionName) === functionNameOf(appSpec.functionName);
  const fromAppSpec = samePlace ? appSpec : undefined;
  const functionName = explicit.functionName ?? fromAppSpec?.functionName;
  const alias = explicit.alias ?? fromAppSpec?.alias;
  const targetVersion = explicit.targetVersion ?? fromAppSpec?.targetVersion;
  if (!functionName || !alias || !targetVersion) {
    const missing = [
      !functionName && 'function',
      !alias && 'alias',
      !targetVersion && 'target version',
    ].filter(Boolean);
    throw new DeploymentResolutionError(
      `target ${missing.join(', ')} unknown: ${
        samePlace
          ? 'the AppSpec does not say'
          : `the target function was overridden to ${functionName}, which is not the AppSpec's ${appSpec?.functionName}`
      }; give the target option or ${TARGET_ENV.functionName}, ${TARGET_ENV.alias}, ${TARGET_ENV.targetVersion}`,
    );
  }
  const target: DeploymentTarget = {
    functionName,
    alias,
    targetVersion,
    currentVersion: explicit.currentVersion ?? fromAppSpec?.currentVersion,
    qualifiedArn: qualifiedArn(functionName, targetVersion, input.hookFunctionArn),
  };
  const lifecycleEvent = explicitEvent ?? matchLifecycleEvent(appSpec, input.hookFunctionName);
  return { deployment, target, lifecycleEvent };
}

async function awsStep<T>(label: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new DeploymentResolutionError(`${label} failed: ${describeThrown(error)}`, { cause: error });
  }
}

/** The target given by options, or else by `SHIFTGUARD_TARGET_*` variables, field by field. */
export function explicitTarget(
  target: TargetOverride | undefined,
  env: Readonly<Record<string, string | undefined>>,
): TargetOverride {
  const fromEnv = (name: string) => env[name]?.trim() || undefined;
  return {
    functionName: target?.functionName ?? fromEnv(TARGET_ENV.functionName),
    alias: target?.alias ?? fromEnv(TARGET_ENV.alias),
    targetVersion: target?.targetVersion ?? fromEnv(TARGET_ENV.targetVersion),
    currentVersion: target?.currentVersion ?? fromEnv(TARGET_ENV.currentVersion),
  };
}

export function lifecycleEventFromEnv(env: ResolveDeploymentInput['env']): LifecycleEvent | undefined {
  const value = env[TARGET_ENV.lifecycleEvent]?.trim();
  if (!value) return undefined;
  if (!isLifecycleEvent(value)) {
    throw new DeploymentResolutionError(
      `${TARGET_ENV.lifecycleEvent} must be BeforeAllowTraffic or AfterAllowTraffic, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

async function loadAppSpec(
  client: CodeDeployClient,
  deploymentInfo: { applicationName?: string; revision?: RevisionLocation },
  call: AwsCallOptions,
): Promise<LambdaAppSpec> {
  const inline = revisionContent(deploymentInfo.revision);
  if (inline !== undefined) return parseAppSpec(inline);
  if (!deploymentInfo.applicationName || !deploymentInfo.revision) {
    throw new DeploymentResolutionError('deployment has no revision to read the AppSpec from');
  }
  const { applicationName, revision } = deploymentInfo;
  const response = await awsStep(`GetApplicationRevision ${applicationName}`, () =>
    callAws(
      (abortSignal) =>
        client.send(new GetApplicationRevisionCommand({ applicationName, revision }), { abortSignal }),
      call,
    ),
  );
  const content = revisionContent(response.value.revision);
  if (content === undefined) {
    throw new DeploymentResolutionError(
      `revision of ${applicationName} (${revision.revisionType ?? 'unknown type'}) carries no AppSpec content; ` +
        'shiftguard reads AppSpecContent and String revisions (what SAM and CloudFormation create): for other ' +
        `revisions give the target option or ${TARGET_ENV.functionName}, ${TARGET_ENV.alias}, ${TARGET_ENV.targetVersion}`,
    );
  }
  return parseAppSpec(content);
}

function revisionContent(revision: RevisionLocation | undefined): string | undefined {
  return revision?.appSpecContent?.content ?? revision?.string?.content ?? undefined;
}

/** `arn:aws:lambda:eu-west-1:123:function:hook` → the name; a plain name stays as it is. */
export function functionNameOf(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn.split(':')[0] ?? nameOrArn;
}

function matchLifecycleEvent(
  appSpec: LambdaAppSpec | undefined,
  hookFunctionName: string | undefined,
): LifecycleEvent {
  const hooks = Object.entries(appSpec?.hooks ?? {}) as [LifecycleEvent, string][];
  const fix = `set the lifecycleEvent option or ${TARGET_ENV.lifecycleEvent}`;
  if (!hookFunctionName) {
    throw new DeploymentResolutionError(
      `cannot tell which lifecycle event this hook serves: its own function name is unknown; ${fix}`,
    );
  }
  const own = functionNameOf(hookFunctionName);
  const matched = hooks.filter(([, hookFunction]) => functionNameOf(hookFunction) === own);
  if (matched.length === 1) return matched[0]![0];
  if (matched.length > 1) {
    throw new DeploymentResolutionError(
      `hook function ${own} is listed for both lifecycle events in the AppSpec; ${fix}`,
    );
  }
  const listed = hooks.map(([event, fn]) => `${event}: ${fn}`).join(', ') || 'none';
  throw new DeploymentResolutionError(
    `hook function ${own} is not among the AppSpec Hooks (${listed}); ${fix}`,
  );
}

export function qualifiedArn(
  functionName: string,
  version: string,
  hookArn: string | undefined,
): string | undefined {
  if (functionName.startsWith('arn:')) return `${functionName.split(':').slice(0, 7).join(':')}:${version}`;
  const match = /^arn:([^:]+):lambda:([^:]+):([^:]+):function:/.exec(hookArn ?? '');
  if (!match) return undefined;
  return `arn:${match[1]}:lambda:${match[2]}:${match[3]}:function:${functionName}:${version}`;
}
