import { setMaxListeners } from 'node:events';
import {
  type Clock,
  type ClockLike,
  describeThrown,
  onAbort,
  raceAbort,
  redact,
  redactText,
  runPool,
  sleep,
  toClock,
} from '@shiftguard/kit';
import type { DeploymentInfo, DeploymentTarget } from '../deployment/deployment-context';
import type { LifecycleEvent } from '../deployment/lifecycle-event';
import { CancelledError, CheckTimeoutError, PlanError } from '../errors';
import { type HookLogger, silentLogger } from '../telemetry/logger';
import { disabledMetrics, type HookMetrics } from '../telemetry/metrics';
import type { Check, CheckContext } from './check';
import { isCheckPass } from './pass';
import { assertCheck, type PlanNode, planNodeOf } from './plan';
import { type CheckResult, isBlockingResult, isFailingStatus } from './result';
import { sequence } from './sequence';

/** What {@link runPlan} needs to run checks outside a CodeDeploy hook (tests, simulators, benchmarks). */
export interface RunPlanOptions {
  target: DeploymentTarget;
  deployment: DeploymentInfo;
  lifecycleEvent: LifecycleEvent;
  logger?: HookLogger;
  /** Aborting it stops the plan: running checks are reported with the reason (deadline → timed-out). */
  signal?: AbortSignal;
  /** Time and randomness for timeouts, backoff and `ctx.clock`. Default: the system clock. */
  clock?: ClockLike;
  /** Clock time by which checks must stop; used for `ctx.remainingTimeMs()`. Default: no limit. */
  deadlineAt?: number;
  state?: Map<string, unknown>;
  /** Names of checks to report as skipped without running them. */
  skip?: ReadonlySet<string>;
  /** Where checks publish their own EMF metrics (`ctx.metrics`). Default: nowhere. */
  metrics?: HookMetrics;
  /**
   * Longest the runner waits for a check's cleanup once its signal fired, whatever its `cleanupMs`
   * (a hook gives what it kept back for cleanup). Default: no limit beyond each check's `cleanupMs`.
   */
  cleanupLimitMs?: number;
  /**
   * Called with each check's result once it is decided, in the order checks finish: a skipped check
   * when it is skipped, a retried one once, after its last attempt. A CLI shows progress with it. What
   * it throws is logged and ignored: watching a plan cannot change its outcome.
   */
  onResult?: (result: CheckResult) => void;
}

interface Frame {
  readonly signal: AbortSignal;
  readonly required: boolean;
  readonly dryRun: boolean;
}

interface RunEnvironment {
  readonly clock: Clock;
  readonly skip: ReadonlySet<string>;
  readonly cleanupLimitMs: number;
  /** Undefined inside a retry, which tells only its last attempt. */
  readonly onResult: ((result: CheckResult) => void) | undefined;
  readonly contextBase: Omit<CheckContext, 'signal' | 'dryRun' | 'cleanupTimeMs'>;
}

/**
 * Runs a plan of checks and returns one result per check, in plan order. Never throws for anything a
 * check does; returns promptly once `signal` aborts, even if a check ignores the signal.
 *
 * @example
 * ```ts
 * const results = await runPlan(sequence([a, b]), { target, deployment, lifecycleEvent: 'BeforeAllowTraffic' });
 * ```
 */
export async function runPlan(
  plan: Check | readonly Check[],
  options: RunPlanOptions,
): Promise<CheckResult[]> {
  const root = Array.isArray(plan) ? planFromArray(plan) : (plan as Check);
  assertCheck(root, 'plan');
  const clock = toClock(options.clock);
  const deadlineAt = options.deadlineAt ?? Number.POSITIVE_INFINITY;
  const env: RunEnvironment = {
    clock,
    skip: options.skip ?? new Set(),
    cleanupLimitMs: options.cleanupLimitMs ?? Number.POSITIVE_INFINITY,
    onResult: options.onResult,
    contextBase: {
      target: options.target,
      deployment: options.deployment,
      lifecycleEvent: options.lifecycleEvent,
      logger: options.logger ?? silentLogger,
      state: options.state ?? new Map(),
      remainingTimeMs: () => Math.max(0, deadlineAt - clock.now()),
      clock,
      metrics: options.metrics ?? disabledMetrics,
    },
  };
  const signal = options.signal ?? new AbortController().signal;
  return execute(root, { signal, required: true, dryRun: false }, env);
}

function planFromArray(checks: readonly Check[]): Check {
  if (checks.length === 0) throw new PlanError('a plan needs at least one check');
  return checks.length === 1 ? (checks[0] as Check) : sequence(checks, { name: 'plan' });
}

