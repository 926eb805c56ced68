import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { type Clock, describeThrown, redactText } from '@shiftguard/kit';
import type { DeploymentContext } from '../deployment/deployment-context';
import { type HookInvocationIds, parseHookEvent } from '../deployment/event';
import { resolveDeploymentContext } from '../deployment/resolve-deployment';
import { CancelledError, DeadlineExceededError, type MalformedEventError, ShiftguardError } from '../errors';
import type { Check } from '../plan/check';
import { cleanupNeedOf } from '../plan/plan';
import type { CheckResult } from '../plan/result';
import { notifyResult, runPlan } from '../plan/runner';
import { type ReportOutcome, reportStatus } from '../report/report-status';
import { assembleVerdict, failsafeVerdict, type VerdictReport, verdictOf } from '../report/verdict';
import { logReportOutcome, logVerdict } from '../report/verdict-log';
import { publishVerdictMetrics } from '../report/verdict-metrics';
import type { HookLogger } from '../telemetry/logger';
import type { HookMetrics } from '../telemetry/metrics';
import { breakGlassReason, checksToSkip } from './break-glass';
import { type LambdaContextLike, remainingTime } from './lambda-context';
import type { HookOptions } from './options';
import { hookTimeSplit } from './time-split';

/** What an invocation needs of the set-up it belongs to (a `HookRuntime`). */
export interface InvocationRuntime {
  readonly options: HookOptions;
  readonly clock: Clock;
  readonly logger: HookLogger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly codeDeploy: () => CodeDeployClient;
  metrics(): HookMetrics;
}

/** Kept after the report so the handler can log and return before Lambda's hard stop. */
const RETURN_MARGIN_MS = 50;

/**
 * One invocation of a hook: resolve the deployment, run the plan against the deadline, decide the
 * verdict, report it exactly once. It orchestrates; resolution, the runner, the verdict, the report
 * and telemetry each live in their own layer.
 */
export class HookInvocation {
  private readonly startedAt: number;
  private readonly lambdaDeadlineAt: number;
  private readonly planDeadlineAt: number;
  /** Kept back after the plan's deadline for checks to clean up (journeys deleting what they made). */
  private readonly cleanupReserveMs: number;
  private readonly abort = new AbortController();
  private readonly deadlineTimer: unknown;
  private readonly ids: HookInvocationIds | undefined;
  private readonly malformed: MalformedEventError | undefined;
  private deployment: DeploymentContext | undefined;
  private results: CheckResult[] = [];
  private failureReason: string | undefined;
  private breakGlass: string | undefined;
  private reportPromise: Promise<void> | undefined;
  private reported: VerdictReport | undefined;
  private outcome: ReportOutcome | undefined;

  constructor(
    private readonly runtime: InvocationRuntime,
    event: unknown,
    private readonly context: LambdaContextLike | undefined,
  ) {
    const { clock } = runtime;
    this.startedAt = clock.now();
    const remaining = remainingTime(context, runtime.logger);
    this.lambdaDeadlineAt = this.startedAt + remaining;
    // What the plan's checks say they need to clean up, but never more than half their time.
    const split = hookTimeSplit(remaining, {
      reserveMs: runtime.options.reserveMs,
      cleanupMs: cleanupNeedOf(runtime.options.checks),
    });
    const reserve = split.reserveMs;
    this.cleanupReserveMs = split.cleanupReserveMs;
    this.planDeadlineAt = this.startedAt + split.planMs;
    const kept =
      this.cleanupReserveMs > 0
        ? `${Math.round(reserve)} ms of the Lambda timeout kept to report and ${Math.round(this.cleanupReserveMs)} ms to clean up`
        : `${Math.round(reserve)} ms of the Lambda timeout kept to report`;
    try {
      this.ids = parseHookEvent(event);
    } catch (error) {
      this.malformed = error as MalformedEventError;
    }
    this.deadlineTimer = clock.setTimeout(
      () => this.abort.abort(new DeadlineExceededError(`hook deadline reached: ${kept}`)),
      this.planDeadlineAt - this.startedAt,
    );
  }

