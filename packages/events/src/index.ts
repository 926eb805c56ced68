export * from './builders';
export { EventsError, InvalidEventOptionsError } from './errors';
export { HOOK_USER_AGENT_PREFIX, hookUserAgent, isHookInvocation } from './hook-traffic';
