/**
 * Prefix of the `user-agent` that marks invocations made by shiftguard hooks. The reader matches only
 * the prefix, so a marker written by a newer invoker still counts.
 */
export const HOOK_USER_AGENT_PREFIX = 'shiftguard/';

/**
 * The `user-agent` a hook's invocations carry in `clientContext.Custom`, naming the lifecycle event:
 * the marker the invoking side writes, which {@link isHookInvocation} reads.
 *
 * @example
 * ```ts
 * hookUserAgent('BeforeAllowTraffic'); // 'shiftguard/lambda (BeforeAllowTraffic)'
 * ```
 */
export function hookUserAgent(lifecycleEvent: string): string {
  return `${HOOK_USER_AGENT_PREFIX}lambda (${lifecycleEvent})`;
}

interface ContextLike {
  clientContext?: { Custom?: Record<string, unknown>; custom?: Record<string, unknown> } | null;
}

/**
 * True when the function is being invoked by a shiftguard hook (smoke test), so it can skip side
 * effects: no real order, no email, no charge. Only the client context counts — only callers allowed
 * to invoke the function directly can set it; an HTTP `User-Agent` header could come from anyone.
 *
 * @example
 * ```ts
 * export const handler = async (event, context) => {
 *   if (isHookInvocation(event, context)) return { statusCode: 200, body: 'smoke ok' };
 *   ...
 * };
 * ```
 */
export function isHookInvocation(_event: unknown, context: unknown): boolean {
  const clientContext = (context as ContextLike | null | undefined)?.clientContext;
  const agent = (clientContext?.Custom ?? clientContext?.custom)?.['user-agent'];
  return typeof agent === 'string' && agent.startsWith(HOOK_USER_AGENT_PREFIX);
}
