import type { Validator } from '@shiftguard/kit';
import { inputValidator } from '../validate';
import type { InvocationFilter, InvocationStatus, InvocationType, LambdaInvocationRecord } from './types';

/** A record while the invocation is under way; readers get frozen copies. */
export interface InvocationEntry {
  requestId: string;
  functionName: string;
  qualifier: string | undefined;
  executedVersion: string | undefined;
  invocationType: InvocationType;
  event: unknown;
  clientContext: unknown;
  status: InvocationStatus;
  readonly receivedAt: number;
  durationMs: number | undefined;
  payload: string | undefined;
  error: { readonly errorType: string; readonly errorMessage: string } | undefined;
  fault: string | undefined;
  log: () => string;
  readonly attempt: number;
  readonly duplicate: boolean;
}

const STATUSES: readonly InvocationStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timedOut',
  'throttled',
  'rejected',
  'dryRun',
];
const TYPES: readonly InvocationType[] = ['RequestResponse', 'Event', 'DryRun'];
const FILTER_KEYS = ['functionName', 'qualifier', 'executedVersion', 'status', 'invocationType'] as const;

/** How many invocation records an emulator keeps unless told otherwise. */
export const DEFAULT_INVOCATION_HISTORY = 10_000;

/**
 * The last `limit` Invoke calls in arrival order. Bounded, so a long-running emulator does not grow
 * without end; what is running or queued is counted apart ({@link InvocationActivity}), whichever records
 * are kept.
 */
export class InvocationJournal {
  private entries: (InvocationEntry | undefined)[] = [];
  /** Index of the oldest kept entry: dropping from the front is a move of this index, not a shift. */
  private first = 0;

  constructor(private readonly limit: number = DEFAULT_INVOCATION_HISTORY) {}

  add(entry: InvocationEntry): InvocationEntry {
    if (this.limit === 0) return entry;
    this.entries.push(entry);
    if (this.entries.length - this.first > this.limit) {
      this.entries[this.first] = undefined;
      this.first += 1;
      // Compact once the dropped prefix is as long as what is kept: amortized O(1) per add.
      if (this.first >= this.limit) {
        this.entries = this.entries.slice(this.first);
        this.first = 0;
      }
    }
    return entry;
  }

  /** Forgets every record; invocations still running finish and are counted by `idle()` as before. */
  clear(): void {
    this.entries = [];
    this.first = 0;
  }

  list(filter: InvocationFilter | undefined): LambdaInvocationRecord[] {
    const wanted = checkFilter(filter);
    return this.entries
      .slice(this.first)
      .filter(
        (entry): entry is InvocationEntry =>
          entry !== undefined &&
          (wanted.functionName === undefined || entry.functionName === wanted.functionName) &&
          (wanted.qualifier === undefined || entry.qualifier === wanted.qualifier) &&
          (wanted.executedVersion === undefined || entry.executedVersion === wanted.executedVersion) &&
          (wanted.status === undefined || entry.status === wanted.status) &&
          (wanted.invocationType === undefined || entry.invocationType === wanted.invocationType),
      )
      .map(invocationRecord);
  }
}

/** What a reader gets of an entry: a frozen copy as it stands now. */
export function invocationRecord(entry: InvocationEntry): LambdaInvocationRecord {
  return Object.freeze({
    requestId: entry.requestId,
    functionName: entry.functionName,
    qualifier: entry.qualifier,
    executedVersion: entry.executedVersion,
    invocationType: entry.invocationType,
    event: entry.event,
    clientContext: entry.clientContext,
    status: entry.status,
    receivedAt: entry.receivedAt,
    durationMs: entry.durationMs,
    payload: entry.payload,
    error: entry.error,
    fault: entry.fault,
    log: entry.log(),
    attempt: entry.attempt,
    duplicate: entry.duplicate,
  });
}

function checkFilter(filter: InvocationFilter | undefined): InvocationFilter {
  if (filter === undefined) return {};
  const v: Validator = inputValidator('invocations() filter');
  const value = v.object(filter, '', FILTER_KEYS);
  return {
    functionName: v.string(value.functionName, 'functionName'),
    qualifier: v.string(value.qualifier, 'qualifier'),
    executedVersion: v.string(value.executedVersion, 'executedVersion'),
    status: v.oneOf(value.status, 'status', STATUSES),
    invocationType: v.oneOf(value.invocationType, 'invocationType', TYPES),
  };
}
