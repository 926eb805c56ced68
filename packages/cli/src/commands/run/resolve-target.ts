import { type LifecycleEvent, TARGET_ENV, type TargetOverride } from '@shiftguard/core';
import { RunTargetError } from '../../errors';
import type { RunTargetArgs } from './args';
import type { ModuleHookOptions } from './plan-exports';

/** What a run judges, in `runChecks`' terms, and how the progress header names it. */
export type ResolvedTarget =
  | {
      readonly kind: 'deployment';
      readonly deploymentId: string;
      readonly executionId: string | undefined;
      /** The module's own target override, which wins over the AppSpec as in its hook. */
      readonly target: TargetOverride | undefined;
      readonly lifecycleEvent: LifecycleEvent;
      readonly judged: string;
    }
  | {
      readonly kind: 'function';
      readonly target: Required<Pick<TargetOverride, 'functionName' | 'alias' | 'targetVersion'>> &
        Pick<TargetOverride, 'currentVersion'>;
      readonly lifecycleEvent: LifecycleEvent;
      readonly judged: string;
    };

/** The lifecycle event of a run on a function that names none: checks run before any traffic. */
const DEFAULT_LIFECYCLE_EVENT: LifecycleEvent = 'BeforeAllowTraffic';

/**
 * Settles what a run judges, each value from the first place that gives it, as a hook reads them:
 * the command line, then the module's `hookOptions` (its `target`, its `lifecycleEvent`), then the
 * `SHIFTGUARD_TARGET_*` variables; a function's alias, when none of them names it, is its only alias.
 *
 * @throws RunTargetError when no function and version are given, a deployment's lifecycle event is not,
 * or the alias cannot be settled.
 */
export async function resolveTarget(
  args: RunTargetArgs,
  lifecycleFlag: LifecycleEvent | undefined,
  module: ModuleHookOptions,
  env: Readonly<Record<string, string | undefined>>,
  onlyAlias: (functionName: string) => Promise<string>,
): Promise<ResolvedTarget> {
  const fromEnv = (name: string) => env[name]?.trim() || undefined;
  const lifecycleEvent = lifecycleFlag ?? module.lifecycleEvent ?? lifecycleEventFromEnv(env);
  if (args.kind === 'deployment') {
    if (lifecycleEvent === undefined) {
      // A hook finds its lifecycle event by its own name in the AppSpec's Hooks; a run has no name
      // there, and GetDeployment does not say which event an execution id belongs to.
      throw new RunTargetError(
        '--deployment-id needs --lifecycle BeforeAllowTraffic or AfterAllowTraffic: the hook whose checks these are',
      );
    }
    return {
      kind: 'deployment',
      deploymentId: args.deploymentId,
      executionId: args.executionId,
      target: module.target,
      lifecycleEvent,
      judged: `deployment ${args.deploymentId}`,
    };
  }
  const given = args.kind === 'function' ? args : undefined;
  const functionName = given?.functionName ?? module.target?.functionName ?? fromEnv(TARGET_ENV.functionName);
  const targetVersion = given?.version ?? module.target?.targetVersion ?? fromEnv(TARGET_ENV.targetVersion);
  if (functionName === undefined || targetVersion === undefined) {
    throw new RunTargetError(
      `nothing to judge: give --function NAME --version N, or --deployment-id D (or set ${TARGET_ENV.functionName} and ${TARGET_ENV.targetVersion})`,
    );
  }
  const alias =
    given?.alias ?? module.target?.alias ?? fromEnv(TARGET_ENV.alias) ?? (await onlyAlias(functionName));
  const currentVersion =
    given?.currentVersion ?? module.target?.currentVersion ?? fromEnv(TARGET_ENV.currentVersion);
  return {
    kind: 'function',
    target: { functionName, alias, targetVersion, ...(currentVersion !== undefined && { currentVersion }) },
    lifecycleEvent: lifecycleEvent ?? DEFAULT_LIFECYCLE_EVENT,
    judged: `${functionName}:${alias} version ${targetVersion}`,
  };
}

function lifecycleEventFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): LifecycleEvent | undefined {
  const value = env[TARGET_ENV.lifecycleEvent]?.trim();
  if (!value) return undefined;
  if (value !== 'BeforeAllowTraffic' && value !== 'AfterAllowTraffic') {
    throw new RunTargetError(
      `${TARGET_ENV.lifecycleEvent} must be BeforeAllowTraffic or AfterAllowTraffic, got "${value}"`,
    );
  }
  return value;
}