  /** The resolved deployment, once {@link judge} got that far. */
  get deploymentContext(): DeploymentContext | undefined {
    return this.deployment;
  }

  /** Resolves the deployment and runs the plan. Never throws: every failure becomes part of the verdict. */
  async judge(plan: Check | readonly Check[] | undefined, preset?: DeploymentContext): Promise<void> {
    if (!this.ids) return;
    const { runtime } = this;
    const { options, env } = runtime;
    const allowBreakGlass = options.allowBreakGlass !== false;
    try {
      this.breakGlass = allowBreakGlass ? breakGlassReason(env, undefined) : undefined;
      if (this.breakGlass) return;
      this.deployment =
        preset ??
        (await resolveDeploymentContext({
          client: runtime.codeDeploy(),
          ids: this.ids,
          hookFunctionName: env.AWS_LAMBDA_FUNCTION_NAME ?? this.context?.functionName,
          hookFunctionArn: this.context?.invokedFunctionArn,
          target: options.target,
          lifecycleEvent: options.lifecycleEvent,
          env,
          call: { clock: runtime.clock, deadlineAt: this.planDeadlineAt, signal: this.abort.signal },
        }));
      this.breakGlass = allowBreakGlass
        ? breakGlassReason(env, this.deployment.deployment.description)
        : undefined;
      if (this.breakGlass || plan === undefined) return;
      this.results = await runPlan(plan, {
        ...this.deployment,
        logger: runtime.logger,
        signal: this.abort.signal,
        clock: runtime.clock,
        deadlineAt: this.planDeadlineAt,
        cleanupLimitMs: this.cleanupReserveMs,
        // Created only when a check publishes one: most runs publish only the verdict's.
        metrics: { singleMetric: () => runtime.metrics().singleMetric() },
        skip: this.checksToSkip(allowBreakGlass),
        ...(options.onCheckResult !== undefined && { onResult: options.onCheckResult }),
      });
      if (this.abort.signal.aborted && this.abort.signal.reason instanceof DeadlineExceededError) {
        this.failureReason ??= this.abort.signal.reason.message;
      }
    } catch (error) {
      this.failureReason ??= redactText(
        error instanceof ShiftguardError ? error.message : `unexpected error: ${describeThrown(error)}`,
      );
      runtime.logger.error('shiftguard could not judge the deployment', { error: this.failureReason });
    }
  }

  /** True once the outcome is settled before any further step runs: failed, break-glass, or nothing to report to. */
  isSettled(): boolean {
    return (
      !this.ids ||
      this.breakGlass !== undefined ||
      this.failureReason !== undefined ||
      verdictOf(this.results).status === 'Failed'
    );
  }

  /** The signal checks and handler code should honour: fires at the hook's deadline. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /**
   * Reports `Failed` when the deadline arrives before anything else reported — for code that runs
   * outside the plan (the middy handler), which shiftguard cannot cancel.
   */
  failAtDeadline(what: string): void {
    const onDeadline = () => {
      if (!(this.abort.signal.reason instanceof DeadlineExceededError)) return;
      this.failureReason ??= `${what} was still running at the hook deadline`;
      this.report().catch(() => undefined);
    };
    if (this.abort.signal.aborted) onDeadline();
    else this.abort.signal.addEventListener('abort', onDeadline, { once: true });
  }

  private checksToSkip(allowBreakGlass: boolean): ReadonlySet<string> {
    if (!allowBreakGlass) return new Set();
    const skip = checksToSkip(this.runtime.env);
    if (skip.size > 0)
      this.runtime.logger.warn('shiftguard skip directive: checks not run', { checks: [...skip] });
    return skip;
  }

  /** How the report ended, once it ended without throwing. */
  get reportOutcome(): ReportOutcome | undefined {
    return this.outcome;
  }