async function execute(check: Check, frame: Frame, env: RunEnvironment): Promise<CheckResult[]> {
  const node = planNodeOf(check);
  if (!node) return told(env, [await runLeaf(check, frame, env)]);
  return executeNode(check, node, frame, env);
}

/** Hands each result to `onResult` (a throw is logged, never passed on) and returns them. */
function told(env: RunEnvironment, results: CheckResult[]): CheckResult[] {
  const { onResult } = env;
  if (onResult !== undefined) {
    for (const result of results) notifyResult(onResult, env.contextBase.logger, result);
  }
  return results;
}

/** Calls a result watcher; what it throws (or rejects with) is logged and ignored, so watching cannot change a run. */
export function notifyResult(
  onResult: (result: CheckResult) => void,
  logger: HookLogger,
  result: CheckResult,
): void {
  const ignored = (error: unknown) =>
    logger.warn('shiftguard onCheckResult threw; ignored', {
      check: result.name,
      error: redactText(describeThrown(error)),
    });
  try {
    // An async watcher is not awaited, but its rejection must not go unhandled.
    const returned: unknown = onResult(result);
    if (isPromiseLike(returned)) Promise.resolve(returned).catch(ignored);
  } catch (error) {
    ignored(error);
  }
}

async function executeNode(
  check: Check,
  node: PlanNode,
  frame: Frame,
  env: RunEnvironment,
): Promise<CheckResult[]> {
  switch (node.kind) {
    case 'sequence':
      return executeSequence(node.children, frame, env);
    case 'parallel':
      return executeParallel(node.children, node.failFast, node.concurrency, frame, env);
    case 'timeout':
      return executeWithTimeout(node.child, node.ms, frame, env);
    case 'retry':
      return executeWithRetry(node, frame, env);
    case 'policy': {
      if (node.onlyIn !== undefined && node.onlyIn !== env.contextBase.lifecycleEvent) {
        return told(env, skipAll(node.child, policyFrame(node, frame), `runs only in ${node.onlyIn}`));
      }
      return execute(node.child, policyFrame(node, frame), env);
    }
    default:
      throw new PlanError(`unknown plan node in "${check.name}"`);
  }
}

async function executeSequence(children: readonly Check[], frame: Frame, env: RunEnvironment) {
  const results: CheckResult[] = [];
  for (let index = 0; index < children.length; index++) {
    const childResults = await execute(children[index]!, frame, env);
    results.push(...childResults);
    const blocking = childResults.find(isBlockingResult);
    if (blocking) {
      for (const rest of children.slice(index + 1)) {
        results.push(
          ...told(env, skipAll(rest, frame, `not run: required check "${blocking.name}" ${blocking.status}`)),
        );
      }
      break;
    }
  }
  return results;
}

async function executeParallel(
  children: readonly Check[],
  failFast: boolean,
  concurrency: number,
  frame: Frame,
  env: RunEnvironment,
): Promise<CheckResult[]> {
  const group = linkedController(frame.signal);
  const childFrame: Frame = { ...frame, signal: group.controller.signal };
  const resultsByChild: CheckResult[][] = new Array(children.length);
  // No signal for the pool: every child must yield results, a cancelled one as "not run".
  const runChild = async (index: number) => {
    const results = await execute(children[index]!, childFrame, env);
    resultsByChild[index] = results;
    const blocking = failFast ? results.find(isBlockingResult) : undefined;
    if (blocking && !group.controller.signal.aborted) {
      group.controller.abort(
        new CancelledError(`cancelled: required check "${blocking.name}" ${blocking.status}`),
      );
    }
  };
  try {
    await runPool(children.length, concurrency, runChild);
  } finally {
    group.unlink();
  }
  return resultsByChild.flat();
}

async function executeWithTimeout(child: Check, ms: number, frame: Frame, env: RunEnvironment) {
  const limited = linkedController(frame.signal);
  const timer = env.clock.setTimeout(() => {
    limited.controller.abort(new CheckTimeoutError(`"${child.name}" timed out after ${ms} ms`));
  }, ms);
  try {
    return await execute(child, { ...frame, signal: limited.controller.signal }, env);
  } finally {
    env.clock.clearTimeout(timer);
    limited.unlink();
  }
}

async function executeWithRetry(
  node: Extract<PlanNode, { kind: 'retry' }>,
  frame: Frame,
  env: RunEnvironment,
): Promise<CheckResult[]> {
  // Attempts run unwatched: only the last one is the check's result.
  return told(env, await retryAttempts(node, frame, { ...env, onResult: undefined }));
}

