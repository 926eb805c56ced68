// @shiftguard/core: the hook lifecycle and what it runs. Layers, from the bottom up (each imports
// only those below it; see docs/architecture.md): deployment/ (event, AppSpec, resolution),
// plan/ (checks, combinators, runner), report/ (verdict, status report), telemetry/ (logs, EMF),
// hook/ (createHook, the middleware, runChecks: they orchestrate the rest).
export { type LambdaAppSpec, parseAppSpec } from './deployment/appspec';
export type { DeploymentContext, DeploymentInfo, DeploymentTarget } from './deployment/deployment-context';
export { type CodeDeployHookEvent, type HookInvocationIds, parseHookEvent } from './deployment/event';
export type { LifecycleEvent } from './deployment/lifecycle-event';
export { TARGET_ENV, type TargetOverride } from './deployment/resolve-deployment';
export * from './errors';
export { BREAK_GLASS } from './hook/break-glass';
export { createHook, type HookHandler } from './hook/create-hook';
export { HOOK_RECORD, HOOK_RECORDS, type HookRecord, hookRecordOf } from './hook/hook-record';
export type { LambdaContextLike } from './hook/lambda-context';
export {
  type HookHandlerContext,
  type MiddlewareOptions,
  type MiddyMiddlewareLike,
  type MiddyRequestLike,
  shiftguardMiddleware,
} from './hook/middy';
export type { HookOptions } from './hook/options';
export { type RunChecksOptions, type RunChecksResult, runChecks } from './hook/run-checks';
export { type HookTimeSplit, type HookTimeSplitOptions, hookTimeSplit } from './hook/time-split';
export { type PlanBudget, type PlanBudgetOptions, planBudgetOf } from './plan/budget';
export {
  type Check,
  type CheckContext,
  type DefineCheckOptions,
  defineCheck,
  type PlannedMs,
} from './plan/check';
export { type ParallelOptions, parallel } from './plan/parallel';
export { type CheckPass, isCheckPass, passWith } from './plan/pass';
export { dryRun, onlyIn, warnOnly } from './plan/policy';
export { type CheckResult, type CheckStatus, isBlockingResult } from './plan/result';
export { type ExponentialBackoff, type RetryOptions, retry } from './plan/retry';
export { type RunPlanOptions, runPlan } from './plan/runner';
export { type SequenceOptions, sequence } from './plan/sequence';
export { timeout } from './plan/timeout';
export type { HookStatus, VerdictReport } from './report/verdict';
export type { HookLogger } from './telemetry/logger';
export { type HookMetrics, METRIC_NAMES, type SingleMetric } from './telemetry/metrics';
