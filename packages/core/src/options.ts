import type { CodeDeployClient, CodeDeployClientConfig } from '@aws-sdk/client-codedeploy';
import type { Check } from './check';
import type { Clock } from './clock';
import { InvalidOptionsError, PlanError } from './errors';
import { isLifecycleEvent, type LifecycleEvent } from './lifecycle-event';
import { assertCheck } from './plan';
import type { TargetOverride } from './resolve-deployment';
import type { HookLogger, HookMetrics } from './telemetry';

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
  /** Time source for deadlines, timeouts and backoff. Default: the wall clock. */
  clock?: Clock;
  /** Where directives and target variables are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Options of `createHook` and `shiftguardMiddleware`. Give either an SDK client or its config, not both.
 */
export type HookOptions = HookOptionsBase &
  (
    | {
        /** A CodeDeploy client of your own (tracing, custom retry, endpoint). */
        awsSdkV3Client?: CodeDeployClient;
        clientConfig?: never;
      }
    | {
        awsSdkV3Client?: never;
        /** Config for the client shiftguard creates on first use. */
        clientConfig?: CodeDeployClientConfig;
      }
  );

export const DEFAULT_RESERVE_MS = 2000;
/** Below this a report cannot make even one round trip before Lambda stops the function. */
export const MIN_RESERVE_MS = 250;

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'checks',
  'reserveMs',
  'lifecycleEvent',
  'target',
  'logger',
  'metrics',
  'allowBreakGlass',
  'clock',
  'env',
  'awsSdkV3Client',
  'clientConfig',
]);

const TARGET_KEYS: ReadonlySet<string> = new Set([
  'functionName',
  'alias',
  'currentVersion',
  'targetVersion',
]);

/** Validates hook options, naming the first wrong key. */
export function validateHookOptions(options: unknown, { checksRequired = true } = {}): HookOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError('hook options must be an object with at least { checks }');
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new InvalidOptionsError(
        `unknown hook option "${key}"; known options: ${[...KNOWN_KEYS].join(', ')}`,
      );
    }
  }
  if (checksRequired || record.checks !== undefined) validateChecks(record.checks);
  if (record.reserveMs !== undefined) {
    const reserve = record.reserveMs;
    if (typeof reserve !== 'number' || !Number.isFinite(reserve) || reserve < MIN_RESERVE_MS) {
      throw new InvalidOptionsError(
        `reserveMs must be a finite number ≥ ${MIN_RESERVE_MS} (time to report before the deadline), got ${String(reserve)}`,
      );
    }
  }
  if (record.lifecycleEvent !== undefined && !isLifecycleEvent(record.lifecycleEvent)) {
    throw new InvalidOptionsError(
      `lifecycleEvent must be 'BeforeAllowTraffic' or 'AfterAllowTraffic', got ${JSON.stringify(record.lifecycleEvent)}`,
    );
  }
  validateTarget(record.target);
  expectMethods(record.logger, 'logger', ['debug', 'info', 'warn', 'error']);
  if (record.metrics !== false) expectMethods(record.metrics, 'metrics', ['singleMetric']);
  expectMethods(record.clock, 'clock', ['now', 'setTimeout', 'clearTimeout']);
  if (record.clock !== undefined && !Number.isFinite((record.clock as Clock).now())) {
    throw new InvalidOptionsError('clock.now() must return a finite number of milliseconds');
  }
  if (record.allowBreakGlass !== undefined && typeof record.allowBreakGlass !== 'boolean') {
    throw new InvalidOptionsError('allowBreakGlass must be a boolean');
  }
  if (record.env !== undefined) {
    if (typeof record.env !== 'object' || record.env === null) {
      throw new InvalidOptionsError('env must be an object of environment variables');
    }
    for (const [name, value] of Object.entries(record.env)) {
      if (value !== undefined && typeof value !== 'string') {
        throw new InvalidOptionsError(`env.${name} must be a string, got ${typeof value}`);
      }
    }
  }
  if (record.awsSdkV3Client !== undefined && record.clientConfig !== undefined) {
    throw new InvalidOptionsError('give either awsSdkV3Client or clientConfig, not both');
  }
  expectMethods(record.awsSdkV3Client, 'awsSdkV3Client', ['send']);
  if (
    record.clientConfig !== undefined &&
    (typeof record.clientConfig !== 'object' || record.clientConfig === null)
  ) {
    throw new InvalidOptionsError('clientConfig must be a CodeDeployClient config object');
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
    throw new InvalidOptionsError('hook options need checks: a check or an array of checks');
  const list = Array.isArray(checks) ? checks : [checks];
  if (list.length === 0) {
    throw new InvalidOptionsError(
      'checks is empty: a hook that checks nothing cannot fail; give at least one check',
    );
  }
  try {
    list.forEach((check, index) => {
      assertCheck(check, Array.isArray(checks) ? `checks[${index}]` : 'checks');
    });
  } catch (error) {
    if (error instanceof PlanError) throw new InvalidOptionsError(error.message, { cause: error });
    throw error;
  }
}

function validateTarget(target: unknown): void {
  if (target === undefined) return;
  if (typeof target !== 'object' || target === null)
    throw new InvalidOptionsError('target must be an object');
  for (const [key, value] of Object.entries(target)) {
    if (!TARGET_KEYS.has(key)) {
      throw new InvalidOptionsError(`unknown target option "${key}"; known: ${[...TARGET_KEYS].join(', ')}`);
    }
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new InvalidOptionsError(`target.${key} must be a non-empty string`);
    }
  }
}

function expectMethods(value: unknown, name: string, methods: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) throw new InvalidOptionsError(`${name} must be an object`);
  for (const method of methods) {
    if (typeof (value as Record<string, unknown>)[method] !== 'function') {
      throw new InvalidOptionsError(`${name} must have a ${method}() method`);
    }
  }
}