async function retryAttempts(
  node: Extract<PlanNode, { kind: 'retry' }>,
  frame: Frame,
  env: RunEnvironment,
): Promise<CheckResult[]> {
  let results: CheckResult[] = [];
  for (let attempt = 1; attempt <= node.attempts; attempt++) {
    results = await execute(node.child, frame, env);
    const failed = results.some((result) => isFailingStatus(result.status));
    if (!failed || attempt === node.attempts || frame.signal.aborted) return withAttempts(results, attempt);
    let delay: number;
    try {
      delay = Number(node.backoff(attempt));
    } catch (error) {
      env.contextBase.logger.warn('shiftguard retry backoff threw; not retrying', {
        error: describeThrown(error),
      });
      return withAttempts(results, attempt);
    }
    if (!(delay >= 0 && delay < env.contextBase.remainingTimeMs())) return withAttempts(results, attempt);
    env.contextBase.logger.debug('shiftguard retrying check', {
      check: node.child.name,
      attempt,
      delayMs: delay,
    });
    try {
      await sleep(env.clock, delay, frame.signal);
    } catch {
      return withAttempts(results, attempt);
    }
  }
  return results;
}

function withAttempts(results: CheckResult[], attempts: number): CheckResult[] {
  return attempts === 1 ? results : results.map((result) => ({ ...result, attempts }));
}

/** Reports every leaf under `check` as skipped, keeping each leaf's own required/dryRun flags. */
function skipAll(check: Check, frame: Frame, message: string): CheckResult[] {
  const node = planNodeOf(check);
  if (!node) {
    return [
      leafResult(check.name, frame.required && !frame.dryRun, frame.dryRun, 0, {
        status: 'skipped',
        message,
      }),
    ];
  }
  if (node.kind === 'sequence' || node.kind === 'parallel') {
    return node.children.flatMap((child) => skipAll(child, frame, message));
  }
  return skipAll(node.child, node.kind === 'policy' ? policyFrame(node, frame) : frame, message);
}

function policyFrame(node: Extract<PlanNode, { kind: 'policy' }>, frame: Frame): Frame {
  return {
    signal: frame.signal,
    required: frame.required && node.required !== false,
    dryRun: frame.dryRun || node.dryRun === true,
  };
}

async function runLeaf(check: Check, frame: Frame, env: RunEnvironment): Promise<CheckResult> {
  const required = frame.required && !frame.dryRun;
  if (env.skip.has(check.name)) {
    return leafResult(check.name, required, frame.dryRun, 0, {
      status: 'skipped',
      message: 'skipped by the SHIFTGUARD_SKIP_CHECKS directive',
    });
  }
  if (frame.signal.aborted) {
    return leafResult(check.name, required, frame.dryRun, 0, fromAbortReason(frame.signal.reason, true));
  }
  const { clock } = env;
  const startedAt = clock.now();
  const elapsed = () => Math.round((clock.now() - startedAt) * 100) / 100;
  const graceMs = Math.min(check.cleanupMs ?? 0, env.cleanupLimitMs);
  // When the signal fired while the check ran: from then on it only has its cleanup time left.
  let stoppedAt: number | undefined;
  const markStopped = () => {
    stoppedAt ??= clock.now();
  };
  const base = env.contextBase;
  try {
    // Written out field by field: a spread would give every context its own hidden class.
    const ctx: CheckContext = {
      target: base.target,
      deployment: base.deployment,
      lifecycleEvent: base.lifecycleEvent,
      logger: base.logger,
      state: base.state,
      remainingTimeMs: base.remainingTimeMs,
      clock: base.clock,
      metrics: base.metrics,
      cleanupTimeMs:
        graceMs === 0
          ? noCleanupTime
          : () => {
              if (!frame.signal.aborted) return base.remainingTimeMs() + graceMs;
              markStopped();
              return Math.max(0, (stoppedAt as number) + graceMs - clock.now());
            },
      signal: frame.signal,
      dryRun: frame.dryRun,
    };
    const outcome = check.run(ctx);
    const value = !isPromiseLike(outcome)
      ? outcome
      : graceMs === 0
        ? await raceAbort(outcome, frame.signal)
        : await settleWithin(outcome, frame.signal, graceMs, clock, markStopped);
    if (stoppedAt !== undefined && frame.signal.aborted) {
      // It finished only after its signal fired, while cleaning up: what stopped it is the outcome.
      return leafResult(check.name, required, frame.dryRun, elapsed(), {
        ...fromAbortReason(frame.signal.reason, false),
        ...detailsOf(isCheckPass(value) ? value.details : undefined),
      });
    }
    return leafResult(check.name, required, frame.dryRun, elapsed(), passed(value));
  } catch (thrown) {
    const stopped =
      frame.signal.aborted &&
      (thrown === frame.signal.reason || isAbortError(thrown) || stoppedAt !== undefined);
    const classified = stopped
      ? {
          ...fromAbortReason(frame.signal.reason, false),
          // A journey stopped at the deadline still says which steps ran and what its cleanup did.
          ...detailsOf(
            codeOf(thrown) === 'SG_CHECK_FAILED' ? (thrown as CheckFailureLike).details : undefined,
          ),
        }
      : fromThrown(thrown);
    return leafResult(check.name, required, frame.dryRun, elapsed(), classified);
  }
}

