import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { isoSeconds } from '../shared/aws-formats';
import { CONTEXT_KEYS, type EventContextOptions, readContext } from '../shared/context';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import {
  describeType,
  fail,
  isPlainObject,
  optionalString,
  readOptions,
  readOverrides,
} from '../shared/validate';

/** Where an {@link eventBridgeEvent} comes from. */
export interface EventBridgeEventOptions extends EventContextOptions {
  /** The `source` field. Default `shiftguard.smoke`, so a rule or a log can tell smoke events apart. */
  source?: string;
  /** ARNs the event is about. Default none. */
  resources?: readonly string[];
  /** Default: a random UUID. */
  id?: string;
}

const KEYS = [...CONTEXT_KEYS, 'source', 'resources', 'id'] as const;
const WHAT = 'eventBridgeEvent';

/**
 * Builds the event an EventBridge rule delivers to a Lambda target: version `0`, `time` to the second
 * as EventBridge writes it, `detail` as given (always a JSON object). `overrides` are merged last
 * ({@link deepMerge}: arrays replaced).
 *
 * @throws InvalidEventOptionsError for an empty detail type, a detail that is not an object, or bad options.
 * @example
 * ```ts
 * const event = eventBridgeEvent('OrderPlaced', { orderId: 42 }, { source: 'com.example.orders' });
 * ```
 */
export function eventBridgeEvent<TDetailType extends string, TDetail>(
  detailType: TDetailType,
  detail: TDetail,
  options?: EventBridgeEventOptions,
  overrides?: DeepPartial<EventBridgeEvent<TDetailType, TDetail>>,
): EventBridgeEvent<TDetailType, TDetail> {
  if (typeof detailType !== 'string' || detailType.trim() === '') {
    fail(`${WHAT} detailType must be a non-empty string, got ${describeType(detailType)}`);
  }
  if (!isPlainObject(detail)) fail(`${WHAT} detail must be an object, got ${describeType(detail)}`);
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const context = readContext(record, WHAT);
  const resources = record.resources;
  if (
    resources !== undefined &&
    (!Array.isArray(resources) || resources.some((arn) => typeof arn !== 'string'))
  ) {
    fail(`${WHAT}.resources must be an array of ARN strings`);
  }
  const event: EventBridgeEvent<TDetailType, TDetail> = {
    version: '0',
    id: optionalString(record, 'id', WHAT) ?? randomUUID(),
    'detail-type': detailType,
    source: optionalString(record, 'source', WHAT) ?? 'shiftguard.smoke',
    account: context.accountId,
    time: isoSeconds(context.now),
    region: context.region,
    resources: [...((resources as readonly string[] | undefined) ?? [])],
    detail,
  };
  return deepMerge(
    event,
    checkedOverrides as DeepPartial<EventBridgeEvent<TDetailType, TDetail>> | undefined,
  );
}
