import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent, StreamRecord } from 'aws-lambda';
import { randomHex } from '../shared/aws-formats';
import { CONTEXT_KEYS, type EventContextOptions, readContext } from '../shared/context';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import { marshallItem } from '../shared/marshall';
import {
  describeType,
  fail,
  isPlainObject,
  oneOf,
  optionalBoolean,
  optionalInstant,
  optionalString,
  readOptions,
  readOverrides,
  requireArray,
  setOwn,
} from '../shared/validate';

export type DynamoDbStreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';
export type DynamoDbStreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** One item change of a {@link dynamoDbStreamEvent}, with items as plain JavaScript objects. */
export interface DynamoDbStreamChange {
  /** Default: from the images given — both `MODIFY`, only the new one `INSERT`, only the old one `REMOVE`. */
  eventName?: DynamoDbStreamEventName;
  /** The item's key. Default: the stream's `keyAttributes` picked from the new (else old) image. */
  keys?: Record<string, unknown>;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  /** A `REMOVE` done by TTL expiry: the record then names the DynamoDB service as its user identity. */
  ttlExpired?: boolean;
  /** `ApproximateCreationDateTime` (sent in epoch seconds). Default: the event's `now`. */
  createdAt?: Date | number;
  /** Merged into this record last ({@link deepMerge}: arrays replaced). */
  overrides?: DeepPartial<DynamoDBRecord>;
}

/** The table and stream the changes of a {@link dynamoDbStreamEvent} come from. */
export interface DynamoDbStreamEventOptions extends EventContextOptions {
  /** Default `SmokeTable`. */
  tableName?: string;
  /** Names of the key attributes (partition, then sort), to read `Keys` from the images of changes without `keys`. */
  keyAttributes?: readonly string[];
  /** Which images the stream carries. Default `NEW_AND_OLD_IMAGES`. */
  streamViewType?: DynamoDbStreamViewType;
  /** The stream label in the ARN (its creation time). Default `2024-01-01T00:00:00.000`. */
  streamLabel?: string;
}

const KEYS = [...CONTEXT_KEYS, 'tableName', 'keyAttributes', 'streamViewType', 'streamLabel'] as const;
const CHANGE_KEYS = [
  'eventName',
  'keys',
  'newImage',
  'oldImage',
  'ttlExpired',
  'createdAt',
  'overrides',
] as const;
const VIEW_TYPES: readonly DynamoDbStreamViewType[] = [
  'KEYS_ONLY',
  'NEW_IMAGE',
  'OLD_IMAGE',
  'NEW_AND_OLD_IMAGES',
];
const EVENT_NAMES: readonly DynamoDbStreamEventName[] = ['INSERT', 'MODIFY', 'REMOVE'];
const WHAT = 'dynamoDbStreamEvent';

/**
 * Builds the batch a DynamoDB stream event source mapping hands to Lambda. Items are given as plain
 * objects and marshalled ({@link marshallItem}); the stream view type decides which images records
 * carry, as it does on AWS, and a change must supply the images its view type needs (a `MODIFY` on a
 * `NEW_AND_OLD_IMAGES` stream needs both). `overrides` are merged last ({@link deepMerge}).
 *
 * @throws InvalidEventOptionsError for no records, missing images or keys, unmarshallable values, or bad options.
 * @example
 * ```ts
 * const event = dynamoDbStreamEvent(
 *   [{ oldImage: { pk: 'order#42', status: 'NEW' }, newImage: { pk: 'order#42', status: 'PAID' } }],
 *   { tableName: 'Orders', keyAttributes: ['pk'] },
 * );
 * // event.Records[0].eventName → 'MODIFY'; .dynamodb.Keys → { pk: { S: 'order#42' } }
 * ```
 */
