import { Validator } from '@shiftguard/kit';
import type { DeploymentContext } from '../deployment/deployment-context';
import { parseHookEvent } from '../deployment/event';
import { explicitTarget, lifecycleEventFromEnv, qualifiedArn } from '../deployment/resolve-deployment';
import { InvalidOptionsError, MalformedEventError } from '../errors';
import type { ReportOutcome } from '../report/report-status';
import type { VerdictReport } from '../report/verdict';
import { HookRuntime } from './hook-runtime';
import { HOOK_OPTION_KEYS, type HookOptions, validateHookOptions } from './options';

/** Options of {@link runChecks}: the hook's options, and where the run stands instead of a Lambda event. */
export type RunChecksOptions = HookOptions & {
  /**
   * The deployment to judge: resolved through `GetDeployment` and its AppSpec exactly as a hook
   * resolves it. Without one, `target` (function, alias, target version; or the
   * `SHIFTGUARD_TARGET_*` variables) and `lifecycleEvent` say what to judge and CodeDeploy is not asked.
   */
  deploymentId?: string;
  /** The hook execution to report on; needed with `report: true`. */
  executionId?: string;
  /** Time the run may take, as a Lambda timeout would give it (the reserve included). Default 15 minutes. */
  timeoutMs?: number;
  /** Report the verdict to CodeDeploy with `PutLifecycleEventHookExecutionStatus`. Default `false`. */
  report?: boolean;
  /** The hook's own function name, to find the lifecycle event in the AppSpec's Hooks; wins over `AWS_LAMBDA_FUNCTION_NAME`. */
  hookFunctionName?: string;
};

/** What {@link runChecks} found, and what became of the report. */
export interface RunChecksResult {
  readonly verdict: VerdictReport;
  /** `not-asked` without `report: true`; else how the one status report ended (reported, already completed, rejected). */
  readonly report: { readonly kind: 'not-asked' } | ReportOutcome;
}

const RUN_KEYS = ['deploymentId', 'executionId', 'timeoutMs', 'report', 'hookFunctionName'] as const;
const MAX_TIMEOUT_MS = 15 * 60_000;
/** Stands in for the ids of a run that has no deployment: nothing is reported for it. */
const LOCAL_RUN_ID = 'local-run';

const validator: Validator = new Validator({
  prefix: 'runChecks: ',
  error: (message, { cause }) =>
    new InvalidOptionsError(message, cause === undefined ? undefined : { cause }),
});

/**
 * Runs a plan outside Lambda — from a CLI or a pipeline — through the same resolution, deadline and
 * verdict path as a hook, and returns the verdict. It reports to CodeDeploy only when asked. As in a
 * hook, `env` (default `process.env`) is read for the `SHIFTGUARD_*` directives, break-glass included.
 *
 * @throws InvalidOptionsError when options are wrong, naming the key.
 * @throws ReportError with `report: true`, when CodeDeploy stayed unreachable until the run's deadline
 * (`timeoutMs`; network errors are retried as in a hook).
 * @example
 * ```ts
 * const { verdict } = await runChecks({ checks: [invokeCheck()], deploymentId: 'd-ABC123', timeoutMs: 60_000 });
 * process.exitCode = verdict.status === 'Succeeded' ? 0 : 1;
 * ```
 */
export async function runChecks(options: RunChecksOptions): Promise<RunChecksResult> {
  const record = validator.object(options, '', [...RUN_KEYS, ...HOOK_OPTION_KEYS]);
  const { deploymentId, executionId, timeoutMs, report, hookFunctionName, ...hookOptions } = record;
  validator.string(deploymentId, 'deploymentId');
  validator.string(executionId, 'executionId');
  const ownName = validator.string(hookFunctionName, 'hookFunctionName');
  validator.boolean(report, 'report');
  const budget = validator.integer(timeoutMs, 'timeoutMs', { min: 1, max: MAX_TIMEOUT_MS }) ?? MAX_TIMEOUT_MS;
  if (report && (deploymentId === undefined || executionId === undefined)) {
    validator.failWith('report', 'report: true needs the deploymentId and executionId to report on');
  }
  const event = {
    DeploymentId: deploymentId ?? LOCAL_RUN_ID,
    LifecycleEventHookExecutionId: executionId ?? LOCAL_RUN_ID,
  };
  try {
    parseHookEvent(event);
  } catch (error) {
    if (error instanceof MalformedEventError) validator.failWith('deploymentId', error.message, error);
    throw error;
  }
  if (ownName !== undefined) {
    hookOptions.env = {
      ...((hookOptions.env as HookOptions['env']) ?? process.env),
      AWS_LAMBDA_FUNCTION_NAME: ownName,
    };
  }
  const runtime = new HookRuntime(validateHookOptions(hookOptions));
  const preset = deploymentId === undefined ? localContext(runtime.options, runtime.env) : undefined;
  const endsAt = runtime.clock.now() + budget;
  const invocation = runtime.begin(event, { getRemainingTimeInMillis: () => endsAt - runtime.clock.now() });
  await invocation.judge(runtime.options.checks, preset);
  if (!report) return { verdict: invocation.conclude(), report: { kind: 'not-asked' } };
  await invocation.report();
  // Both are set once report() resolved: ids were checked above, so a report was sent.
  return { verdict: invocation.reportedVerdict!, report: invocation.reportOutcome! };
}

/** The context of a run without a deployment: the target and event from options, else the environment. */
function localContext(
  options: HookOptions,
  env: Readonly<Record<string, string | undefined>>,
): DeploymentContext {
  const { functionName, alias, targetVersion, currentVersion } = explicitTarget(options.target, env);
  const lifecycleEvent = options.lifecycleEvent ?? lifecycleEventFromEnv(env);
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
