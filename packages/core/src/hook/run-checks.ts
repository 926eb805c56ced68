import { Validator } from '@shiftguard/kit';
import type { DeploymentContext } from '../deployment/deployment-context';
import type { TargetOverride } from '../deployment/resolve-deployment';
import { qualifiedArn } from '../deployment/resolve-deployment';
import { InvalidOptionsError } from '../errors';
import type { VerdictReport } from '../report/verdict';
import { HookRuntime } from './hook-runtime';
import { HOOK_OPTION_KEYS, type HookOptions, validateHookOptions } from './options';

/** Options of {@link runChecks}: the hook's options, and where the run stands instead of a Lambda event. */
export type RunChecksOptions = HookOptions & {
  /**
   * The deployment to judge: resolved through `GetDeployment` and its AppSpec exactly as a hook
   * resolves it. Without one, `target` (function, alias, target version) and `lifecycleEvent` say
   * what to judge and CodeDeploy is not asked.
   */
  deploymentId?: string;
  /** The hook execution to report on; needed with `report: true`. */
  executionId?: string;
  /** Time the run may take, as a Lambda timeout would give it (the reserve included). Default 15 minutes. */
  timeoutMs?: number;
  /** Report the verdict to CodeDeploy with `PutLifecycleEventHookExecutionStatus`. Default `false`. */
  report?: boolean;
  /** The hook's own function name, to find the lifecycle event in the AppSpec's Hooks. */
  hookFunctionName?: string;
};

const RUN_KEYS = ['deploymentId', 'executionId', 'timeoutMs', 'report', 'hookFunctionName'] as const;
const MAX_TIMEOUT_MS = 15 * 60_000;
/** Stands in for the ids of a run that has no deployment: nothing is reported for it. */
const LOCAL_RUN_ID = 'local-run';

const validator: Validator = new Validator({
  prefix: 'runChecks: ',
  error: (message) => new InvalidOptionsError(message),
});

/**
 * Runs a plan outside Lambda — from a CLI or a pipeline — through the same resolution, deadline and
 * verdict path as a hook, and returns the verdict. It reports to CodeDeploy only when asked.
 *
 * @throws InvalidOptionsError when options are wrong, naming the key.
 * @example
 * ```ts
 * const verdict = await runChecks({ checks: [invokeCheck()], deploymentId: 'd-ABC123', timeoutMs: 60_000 });
 * process.exitCode = verdict.status === 'Succeeded' ? 0 : 1;
 * ```
 */
export async function runChecks(options: RunChecksOptions): Promise<VerdictReport> {
  const record = validator.object(options, '', [...RUN_KEYS, ...HOOK_OPTION_KEYS]);
  const { deploymentId, executionId, timeoutMs, report, hookFunctionName, ...hookOptions } = record;
  validator.string(deploymentId, 'deploymentId');
  validator.string(executionId, 'executionId');
  validator.string(hookFunctionName, 'hookFunctionName');
  validator.boolean(report, 'report');
  const budget = validator.integer(timeoutMs, 'timeoutMs', { min: 1, max: MAX_TIMEOUT_MS }) ?? MAX_TIMEOUT_MS;
  if (report && (deploymentId === undefined || executionId === undefined)) {
    validator.failWith('report', 'report: true needs the deploymentId and executionId to report on');
  }
  const runtime = new HookRuntime(validateHookOptions(hookOptions));
  const preset = deploymentId === undefined ? localContext(runtime.options) : undefined;
  const endsAt = runtime.clock.now() + budget;
  const invocation = runtime.begin(
    {
      DeploymentId: (deploymentId as string | undefined) ?? LOCAL_RUN_ID,
      LifecycleEventHookExecutionId: (executionId as string | undefined) ?? LOCAL_RUN_ID,
    },
    {
      getRemainingTimeInMillis: () => endsAt - runtime.clock.now(),
      ...(typeof hookFunctionName === 'string' && { functionName: hookFunctionName }),
    },
  );
  await invocation.judge(runtime.options.checks, preset);
  if (!report) return invocation.conclude();
  await invocation.report();
  return invocation.reportedVerdict ?? invocation.conclude();
}

/** The context of a run without a deployment: all of it from the options. */
function localContext(options: HookOptions): DeploymentContext {
  const { functionName, alias, targetVersion, currentVersion }: TargetOverride = options.target ?? {};
  const { lifecycleEvent } = options;
  if (!functionName || !alias || !targetVersion || !lifecycleEvent) {
    return validator.failWith(
      'target',
      'without a deploymentId, give target { functionName, alias, targetVersion } and lifecycleEvent',
    );
  }
  return {
    deployment: {
      deploymentId: LOCAL_RUN_ID,
      executionId: LOCAL_RUN_ID,
      applicationName: undefined,
      deploymentGroupName: undefined,
      description: undefined,
    },
    target: {
      functionName,
      alias,
      targetVersion,
      currentVersion,
      qualifiedArn: qualifiedArn(functionName, targetVersion, undefined),
    },
    lifecycleEvent,
  };
}
