import { attachHookRecord } from './hook-record';
import { HookRuntime } from './hook-runtime';
import type { LambdaContextLike } from './lambda-context';
import { type HookOptions, validateHookOptions } from './options';

/** The Lambda handler `createHook` returns. */
export type HookHandler = (event: unknown, context?: LambdaContextLike) => Promise<void>;

/**
 * Creates a CodeDeploy lifecycle hook handler that judges the new version with `checks` and reports
 * `Succeeded` or `Failed` exactly once, before the Lambda deadline, whatever the checks do.
 *
 * The handler carries a {@link HookRecord} (`hookRecordOf(handler)`): its plan's time budget, read by
 * tools that load the module without running it.
 *
 * @throws InvalidOptionsError at construction (cold start) when options are wrong, naming the key.
 * @example
 * ```ts
 * export const handler = createHook({
 *   checks: [
 *     defineCheck('version-is-new', (ctx) => {
 *       if (ctx.target.targetVersion === ctx.target.currentVersion) throw new CheckFailure('same version');
 *     }),
 *   ],
 * });
 * ```
 */
export function createHook(options: HookOptions): HookHandler {
  const runtime = new HookRuntime(validateHookOptions(options));
  const handler: HookHandler = async (event, context) => {
    const invocation = runtime.begin(event, context);
    await invocation.judge(runtime.options.checks);
    await invocation.report();
  };
  // So a tool that loads this module (a template doctor) can read the plan's time budget.
  return attachHookRecord(handler, {
    kind: 'createHook',
    checks: runtime.options.checks,
    reserveMs: runtime.options.reserveMs,
    lifecycleEvent: runtime.options.lifecycleEvent,
  });
}