  /** The verdict {@link report} sent, once it decided one. */
  get reportedVerdict(): VerdictReport | undefined {
    return this.reported;
  }

  /** True once a report was started for this invocation. */
  hasReported(): boolean {
    return this.reportPromise !== undefined;
  }

  /** Adds a result that did not come from the plan (the middy handler's own outcome). */
  addResult(result: CheckResult): void {
    this.results.push(result);
    const { onCheckResult } = this.runtime.options;
    if (onCheckResult !== undefined) notifyResult(onCheckResult, this.runtime.logger, result);
  }

  /** Clock time left before checks must stop. */
  remainingPlanTimeMs(): number {
    return Math.max(0, this.planDeadlineAt - this.runtime.clock.now());
  }

  /**
   * Stops the run and decides its verdict without reporting it (a CLI run, `runChecks`): the
   * deadline timer is cleared and stragglers are cancelled. Never throws.
   */
  conclude(): VerdictReport {
    this.stop();
    return this.describeVerdict();
  }

  /**
   * Decides the verdict and reports it; a second call returns the first one's promise, so whatever
   * calls it (handler, middleware, deadline timer) CodeDeploy hears once.
   *
   * @throws ReportError when CodeDeploy stayed unreachable until the deadline (Lambda retries the invocation).
   */
  report(): Promise<void> {
    this.reportPromise ??= this.reportOnce();
    return this.reportPromise;
  }

  private stop(): void {
    this.runtime.clock.clearTimeout(this.deadlineTimer);
    if (!this.abort.signal.aborted) this.abort.abort(new ReportingStartedError('the hook is reporting'));
  }

  /** The verdict, logged and published; whatever breaks while describing it, the verdict is Failed. */
  private describeVerdict(): VerdictReport {
    try {
      const verdict = assembleVerdict({
        deploymentId: this.ids?.deploymentId,
        executionId: this.ids?.executionId,
        lifecycleEvent: this.deployment?.lifecycleEvent,
        target: this.deployment?.target,
        durationMs: Math.round(this.runtime.clock.now() - this.startedAt),
        results: this.results,
        breakGlass: this.breakGlass,
        failureReason: this.failureReason,
      });
      logVerdict(this.runtime.logger, verdict);
      try {
        publishVerdictMetrics(this.runtime.metrics(), verdict);
      } catch (error) {
        this.runtime.logger.warn('shiftguard could not publish metrics', { error: describeThrown(error) });
      }
      return verdict;
    } catch (error) {
      return failsafeVerdict(`verdict failed: ${describeThrown(error)}`);
    }
  }

  private async reportOnce(): Promise<void> {
    const { runtime } = this;
    this.stop();
    if (!this.ids) {
      // Without ids there is nothing to report to, and a Lambda retry would bring the same event:
      // log a typed error and return, rather than throw into two pointless retries.
      runtime.logger.error('shiftguard received a malformed hook event; nothing was reported', {
        error: { code: this.malformed?.code, message: this.malformed?.message },
      });
      return;
    }
    const verdict = this.describeVerdict();
    this.reported = verdict;
    let outcome: ReportOutcome;
    try {
      outcome = await reportStatus(runtime.codeDeploy(), this.ids, verdict.status, {
        clock: runtime.clock,
        deadlineAt: this.lambdaDeadlineAt - RETURN_MARGIN_MS,
        onRetry: (attempt, error, delayMs) =>
          runtime.logger.warn('shiftguard retrying the status report', {
            attempt,
            delayMs: Math.round(delayMs),
            error: redactText(describeThrown(error)),
          }),
      });
    } catch (error) {
      runtime.logger.error('shiftguard could not report to CodeDeploy; throwing so Lambda retries', {
        error: redactText(describeThrown(error)),
      });
      throw error;
    }
    this.outcome = outcome;
    logReportOutcome(runtime.logger, outcome, this.ids.deploymentId, verdict.status);
  }
}

/** Stops stragglers once the verdict is being reported; never shown as a deadline. */
class ReportingStartedError extends CancelledError {}
