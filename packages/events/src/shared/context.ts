import { fail, optionalInstant, optionalString, type UnknownRecord } from './validate';

/** Options every builder takes: where and when the event happens. */
export interface EventContextOptions {
  /**
   * When the event happens; every timestamp in it derives from this. Default: the current time. Give
   * one to build the same event twice (ids stay random unless overridden).
   */
  now?: Date | number;
  /** AWS Region of the event source. Default `us-east-1`. */
  region?: string;
  /** Account that owns the event source. Default `123456789012`, the account AWS documents use. */
  accountId?: string;
}

/** Region used when none is given. */
export const DEFAULT_REGION = 'us-east-1';
/** Account used when none is given: the placeholder AWS documentation uses everywhere. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

export const CONTEXT_KEYS = ['now', 'region', 'accountId'] as const;

export interface EventContext {
  readonly now: Date;
  readonly region: string;
  readonly accountId: string;
}

// Loose on purpose: enough to catch "us-east1" or "US-EAST-1" in an ARN, not a list of live Regions.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;

export function readContext(record: UnknownRecord, what: string): EventContext {
  const region = optionalString(record, 'region', what) ?? DEFAULT_REGION;
  if (!REGION.test(region)) fail(`${what}.region must look like "us-east-1", got ${JSON.stringify(region)}`);
  const accountId = optionalString(record, 'accountId', what) ?? DEFAULT_ACCOUNT_ID;
  if (!ACCOUNT_ID.test(accountId)) {
    fail(`${what}.accountId must be 12 digits, got ${JSON.stringify(accountId)}`);
  }
  return { now: optionalInstant(record, 'now', what) ?? new Date(), region, accountId };
}
