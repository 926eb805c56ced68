import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { breakGlassReason, checksToSkip } from './break-glass';
import type { Check, CheckResult } from './check';
import { type Clock, systemClock } from './clock';
import type { DeploymentContext } from './deployment-context';
import { CancelledError, DeadlineExceededError, type MalformedEventError, ShiftguardError } from './errors';
import { type HookInvocationIds, parseHookEvent } from './event';
import { DEFAULT_RESERVE_MS, type HookOptions } from './options';
import { redactText } from './redact';
import { type ReportOutcome, reportStatus } from './report-status';
import { resolveDeploymentContext } from './resolve-deployment';
import { runPlan } from './runner';
import {
  createDefaultLogger,
  createDefaultMetrics,
  disabledMetrics,
  type HookLogger,
  type HookMetrics,
  METRIC_NAMES,
} from './telemetry';
import { describeThrown } from './thrown';
import { type HookStatus, type VerdictReport, verdictOf } from './verdict';

/** The parts of a Lambda context a hook uses; any real Lambda context has them. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  functionName?: string;
  invokedFunctionArn?: string;
  awsRequestId?: string;
}

/** Used when the context cannot say how much time is left (a hand-made context in a script). */
const FALLBACK_BUDGET_MS = 60_000;
/** Lambda's longest timeout; a context claiming more is wrong, and timers past 2^31 ms misfire. */
const MAX_BUDGET_MS = 15 * 60_000;
/** Kept after the report so the handler can log and return before Lambda's hard stop. */
const RETURN_MARGIN_MS = 50;

/**
 * What one hook set-up shares across invocations: validated options, the lazily created client,
 * logger and metrics. Both `createHook` and the middy middleware run on it.
 */
export class HookRuntime {
  readonly clock: Clock;
  readonly logger: HookLogger;
  readonly env: Readonly<Record<string, string | undefined>>;
  private client: CodeDeployClient | undefined;
  private metricsSink: HookMetrics | undefined;

  constructor(readonly options: HookOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = neverThrowing(options.logger ?? createDefaultLogger());
    this.env = options.env ?? process.env;
    this.client = options.awsSdkV3Client;
  }

  codeDeploy(): CodeDeployClient {
    // Retries are shiftguard's (bounded by the deadline), so the default client makes one attempt per call.
    this.client ??= new CodeDeployClient({ maxAttempts: 1, ...this.options.clientConfig });
    return this.client;
  }

  metrics(): HookMetrics {
    if (this.options.metrics === false) return disabledMetrics;
    this.metricsSink ??= this.options.metrics ?? createDefaultMetrics();
    return this.metricsSink;
  }

  /** Starts one invocation; never throws. */
  begin(event: unknown, context: LambdaContextLike | undefined): HookInvocation {
    return new HookInvocation(this, event, context);
  }
}

/**
 * One invocation of a hook: resolve the deployment, run the plan against the deadline, decide the
 * verdict, report it exactly once.
 */
export class HookInvocation {
  private readonly startedAt: number;
  private readonly lambdaDeadlineAt: number;
  private readonly planDeadlineAt: number;
  private readonly abort = new AbortController();
  private readonly deadlineTimer: unknown;
  private readonly ids: HookInvocationIds | undefined;
  private readonly malformed: MalformedEventError | undefined;
  private deployment: DeploymentContext | undefined;
  private results: CheckResult[] = [];
  private failureReason: string | undefined;
  private breakGlass: string | undefined;
  private reportPromise: Promise<void> | undefined;

  constructor(
    private readonly runtime: HookRuntime,
    event: unknown,
    private readonly context: LambdaContextLike | undefined,
  ) {
    const { clock } = runtime;
    this.startedAt = clock.now();
    const remaining = remainingTime(context, runtime.logger);
    this.lambdaDeadlineAt = this.startedAt + remaining;
    const reserve = runtime.options.reserveMs ?? Math.min(DEFAULT_RESERVE_MS, remaining / 2);
    this.planDeadlineAt = this.startedAt + Math.max(0, remaining - reserve);
    try {
      this.ids = parseHookEvent(event);
    } catch (error) {
      this.malformed = error as MalformedEventError;
    }
    this.deadlineTimer = clock.setTimeout(
      () =>
        this.abort.abort(
          new DeadlineExceededError(
            `hook deadline reached: ${Math.round(reserve)} ms of the Lambda timeout kept to report`,
          ),
        ),
      this.planDeadlineAt - this.startedAt,
    );
  }

