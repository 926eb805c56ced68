import type { S3Event, S3EventRecord } from 'aws-lambda';
import { md5Hex, randomBase64, randomHex } from '../shared/aws-formats';
import { CONTEXT_KEYS, type EventContextOptions, readContext } from '../shared/context';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import { s3EventKey } from '../shared/url-encoding';
import {
  describeType,
  fail,
  isPlainObject,
  oneOf,
  optionalInstant,
  optionalInteger,
  optionalString,
  readOptions,
  readOverrides,
  requireArray,
  show,
} from '../shared/validate';

/** Event types S3 notifications name (without the `s3:` prefix of the configuration). */
export const S3_EVENT_NAMES = [
  'ObjectCreated:Put',
  'ObjectCreated:Post',
  'ObjectCreated:Copy',
  'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete',
  'ObjectRemoved:DeleteMarkerCreated',
  'ObjectRestore:Post',
  'ObjectRestore:Completed',
  'ObjectRestore:Delete',
  'ReducedRedundancyLostObject',
  'Replication:OperationFailedReplication',
  'Replication:OperationMissedThreshold',
  'Replication:OperationReplicatedAfterThreshold',
  'Replication:OperationNotTracked',
  'LifecycleExpiration:Delete',
  'LifecycleExpiration:DeleteMarkerCreated',
  'LifecycleTransition',
  'IntelligentTiering',
  'ObjectTagging:Put',
  'ObjectTagging:Delete',
  'ObjectAcl:Put',
] as const;

export type S3EventName = (typeof S3_EVENT_NAMES)[number];

/** One object change of an {@link s3Event}. */
export interface S3ObjectChange {
  bucket: string;
  /** The key as stored (`photos/red flower.jpg`); the event carries it URL-encoded as S3 does. */
  key: string;
  /** Default `ObjectCreated:Put`. */
  eventName?: S3EventName;
  /** The object's bytes: give them for a consistent `size` and (single-part, unencrypted) `eTag`. */
  content?: string | Uint8Array;
  /** Default: the length of `content`, else 0. */
  size?: number;
  /** Default: MD5 of `content` (of nothing when neither is given). */
  eTag?: string;
  /** Only for versioned buckets. Default: absent. */
  versionId?: string;
  /** When S3 finished the request. Default: the event's `now`. */
  eventTime?: Date | number;
  /** Merged into this record last ({@link deepMerge}: arrays replaced). */
  overrides?: DeepPartial<S3EventRecord>;
}

/** Who caused the changes of an {@link s3Event} and how the notification is configured. */
export interface S3EventOptions extends EventContextOptions {
  /** The notification configuration id. Default `smoke-notification`. */
  configurationId?: string;
  /** `userIdentity.principalId`. Default: an IAM user, `AWS:AIDAEXAMPLEUSERID12`. */
  principalId?: string;
  /** `requestParameters.sourceIPAddress`. Default `192.0.2.1`. */
  sourceIp?: string;
}

const KEYS = [...CONTEXT_KEYS, 'configurationId', 'principalId', 'sourceIp'] as const;
const CHANGE_KEYS = [
  'bucket',
  'key',
  'eventName',
  'content',
  'size',
  'eTag',
  'versionId',
  'eventTime',
  'overrides',
] as const;
const WHAT = 's3Event';
// Bucket owners show as canonical-user-like ids in notifications; a fixed one keeps events comparable.
const OWNER_ID = 'A3NL1KOZZKExample';

/**
 * Builds an S3 event notification as Lambda receives it (event version 2.1): keys URL-encoded as S3
 * writes them (spaces become `+`, `/` stays), a sequencer per record, request ids of S3's shape.
 * Removal events (`ObjectRemoved:*`, `LifecycleExpiration:*`) carry no `size` or `eTag`, as on AWS,
 * even though `S3EventRecord` declares them. `overrides` are merged last ({@link deepMerge}).
 *
 * @throws InvalidEventOptionsError for no records, an unknown event name, option or bad type.
 * @example
 * ```ts
 * const event = s3Event([{ bucket: 'uploads', key: 'invoices/march 2024.pdf', content: pdfBytes }]);
 * // event.Records[0].s3.object.key → 'invoices/march+2024.pdf'
 * ```
 */
export function s3Event(
  changes: readonly S3ObjectChange[],
  options?: S3EventOptions,
  overrides?: DeepPartial<S3Event>,
): S3Event {
  const list = requireArray(changes, `${WHAT} records`);
  if (list.length === 0) fail(`${WHAT} needs at least one record`);
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const context = readContext(record, WHAT);
  const configurationId = optionalString(record, 'configurationId', WHAT) ?? 'smoke-notification';
  const principalId = optionalString(record, 'principalId', WHAT) ?? 'AWS:AIDAEXAMPLEUSERID12';
  const sourceIp = optionalString(record, 'sourceIp', WHAT) ?? '192.0.2.1';

  const Records = list.map((entry, index): S3EventRecord => {
    const what = `${WHAT} records[${index}]`;
    if (!isPlainObject(entry))
      fail(`${what} must be an object with bucket and key, got ${describeType(entry)}`);
    readOptions(entry, what, CHANGE_KEYS);
    const bucket = optionalString(entry, 'bucket', what);
    if (bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      fail(`${what}.bucket must be an S3 bucket name, got ${show(entry.bucket)}`);
    }
    const key = optionalString(entry, 'key', what);
    if (key === undefined) fail(`${what} needs a key`);
    const eventName = oneOf(entry, 'eventName', what, S3_EVENT_NAMES) ?? 'ObjectCreated:Put';
    const content = entry.content;
    if (content !== undefined && typeof content !== 'string' && !(content instanceof Uint8Array)) {
      fail(`${what}.content must be a string or a Uint8Array, got ${describeType(content)}`);
    }
    const size =
      optionalInteger(entry, 'size', what, 0) ?? (content === undefined ? 0 : Buffer.byteLength(content));
    const eTag = optionalString(entry, 'eTag', what) ?? md5Hex(content ?? '');
    const versionId = optionalString(entry, 'versionId', what);
    const eventTime = optionalInstant(entry, 'eventTime', what) ?? context.now;
    const removal = eventName.startsWith('ObjectRemoved:') || eventName.startsWith('LifecycleExpiration:');
    // Removal notifications have no size or eTag on AWS; the type declares them, so they are left out by cast.
    const object = {
      key: s3EventKey(key),
      ...(removal ? {} : { size, eTag }),
      ...(versionId !== undefined ? { versionId } : {}),
      sequencer: sequencer(eventTime, index),
    } as S3EventRecord['s3']['object'];

    const s3Record: S3EventRecord = {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: context.region,
      eventTime: eventTime.toISOString(),
      eventName,
      userIdentity: { principalId },
      requestParameters: { sourceIPAddress: sourceIp },
      responseElements: {
        'x-amz-request-id': randomHex(8).toUpperCase(),
        'x-amz-id-2': randomBase64(57),
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId,
        bucket: { name: bucket, ownerIdentity: { principalId: OWNER_ID }, arn: `arn:aws:s3:::${bucket}` },
        object,
      },
    };
    return deepMerge(
      s3Record,
      readOverrides(entry.overrides, what) as DeepPartial<S3EventRecord> | undefined,
    );
  });
  return deepMerge({ Records }, checkedOverrides as DeepPartial<S3Event> | undefined);
}

/** 18 upper-case hex digits growing with time, like S3's (comparable only for the same key). */
function sequencer(time: Date, index: number): string {
  return (BigInt(time.getTime()) * 1_000_000n + BigInt(index)).toString(16).toUpperCase().padStart(18, '0');
}
