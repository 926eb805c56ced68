import type { CodeDeployClient, CodeDeployClientConfig } from '@aws-sdk/client-codedeploy';
import { type ClientOptions, type ClockLike, Validator } from '@shiftguard/kit';
import { isLifecycleEvent, type LifecycleEvent } from '../deployment/lifecycle-event';
import type { TargetOverride } from '../deployment/resolve-deployment';
import { InvalidOptionsError, PlanError } from '../errors';
import type { Check } from '../plan/check';
import { assertCheck } from '../plan/plan';
import type { CheckResult } from '../plan/result';
import type { HookLogger } from '../telemetry/logger';
import type { HookMetrics } from '../telemetry/metrics';

interface HookOptionsBase {
  /** The plan: one check, or an array run as a sequence. */
  checks: Check | readonly Check[];
  /**
   * Milliseconds kept back from the Lambda deadline to report. Default 2000 — enough for a TLS
   * handshake, the Put, and a couple of throttled retries — but never more than half the time the
   * invocation started with, so a hook with a 3 s timeout still gets 1.5 s to check.
   */
  reserveMs?: number;
  /** Which lifecycle event this hook serves. Default: found by matching the hook's own name in the AppSpec Hooks. */
  lifecycleEvent?: LifecycleEvent;
  /** Function, alias and versions to judge. Default: read from the deployment's AppSpec. */
  target?: TargetOverride;
  /** Structured logger. Default: a Powertools Logger with service `shiftguard`. */
  logger?: HookLogger;
  /** EMF metrics per check and per verdict. Default: Powertools Metrics, namespace `shiftguard`; `false` turns them off. */
  metrics?: HookMetrics | false;
  /** Honour break-glass directives (`SHIFTGUARD_BREAK_GLASS`, `[shiftguard:skip]`). Default `true`. */
  allowBreakGlass?: boolean;
  /**
   * Time and randomness for deadlines, timeouts, backoff and `ctx.clock`. Default: the system clock.
   * Give the simulator's (or a test's) clock to run the hook on controlled time.
   */
  clock?: ClockLike;
  /** Where directives and target variables are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Called with each check's result as soon as it is decided, before the verdict (a CLI's progress, a
   * live dashboard); a retried check once, with its last attempt. What it throws is logged and ignored.
   */
  onCheckResult?: (result: CheckResult) => void;
}

/**
 * Options of `createHook` and `shiftguardMiddleware`. Give either an SDK client or its config, not both.
 */
export type HookOptions = HookOptionsBase & ClientOptions<CodeDeployClient, CodeDeployClientConfig>;

export const DEFAULT_RESERVE_MS = 2000;
/** Below this a report cannot make even one round trip before Lambda stops the function. */
export const MIN_RESERVE_MS = 250;

/** Every key `createHook` knows: what `runChecks` and the middleware build on. */
export const HOOK_OPTION_KEYS = [
  'checks',
  'reserveMs',
  'lifecycleEvent',
  'target',
  'logger',
  'metrics',
  'allowBreakGlass',
  'clock',
  'env',
  'onCheckResult',
  'awsSdkV3Client',
  'clientConfig',
] as const;

const TARGET_KEYS = ['functionName', 'alias', 'currentVersion', 'targetVersion'] as const;

const validator: Validator = new Validator({
  error: (message, { cause }) =>
    new InvalidOptionsError(message, cause === undefined ? undefined : { cause }),
});

/** Validates hook options, naming the first wrong key; returns a frozen copy. */
export function validateHookOptions(options: unknown, { checksRequired = true } = {}): HookOptions {
  const record = validator.object(options, '', HOOK_OPTION_KEYS, {
    noun: 'hook option',
    expected: 'an object with at least { checks }',
  });
  if (checksRequired || record.checks !== undefined) validateChecks(record.checks);
  const reserve = record.reserveMs;
  if (
    reserve !== undefined &&
    !(typeof reserve === 'number' && Number.isFinite(reserve) && reserve >= MIN_RESERVE_MS)
  ) {
    validator.fail(
      'reserveMs',
      `must be a finite number ≥ ${MIN_RESERVE_MS} (time to report before the deadline), got ${String(reserve)}`,
    );
  }
  if (record.lifecycleEvent !== undefined && !isLifecycleEvent(record.lifecycleEvent)) {
    validator.fail(
      'lifecycleEvent',
      `must be 'BeforeAllowTraffic' or 'AfterAllowTraffic', got ${JSON.stringify(record.lifecycleEvent)}`,
    );
  }
  validateTarget(record.target);
  validator.methods(record.logger, 'logger', ['debug', 'info', 'warn', 'error']);
  if (record.metrics !== false) validator.methods(record.metrics, 'metrics', ['singleMetric']);
  const clock = validator.methods<ClockLike>(record.clock, 'clock', ['now', 'setTimeout', 'clearTimeout']);
  if (clock !== undefined && !Number.isFinite(clock.now())) {
    validator.fail('clock.now()', 'must return a finite number of milliseconds');
  }
  validator.boolean(record.allowBreakGlass, 'allowBreakGlass');
  validator.func(record.onCheckResult, 'onCheckResult');
  if (record.env !== undefined) {
    if (typeof record.env !== 'object' || record.env === null) {
      validator.fail('env', 'must be an object of environment variables');
    }
    for (const [name, value] of Object.entries(record.env)) {
      if (value !== undefined && typeof value !== 'string') {
        validator.fail(`env.${name}`, `must be a string, got ${typeof value}`);
      }
    }
  }
  if (record.awsSdkV3Client !== undefined && record.clientConfig !== undefined) {
    validator.failWith('awsSdkV3Client', 'give either awsSdkV3Client or clientConfig, not both');
  }
  validator.methods(record.awsSdkV3Client, 'awsSdkV3Client', ['send']);
  if (
    record.clientConfig !== undefined &&
    (typeof record.clientConfig !== 'object' || record.clientConfig === null)
  ) {
    validator.fail('clientConfig', 'must be a CodeDeployClient config object');
  }
  // A copy, so changing the caller's object after construction cannot skip this validation.
  const checks = Array.isArray(record.checks) ? Object.freeze([...record.checks]) : record.checks;
  const target = record.target ? Object.freeze({ ...(record.target as TargetOverride) }) : undefined;
  return Object.freeze({
    ...record,
    ...(checks !== undefined && { checks }),
    ...(target !== undefined && { target }),
  }) as unknown as HookOptions;
}

function validateChecks(checks: unknown): void {
  if (checks === undefined)
    validator.failWith('checks', 'hook options need checks: a check or an array of checks');
  const list = Array.isArray(checks) ? checks : [checks];
  if (list.length === 0) {
    validator.fail('checks', 'is empty: a hook that checks nothing cannot fail; give at least one check');
  }
  try {
    list.forEach((check, index) => {
      assertCheck(check, Array.isArray(checks) ? `checks[${index}]` : 'checks');
    });
  } catch (error) {
    if (error instanceof PlanError) validator.failWith('checks', error.message, error);
    throw error;
  }
}

function validateTarget(target: unknown): void {
  if (target === undefined) return;
  const record = validator.object(target, 'target', TARGET_KEYS, { noun: 'target option' });
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      validator.fail(`target.${key}`, 'must be a non-empty string');
    }
  }
}