export function dynamoDbStreamEvent(
  changes: readonly DynamoDbStreamChange[],
  options?: DynamoDbStreamEventOptions,
  overrides?: DeepPartial<DynamoDBStreamEvent>,
): DynamoDBStreamEvent {
  const list = requireArray(changes, `${WHAT} records`);
  if (list.length === 0) fail(`${WHAT} needs at least one record`);
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const context = readContext(record, WHAT);
  const tableName = optionalString(record, 'tableName', WHAT) ?? 'SmokeTable';
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    fail(
      `${WHAT}.tableName must be 3-255 letters, digits, "_", "-" or ".", got ${JSON.stringify(tableName)}`,
    );
  }
  const keyAttributes = readKeyAttributes(record.keyAttributes);
  const viewType = oneOf(record, 'streamViewType', WHAT, VIEW_TYPES) ?? 'NEW_AND_OLD_IMAGES';
  const streamLabel = optionalString(record, 'streamLabel', WHAT) ?? '2024-01-01T00:00:00.000';
  const eventSourceARN = `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${tableName}/stream/${streamLabel}`;
  const carriesNew = viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  const carriesOld = viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';

  const Records = list.map((entry, index): DynamoDBRecord => {
    const what = `${WHAT} records[${index}]`;
    if (!isPlainObject(entry)) fail(`${what} must be an object, got ${describeType(entry)}`);
    readOptions(entry, what, CHANGE_KEYS);
    const newImage = readImage(entry.newImage, `${what}.newImage`);
    const oldImage = readImage(entry.oldImage, `${what}.oldImage`);
    const eventName =
      oneOf(entry, 'eventName', what, EVENT_NAMES) ?? inferEventName(newImage, oldImage, what);
    if (eventName === 'INSERT' && oldImage) fail(`${what} is an INSERT, which has no oldImage`);
    if (eventName === 'REMOVE' && newImage) fail(`${what} is a REMOVE, which has no newImage`);
    const needsNew = carriesNew && eventName !== 'REMOVE';
    const needsOld = carriesOld && eventName !== 'INSERT';
    if (needsNew && !newImage)
      fail(`${what} needs a newImage: a ${viewType} stream carries it for ${eventName}`);
    if (needsOld && !oldImage)
      fail(`${what} needs an oldImage: a ${viewType} stream carries it for ${eventName}`);
    const ttlExpired = optionalBoolean(entry, 'ttlExpired', what) ?? false;
    if (ttlExpired && eventName !== 'REMOVE') fail(`${what}.ttlExpired is only for REMOVE records`);
    const createdAt = optionalInstant(entry, 'createdAt', what) ?? context.now;

    const keys = readKeys(entry.keys, keyAttributes, newImage ?? oldImage, what);
    const NewImage = needsNew && newImage ? marshallItem(newImage, `${what}.newImage`) : undefined;
    const OldImage = needsOld && oldImage ? marshallItem(oldImage, `${what}.oldImage`) : undefined;
    const streamRecord: StreamRecord = {
      ApproximateCreationDateTime: Math.floor(createdAt.getTime() / 1000),
      Keys: keys,
      ...(NewImage ? { NewImage } : {}),
      ...(OldImage ? { OldImage } : {}),
      // 28 digits growing with time, the shape of real shard sequence numbers.
      SequenceNumber: (BigInt(createdAt.getTime()) * 10n ** 15n + BigInt(index)).toString(),
      SizeBytes: [keys, NewImage, OldImage].reduce((total, map) => total + (map ? mapSize(map) : 0), 0),
      StreamViewType: viewType,
    };
    const dynamoRecord: DynamoDBRecord = {
      eventID: randomHex(16),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: context.region,
      dynamodb: streamRecord,
      eventSourceARN,
      ...(ttlExpired ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
    };
    return deepMerge(
      dynamoRecord,
      readOverrides(entry.overrides, what) as DeepPartial<DynamoDBRecord> | undefined,
    );
  });
  return deepMerge({ Records }, checkedOverrides as DeepPartial<DynamoDBStreamEvent> | undefined);
}

function readKeyAttributes(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 2 ||
    value.some((name) => typeof name !== 'string' || name === '')
  ) {
    fail(`${WHAT}.keyAttributes must be one or two attribute names (partition key, then sort key)`);
  }
  return value as string[];
}

function readImage(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(`${what} must be a plain object, got ${describeType(value)}`);
  return value;
}

function inferEventName(
  newImage: Record<string, unknown> | undefined,
  oldImage: Record<string, unknown> | undefined,
  what: string,
): DynamoDbStreamEventName {
  if (newImage && oldImage) return 'MODIFY';
  if (newImage) return 'INSERT';
  if (oldImage) return 'REMOVE';
  return fail(`${what} needs an eventName, or a newImage and/or oldImage to infer it from`);
}

function readKeys(
  value: unknown,
  keyAttributes: readonly string[] | undefined,
  image: Record<string, unknown> | undefined,
  what: string,
): Record<string, AttributeValue> {
  if (value !== undefined) {
    if (!isPlainObject(value) || Object.keys(value).length === 0) {
      fail(`${what}.keys must be a non-empty plain object, got ${describeType(value)}`);
    }
    return marshallItem(value, `${what}.keys`);
  }
  if (!keyAttributes) fail(`${what} needs keys, or keyAttributes in the options to read them from its image`);
  if (!image) fail(`${what} needs keys: it has no image to read ${keyAttributes.join(', ')} from`);
  const keys: Record<string, unknown> = {};
  for (const name of keyAttributes) {
    if (!Object.hasOwn(image, name) || image[name] === undefined) {
      fail(`${what} image has no key attribute ${JSON.stringify(name)}`);
    }
    setOwn(keys, name, image[name]);
  }
  return marshallItem(keys, `${what}.keys`);
}

/** DynamoDB's item-size rules, close enough for `SizeBytes`: names plus values, numbers ~1 byte per 2 digits. */
function mapSize(map: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(map)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, item) => sum + Buffer.byteLength(item), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, item) => sum + numberSize(item), 0);
  if (value.BS !== undefined)
    return value.BS.reduce((sum, item) => sum + Buffer.from(item, 'base64').length, 0);
  if (value.L !== undefined) return value.L.reduce((sum, item) => sum + 1 + valueSize(item), 3);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + mapSize(value.M);
  return 0;
}

function numberSize(text: string): number {
  const digits = text.replace(/^-|[.]|e.*$/gi, '').replace(/^0+/, '').length;
  return Math.ceil(digits / 2) + 1;
}
