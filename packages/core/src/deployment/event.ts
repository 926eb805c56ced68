import { typeName } from '@shiftguard/kit';
import { MalformedEventError } from '../errors';

/** The event CodeDeploy sends to a lifecycle hook function. */
export interface CodeDeployHookEvent {
  DeploymentId: string;
  LifecycleEventHookExecutionId: string;
}

/** The two identifiers a hook needs to report, read from its event. */
export interface HookInvocationIds {
  deploymentId: string;
  executionId: string;
}

const MAX_ID_LENGTH = 1024;

function readId(event: Record<string, unknown>, key: keyof CodeDeployHookEvent): string {
  const value = event[key];
  if (value === undefined) throw new MalformedEventError(`hook event is missing ${key}`);
  if (typeof value !== 'string') {
    throw new MalformedEventError(`hook event ${key} must be a string, got ${typeName(value)}`);
  }
  if (value.trim() === '') throw new MalformedEventError(`hook event ${key} is empty`);
  if (value.length > MAX_ID_LENGTH) {
    throw new MalformedEventError(`hook event ${key} is ${value.length} characters, over ${MAX_ID_LENGTH}`);
  }
  return value;
}

/**
 * Reads the deployment and hook execution ids from a CodeDeploy lifecycle event.
 *
 * @throws MalformedEventError naming the missing or mistyped field.
 * @example
 * ```ts
 * const { deploymentId, executionId } = parseHookEvent(event);
 * ```
 */
export function parseHookEvent(event: unknown): HookInvocationIds {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new MalformedEventError(`hook event must be an object, got ${typeName(event)}`);
  }
  const record = event as Record<string, unknown>;
  return {
    deploymentId: readId(record, 'DeploymentId'),
    executionId: readId(record, 'LifecycleEventHookExecutionId'),
  };
}
