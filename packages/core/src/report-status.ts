import {
  type CodeDeployClient,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { type AwsCallOptions, callAws, isTransientAwsError } from './aws-call';
import { ReportError } from './errors';
import type { HookInvocationIds } from './event';
import { describeThrown } from './thrown';
import type { HookStatus } from './verdict';

/** How the one PutLifecycleEventHookExecutionStatus of a run ended. */
export type ReportOutcome =
  | { readonly kind: 'reported'; readonly attempts: number }
  /** Another delivery of the same event reported first; nothing is wrong. */
  | { readonly kind: 'already-completed'; readonly attempts: number }
  /** CodeDeploy refused the report for a reason no retry can fix (bad ids, access denied). */
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
    if (!isTransientAwsError(error)) return { kind: 'rejected', attempts, error };
    throw new ReportError(
      `could not report ${status} for deployment ${ids.deploymentId} after ${attempts} attempt(s): ${describeThrown(error)}`,
      { cause: error },
    );
  }
}
