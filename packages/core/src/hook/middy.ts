import type { DeploymentContext } from '../deployment/deployment-context';
import { InvalidOptionsError } from '../errors';
import type { Check } from '../plan/check';
import { resultOfThrown } from '../plan/result';
import type { HookInvocation } from './hook-invocation';
import { attachHookRecord } from './hook-record';
import { HookRuntime } from './hook-runtime';
import type { LambdaContextLike } from './lambda-context';
import { type HookOptions, validateHookOptions } from './options';

/**
 * The parts of middy's request this middleware touches. Mirrored here rather than imported so that
 * `@middy/core` stays an optional peer: users without middy never load it.
 */
export interface MiddyRequestLike {
  event: unknown;
  context: LambdaContextLike;
  response: unknown;
  error: unknown;
}

/** middy's middleware object shape (`{ before, after, onError }`). */
export interface MiddyMiddlewareLike {
  before: (request: MiddyRequestLike) => Promise<unknown>;
  after: (request: MiddyRequestLike) => Promise<void>;
  onError: (request: MiddyRequestLike) => Promise<void>;
}

/** What the handler finds on `context.shiftguard` under the middleware. */
export interface HookHandlerContext extends DeploymentContext {
  /** Fires at the hook's deadline; pass it to your calls. */
  readonly signal: AbortSignal;
  remainingTimeMs(): number;
}

/** Options of {@link shiftguardMiddleware}: the hook options, with the plan optional. */
export type MiddlewareOptions = Omit<HookOptions, 'checks'> & {
  /** Checks to run before the handler. The handler's own success or throw is judged too. */
  checks?: Check | readonly Check[];
  /** Name of the handler in the verdict report. Default `handler`. */
  handlerCheckName?: string;
};

/**
 * The middy form of `createHook`: `before` resolves the deployment and runs `checks`; the handler then
 * runs as one more required check (throw to fail) with `context.shiftguard` describing the target;
 * `after` or `onError` reports exactly once. A handler error is reported as `Failed` and not rethrown,
 * so Lambda does not retry a hook that already reported. The middleware carries a {@link HookRecord}
 * (`hookRecordOf(middleware)`): its plan's time budget, the handler counted as unbounded.
 *
 * @example
 * ```ts
 * export const handler = middy(async (_event, context) => {
 *   const { target } = (context as { shiftguard: HookHandlerContext }).shiftguard;
 *   await smokeTest(target.qualifiedArn);
 * }).use(shiftguardMiddleware({ checks: [versionIsNew] }));
 * ```
 */
export function shiftguardMiddleware(options: MiddlewareOptions = {}): MiddyMiddlewareLike {
  const { handlerCheckName = 'handler', ...hookOptions } = options;
  if (typeof handlerCheckName !== 'string' || handlerCheckName.trim() === '') {
    throw new InvalidOptionsError('handlerCheckName must be a non-empty string');
  }
  // The plan may be left out here: the handler itself is the check.
  const runtime = new HookRuntime(validateHookOptions(hookOptions, { checksRequired: false }));
  const plan = hookOptions.checks;
  const invocations = new WeakMap<
    MiddyRequestLike,
    { invocation: HookInvocation; handlerStartedAt: number; handlerReturned: boolean }
  >();
  const invocationOf = (request: MiddyRequestLike) => {
    let entry = invocations.get(request);
    if (!entry) {
      entry = {
        invocation: runtime.begin(request.event, request.context),
        handlerStartedAt: runtime.clock.now(),
        handlerReturned: false,
      };
      invocations.set(request, entry);
    }
    return entry;
  };

  const middleware: MiddyMiddlewareLike = {
    before: async (request) => {
      const { invocation } = invocationOf(request);
      await invocation.judge(plan);
      if (invocation.isSettled()) {
        await invocation.report();
        // Skip the handler: the verdict is already known and reported.
        return null;
      }
      const deployment = invocation.deploymentContext!;
      const handlerContext: HookHandlerContext = {
        ...deployment,
        signal: invocation.signal,
        remainingTimeMs: () => invocation.remainingPlanTimeMs(),
      };
      Object.assign(request.context, { shiftguard: handlerContext });
      invocation.failAtDeadline(`the ${handlerCheckName}`);
      invocationOf(request).handlerStartedAt = runtime.clock.now();
      return undefined;
    },
    after: async (request) => {
      const entry = invocations.get(request);
      if (!entry) return;
      entry.handlerReturned = true;
      entry.invocation.addResult({
        name: handlerCheckName,
        status: 'pass',
        required: true,
        durationMs: Math.round(runtime.clock.now() - entry.handlerStartedAt),
      });
      await entry.invocation.report();
    },
    onError: async (request) => {
      // Also reached when another middleware failed before ours ran: CodeDeploy still hears Failed.
      const entry = invocationOf(request);
      // The handler returned and we reported; a later middleware's `after` threw: not ours to hide.
      if (entry.handlerReturned && entry.invocation.hasReported()) return;
      entry.invocation.addResult(
        resultOfThrown(
          handlerCheckName,
          request.error,
          Math.round(runtime.clock.now() - entry.handlerStartedAt),
        ),
      );
      await entry.invocation.report();
      // Reported Failed: the error is handled, so Lambda does not retry the hook for nothing.
      request.response ??= null;
    },
  };
  // Middy's handler keeps no link to it: a tool finds it through the registry (see HOOK_RECORDS).
  return attachHookRecord(middleware, {
    kind: 'shiftguardMiddleware',
    checks: plan,
    reserveMs: runtime.options.reserveMs,
    lifecycleEvent: runtime.options.lifecycleEvent,
  });
}
