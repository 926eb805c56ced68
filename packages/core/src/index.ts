export { type LambdaAppSpec, parseAppSpec } from './appspec';
export { BREAK_GLASS } from './break-glass';
export { type Check, type CheckContext, type CheckResult, type CheckStatus, defineCheck } from './check';
export { type Clock, systemClock } from './clock';
export { createHook, type HookHandler } from './create-hook';
export type { DeploymentContext, DeploymentInfo, DeploymentTarget } from './deployment-context';
export * from './errors';
export { type CodeDeployHookEvent, type HookInvocationIds, parseHookEvent } from './event';
export type { LambdaContextLike } from './hook-invocation';
export type { LifecycleEvent } from './lifecycle-event';
export {
  type HookHandlerContext,
  type MiddlewareOptions,
  type MiddyMiddlewareLike,
  type MiddyRequestLike,
  shiftguardMiddleware,
} from './middy';
export type { HookOptions } from './options';
export { type ParallelOptions, parallel } from './parallel';
export { dryRun, onlyIn, warnOnly } from './policy';
export { isSecretKey, REDACTED, redact, redactText } from './redact';
export { TARGET_ENV, type TargetOverride } from './resolve-deployment';
export { type ExponentialBackoff, type RetryOptions, retry } from './retry';
export { isBlockingResult, type RunPlanOptions, runPlan } from './runner';
export { type SequenceOptions, sequence } from './sequence';
export type { HookLogger, HookMetrics, SingleMetric } from './telemetry';
export { METRIC_NAMES } from './telemetry';
export { timeout } from './timeout';
export type { HookStatus, VerdictReport } from './verdict';