const PASSED: Classified = { status: 'pass' };
const noCleanupTime = () => 0;

interface CheckFailureLike {
  readonly details?: Record<string, unknown>;
}

function passed(value: unknown): Classified {
  if (!isCheckPass(value)) return PASSED;
  return {
    status: 'pass',
    ...(value.message !== undefined && { message: redactText(value.message) }),
    ...detailsOf(value.details),
  };
}

function detailsOf(details: Readonly<Record<string, unknown>> | undefined): Pick<Classified, 'details'> {
  return details === undefined ? {} : { details: redact(details) as Record<string, unknown> };
}

/**
 * Settles with `work` if it settles before the signal fires or within `graceMs` after; else rejects
 * with the signal's reason, as {@link raceAbort} does at once.
 */
function settleWithin<T>(
  work: PromiseLike<T>,
  signal: AbortSignal,
  graceMs: number,
  clock: Clock,
  onStopped: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let timer: unknown;
    const startGrace = () => {
      onStopped();
      timer = clock.setTimeout(() => reject(signal.reason), graceMs);
    };
    // It may have fired while the check's synchronous part ran.
    const stopWaiting = signal.aborted ? ignore : onAbort(signal, startGrace);
    if (signal.aborted) startGrace();
    const done = () => {
      stopWaiting();
      if (timer !== undefined) clock.clearTimeout(timer);
    };
    work.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

/** One shape for every result, optional fields added in a fixed order, so reading them stays fast. */
function leafResult(
  name: string,
  required: boolean,
  dryRun: boolean,
  durationMs: number,
  classified: Classified,
): CheckResult {
  const result: { -readonly [K in keyof CheckResult]: CheckResult[K] } = {
    name,
    status: classified.status,
    durationMs,
    required,
  };
  if (dryRun) result.dryRun = true;
  if (classified.message !== undefined) result.message = classified.message;
  if (classified.details !== undefined) result.details = classified.details;
  return result;
}

type Classified = Pick<CheckResult, 'status' | 'message' | 'details'>;

/** Classified by `code`, not `instanceof`: a second copy of the package (ESM next to CJS) must agree. */
function codeOf(value: unknown): unknown {
  try {
    return (value as { code?: unknown } | null)?.code;
  } catch {
    return undefined;
  }
}

function fromAbortReason(reason: unknown, beforeStart: boolean): Classified {
  const code = codeOf(reason);
  const message = redactText(describeReason(reason));
  if (code === 'SG_CANCELLED') {
    return { status: 'skipped', message: beforeStart ? message.replace('cancelled', 'not run') : message };
  }
  if (code === 'SG_CHECK_TIMEOUT' || code === 'SG_DEADLINE_EXCEEDED') {
    // A check that never started did not time out: it is skipped, and the deadline fails the hook anyway.
    return beforeStart
      ? { status: 'skipped', message: `not run: ${message}` }
      : { status: 'timed-out', message };
  }
  return { status: 'error', message: `aborted: ${redactText(describeThrown(reason))}` };
}

function describeReason(reason: unknown): string {
  return reason instanceof Error ? reason.message : describeThrown(reason);
}

function fromThrown(thrown: unknown): Classified {
  const code = codeOf(thrown);
  if (code === 'SG_CHECK_FAILED') {
    return {
      status: 'fail',
      message: redactText(describeReason(thrown)),
      ...detailsOf((thrown as CheckFailureLike).details),
    };
  }
  if (code === 'SG_CHECK_SKIPPED') return { status: 'skipped', message: redactText(describeReason(thrown)) };
  if (code === 'SG_CHECK_TIMEOUT')
    return { status: 'timed-out', message: redactText(describeReason(thrown)) };
  return { status: 'error', message: redactText(describeThrown(thrown)) };
}

function isAbortError(thrown: unknown): boolean {
  return thrown instanceof Error && (thrown.name === 'AbortError' || thrown.name === 'TimeoutError');
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

const ignore = () => {};

/** A controller that aborts when `parent` does; `unlink` stops listening so long plans do not leak listeners. */
function linkedController(parent: AbortSignal): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  // Checks of a group share its signal and each may listen on it (fetch, SDK calls): that is fan-out, not a leak.
  setMaxListeners(0, controller.signal);
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, unlink: ignore };
  }
  const unlink = onAbort(parent, () => controller.abort(parent.reason));
  return { controller, unlink };
}
