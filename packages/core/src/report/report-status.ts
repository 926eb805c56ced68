import {
  type CodeDeployClient,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import {
  type AwsCallOptions,
  callAws,
  describeThrown,
  isTransientAwsError,
  redactText,
} from '@shiftguard/kit';
import type { HookInvocationIds } from '../deployment/event';
import { ReportError } from '../errors';

function answeredByService(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

import type { HookStatus } from './verdict';

/** How the one PutLifecycleEventHookExecutionStatus of a run ended. */
export type ReportOutcome =
  | { readonly kind: 'reported'; readonly attempts: number }
  /** Another delivery of the same event reported first; nothing is wrong. */
  | { readonly kind: 'already-completed'; readonly attempts: number }
  /** CodeDeploy answered with a 4xx no retry can fix (bad ids, access denied). */
  | { readonly kind: 'rejected'; readonly attempts: number; readonly error: unknown };

/**
 * Sends the hook's status, retrying throttling, 5xx and network errors until `call.deadlineAt`.
 *
 * @throws ReportError when transient failures outlast the deadline, so Lambda's own retry can try again.
 */
export async function reportStatus(
  client: CodeDeployClient,
  ids: HookInvocationIds,
  status: HookStatus,
  call: AwsCallOptions,
): Promise<ReportOutcome> {
  const input = { deploymentId: ids.deploymentId, lifecycleEventHookExecutionId: ids.executionId, status };
  try {
    const { attempts } = await callAws(
      (abortSignal) => client.send(new PutLifecycleEventHookExecutionStatusCommand(input), { abortSignal }),
      call,
    );
    return { kind: 'reported', attempts };
  } catch (error) {
    const attempts = (error as { shiftguardAttempts?: number } | null)?.shiftguardAttempts ?? 1;
    if ((error as { name?: string } | null)?.name === 'LifecycleEventAlreadyCompletedException') {
      return { kind: 'already-completed', attempts };
    }
    if (!isTransientAwsError(error) && answeredByService(error)) return { kind: 'rejected', attempts, error };
    // Transient failures past the deadline, and client-side failures (bad endpoint, no credentials,
    // no region): throw, so the invocation fails visibly and Lambda's retry gets another chance.
    throw new ReportError(
      `could not report ${status} for deployment ${ids.deploymentId} after ${attempts} attempt(s): ${redactText(describeThrown(error))}`,
      { cause: error },
    );
  }
}
