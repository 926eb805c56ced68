export * from './errors';
export { type CodeDeployHookEvent, type HookInvocationIds, parseHookEvent } from './event';