  /** The resolved deployment, once {@link judge} got that far. */
  get deploymentContext(): DeploymentContext | undefined {
    return this.deployment;
  }

  /** Resolves the deployment and runs the plan. Never throws: every failure becomes part of the verdict. */
  async judge(plan: Check | readonly Check[] | undefined): Promise<void> {
    if (!this.ids) return;
    const { runtime } = this;
    const { options, env } = runtime;
    const allowBreakGlass = options.allowBreakGlass !== false;
    try {
      this.breakGlass = allowBreakGlass ? breakGlassReason(env, undefined) : undefined;
      if (this.breakGlass) return;
      this.deployment = await resolveDeploymentContext({
        client: runtime.codeDeploy(),
        ids: this.ids,
        hookFunctionName: env.AWS_LAMBDA_FUNCTION_NAME ?? this.context?.functionName,
        hookFunctionArn: this.context?.invokedFunctionArn,
        target: options.target,
        lifecycleEvent: options.lifecycleEvent,
        env,
        call: { clock: runtime.clock, deadlineAt: this.planDeadlineAt, signal: this.abort.signal },
      });
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
        skip: this.checksToSkip(allowBreakGlass),
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

  /** True once a report was started for this invocation. */
  hasReported(): boolean {
    return this.reportPromise !== undefined;
  }

  /** Adds a result that did not come from the plan (the middy handler's own outcome). */
  addResult(result: CheckResult): void {
    this.results.push(result);
  }

  /** Clock time left before checks must stop. */
  remainingPlanTimeMs(): number {
    return Math.max(0, this.planDeadlineAt - this.runtime.clock.now());
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

  private async reportOnce(): Promise<void> {
    const { runtime } = this;
    runtime.clock.clearTimeout(this.deadlineTimer);
    if (!this.abort.signal.aborted) this.abort.abort(new ReportingStartedError('the hook is reporting'));
    if (!this.ids) {
      // Without ids there is nothing to report to, and a Lambda retry would bring the same event:
      // log a typed error and return, rather than throw into two pointless retries.
      runtime.logger.error('shiftguard received a malformed hook event; nothing was reported', {
        error: { code: this.malformed?.code, message: this.malformed?.message },
      });
      return;
    }
    let verdict: VerdictReport;
    try {
      verdict = this.verdict();
      this.emitVerdict(verdict);
    } catch (error) {
      // Whatever broke while describing the verdict, CodeDeploy still hears it — and hears Failed.
      verdict = { ...EMPTY_VERDICT, status: 'Failed', reason: `verdict failed: ${describeThrown(error)}` };
    }
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
    this.logOutcome(outcome, verdict.status);
  }

  private verdict(): VerdictReport {
    const common = {
      deploymentId: this.ids?.deploymentId,
      lifecycleEventHookExecutionId: this.ids?.executionId,
      lifecycleEvent: this.deployment?.lifecycleEvent,
      target: this.deployment?.target,
      durationMs: Math.round(this.runtime.clock.now() - this.startedAt),
      checks: this.results,
    };
    if (this.breakGlass) {
      return {
        ...common,
        status: 'Succeeded',
        reason: `checks skipped by break-glass: ${this.breakGlass}`,
        breakGlass: this.breakGlass,
      };
    }
    const fromChecks = verdictOf(this.results);
    if (this.failureReason) {
      const reason =
        fromChecks.status === 'Failed' ? `${this.failureReason}; ${fromChecks.reason}` : this.failureReason;
      return { ...common, status: 'Failed', reason };
    }
    if (this.results.length === 0) return { ...common, status: 'Failed', reason: 'no check ran' };
    return { ...common, ...fromChecks };
  }

  private emitVerdict(verdict: VerdictReport): void {
    const { logger } = this.runtime;
    if (verdict.breakGlass)
      logger.warn('shiftguard break-glass: checks skipped', { breakGlass: verdict.breakGlass });
    const log = verdict.status === 'Succeeded' ? logger.info : logger.warn;
    log.call(logger, 'shiftguard verdict', { verdict });
    try {
      this.publishMetrics(verdict);
    } catch (error) {
      logger.warn('shiftguard could not publish metrics', { error: describeThrown(error) });
    }
  }

  private publishMetrics(verdict: VerdictReport): void {
    const metrics = this.runtime.metrics();
    const lifecycleEvent = verdict.lifecycleEvent ?? 'Unknown';
    for (const result of verdict.checks) {
      if (result.status === 'skipped') continue;
      const perCheck = metrics.singleMetric();
      perCheck.addDimension('LifecycleEvent', lifecycleEvent);
      perCheck.addDimension('Check', result.name);
      perCheck.addMetric(METRIC_NAMES.checkDuration, 'Milliseconds', result.durationMs);
      const outcome = metrics.singleMetric();
      outcome.addDimension('LifecycleEvent', lifecycleEvent);
      outcome.addDimension('Check', result.name);
      outcome.addMetric(
        result.status === 'pass' ? METRIC_NAMES.checkPassed : METRIC_NAMES.checkFailed,
        'Count',
        1,
      );
    }
    const hook = metrics.singleMetric();
    hook.addDimension('LifecycleEvent', lifecycleEvent);
    hook.addMetric(
      verdict.status === 'Succeeded' ? METRIC_NAMES.hookSucceeded : METRIC_NAMES.hookFailed,
      'Count',
      1,
    );
    const duration = metrics.singleMetric();
    duration.addDimension('LifecycleEvent', lifecycleEvent);
    duration.addMetric(METRIC_NAMES.hookDuration, 'Milliseconds', verdict.durationMs);
  }

  private logOutcome(outcome: ReportOutcome, status: HookStatus): void {
    const { logger } = this.runtime;
    const ids = { deploymentId: this.ids?.deploymentId, attempts: outcome.attempts, status };
    if (outcome.kind === 'reported') logger.info('shiftguard reported to CodeDeploy', ids);
    else if (outcome.kind === 'already-completed') {
      logger.warn(
        'shiftguard: CodeDeploy already has a status for this hook execution (duplicate delivery)',
        ids,
      );
    } else {
      logger.error('shiftguard: CodeDeploy rejected the status report; a retry cannot fix this', {
        ...ids,
        error: redactText(describeThrown(outcome.error)),
      });
    }
  }
}

const EMPTY_VERDICT: Omit<VerdictReport, 'status' | 'reason'> = {
  deploymentId: undefined,
  lifecycleEventHookExecutionId: undefined,
  lifecycleEvent: undefined,
  target: undefined,
  durationMs: 0,
  checks: [],
};

/** Stops stragglers once the verdict is being reported; never shown as a deadline. */
class ReportingStartedError extends CancelledError {}

function remainingTime(context: LambdaContextLike | undefined, logger: HookLogger): number {
  try {
    if (typeof context?.getRemainingTimeInMillis === 'function') {
      const remaining = Number(context.getRemainingTimeInMillis());
      if (Number.isFinite(remaining)) return Math.min(MAX_BUDGET_MS, Math.max(0, remaining));
    }
  } catch {
    // Falls through to the fallback below.
  }
  logger.warn(
    `shiftguard: the Lambda context cannot tell the remaining time; assuming ${FALLBACK_BUDGET_MS} ms`,
  );
  return FALLBACK_BUDGET_MS;
}

/** A logger whose failures are swallowed: logging must never cost the report. */
function neverThrowing(logger: HookLogger): HookLogger {
  const guard =
    (level: keyof HookLogger) =>
    (message: string, ...extra: unknown[]) => {
      try {
        logger[level](message, ...extra);
      } catch {
        // Nothing sensible to do: the logger itself is what failed.
      }
    };
  return { debug: guard('debug'), info: guard('info'), warn: guard('warn'), error: guard('error') };
}

/** Returns a result for a required step that threw outside the plan. */
export function resultOfThrown(name: string, thrown: unknown, durationMs: number): CheckResult {
  return { name, status: 'error', required: true, durationMs, message: redactText(describeThrown(thrown)) };
}
