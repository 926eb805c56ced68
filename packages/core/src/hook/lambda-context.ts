import type { HookLogger } from '../telemetry/logger';

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
export const MAX_BUDGET_MS = 15 * 60_000;

/** The invocation's remaining time, clamped to what Lambda allows; a fallback when the context cannot tell. */
export function remainingTime(context: LambdaContextLike | undefined, logger: HookLogger): number {
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
