/** Prefix of the `user-agent` that marks invocations made by shiftguard hooks. */
export const HOOK_USER_AGENT_PREFIX = 'shiftguard/';

/** The `user-agent` a hook's invocations carry in `clientContext.Custom`, naming the lifecycle event. */
export function hookUserAgent(lifecycleEvent: string): string {
  return `${HOOK_USER_AGENT_PREFIX}lambda (${lifecycleEvent})`;
}

interface ContextLike {
  clientContext?: { Custom?: Record<string, unknown>; custom?: Record<string, unknown> } | null;
}

/**
 * True when the function is being invoked by a shiftguard hook (smoke test), so it can skip side
 * effects: no real order, no email, no charge.
 *
 * @example
 * ```ts
 * export const handler = async (event, context) => {
 *   if (isHookInvocation(event, context)) return { statusCode: 200, body: 'smoke ok' };
 *   ...
 * };
 * ```
 */
export function isHookInvocation(event: unknown, context: unknown): boolean {
  const clientContext = (context as ContextLike | null | undefined)?.clientContext;
  const custom = clientContext?.Custom ?? clientContext?.custom;
  if (isHookAgent(custom?.['user-agent'])) return true;
  const headers = (event as { headers?: Record<string, unknown> | null } | null | undefined)?.headers;
  if (!headers || typeof headers !== 'object') return false;
  return Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === 'user-agent' && isHookAgent(value),
  );
}

function isHookAgent(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(HOOK_USER_AGENT_PREFIX);
}
