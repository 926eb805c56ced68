import { randomUUID } from 'node:crypto';
import { sha256Hex } from '@shiftguard/kit';
import type { SQSEvent, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { md5Hex, randomBase64 } from '../shared/aws-formats';
import { CONTEXT_KEYS, type EventContextOptions, readContext } from '../shared/context';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import { payloadText } from '../shared/payload';
import {
  md5OfMessageAttributes,
  type SqsMessageAttributeValue,
  sqsMessageAttributes,
} from '../shared/sqs-message-attributes';
import {
  fail,
  isPlainObject,
  optionalBoolean,
  optionalInstant,
  optionalInteger,
  optionalString,
  readOptions,
  readOverrides,
  requireArray,
} from '../shared/validate';

/** One message of an {@link sqsEvent}; a bare string is shorthand for `{ body: string }`. */
export interface SqsMessage {
  /** The message body: a string as is, anything else as its JSON text. */
  body: unknown;
  /** Default: a random UUID, as SQS assigns. */
  messageId?: string;
  messageAttributes?: Record<string, SqsMessageAttributeValue>;
  /** `ApproximateReceiveCount`: more than 1 is a redelivery. Default 1. */
  receiveCount?: number;
  /** When the producer sent it (`SentTimestamp`). Default: the event's `now`. */
  sentAt?: Date | number;
  /** `MessageGroupId`. FIFO queues: default `default`; standard (fair) queues: only when given. */
  messageGroupId?: string;
  /** FIFO only. Default: the SHA-256 of the body, as content-based deduplication makes it. */
  messageDeduplicationId?: string;
  /** Merged into this record last ({@link deepMerge}: arrays replaced). */
  overrides?: DeepPartial<SQSRecord>;
}

/** The queue the messages of an {@link sqsEvent} come from. */
export interface SqsEventOptions extends EventContextOptions {
  /** Default `smoke-queue`, or `smoke-queue.fifo` for a FIFO queue. */
  queueName?: string;
  /** Whether the queue is FIFO. Default: whether `queueName` ends in `.fifo`. */
  fifo?: boolean;
}

const KEYS = [...CONTEXT_KEYS, 'queueName', 'fifo'] as const;
const MESSAGE_KEYS = [
  'body',
  'messageId',
  'messageAttributes',
  'receiveCount',
  'sentAt',
  'messageGroupId',
  'messageDeduplicationId',
  'overrides',
] as const;
const WHAT = 'sqsEvent';
// An IAM user id, the kind of SenderId a producer with user credentials leaves (AWS's own example).
const SENDER_ID = 'AIDAIENQZJOLO23YVJ4VO';

/**
 * Builds the batch an SQS event source mapping hands to Lambda: one record per message with a real
 * `md5OfBody` (and `md5OfMessageAttributes` when there are attributes), `SentTimestamp` and
 * `ApproximateFirstReceiveTimestamp` in epoch milliseconds as strings, and for a FIFO queue
 * `MessageGroupId`, `MessageDeduplicationId` and increasing `SequenceNumber`s. `overrides` are merged
 * last ({@link deepMerge}: giving `Records` replaces them all; use a message's own `overrides` instead).
 *
 * @throws InvalidEventOptionsError for no messages, an unknown option or a wrongly typed one.
 * @example
 * ```ts
 * const event = sqsEvent(
 *   [{ body: { orderId: 42 }, messageGroupId: 'customer-7', messageAttributes: { tenant: 'acme' } }],
 *   { queueName: 'orders.fifo' },
 * );
 * ```
 */
export function sqsEvent(
  messages: readonly (SqsMessage | string)[],
  options?: SqsEventOptions,
  overrides?: DeepPartial<SQSEvent>,
): SQSEvent {
  const list = requireArray(messages, `${WHAT} messages`);
  if (list.length === 0)
    fail(`${WHAT} needs at least one message: Lambda is never invoked with an empty batch`);
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const context = readContext(record, WHAT);
  const fifoOption = optionalBoolean(record, 'fifo', WHAT);
  const queueName =
    optionalString(record, 'queueName', WHAT) ?? (fifoOption ? 'smoke-queue.fifo' : 'smoke-queue');
  if (!/^[A-Za-z0-9_-]{1,75}(\.fifo)?$/.test(queueName)) {
    fail(
      `${WHAT}.queueName must be letters, digits, "-" or "_" (and ".fifo"), got ${JSON.stringify(queueName)}`,
    );
  }
  const fifo = fifoOption ?? queueName.endsWith('.fifo');
  if (fifo !== queueName.endsWith('.fifo')) {
    fail(
      `${WHAT}.queueName ${JSON.stringify(queueName)} ${fifo ? 'must' : 'must not'} end in ".fifo" for ${fifo ? 'a FIFO' : 'a standard'} queue`,
    );
  }
  const eventSourceARN = `arn:aws:sqs:${context.region}:${context.accountId}:${queueName}`;

  const Records = list.map((entry, index): SQSRecord => {
    const what = `${WHAT} messages[${index}]`;
    const message = typeof entry === 'string' ? { body: entry } : entry;
    if (!isPlainObject(message)) fail(`${what} must be a string or an object with a body`);
    readOptions(message, what, MESSAGE_KEYS);
    if (!('body' in message) || message.body === undefined) fail(`${what} needs a body`);
    const body = payloadText(message.body, `${what}.body`);
    const sentAt = optionalInstant(message, 'sentAt', what) ?? context.now;
    const groupId = optionalString(message, 'messageGroupId', what);
    const deduplicationId = optionalString(message, 'messageDeduplicationId', what);
    if (!fifo && deduplicationId !== undefined) fail(`${what}.messageDeduplicationId needs a FIFO queue`);
    const messageAttributes = sqsMessageAttributes(message.messageAttributes, `${what}.messageAttributes`);
    const hasAttributes = Object.keys(messageAttributes).length > 0;

    const attributes: SQSRecordAttributes = {
      ApproximateReceiveCount: String(optionalInteger(message, 'receiveCount', what, 1) ?? 1),
      SentTimestamp: String(sentAt.getTime()),
      SenderId: SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(Math.max(sentAt.getTime(), context.now.getTime())),
    };
    if (fifo) {
      // FIFO sequence numbers are 20-digit, strictly increasing within a group.
      attributes.SequenceNumber = (BigInt(sentAt.getTime()) * 10_000_000n + BigInt(index)).toString();
      attributes.MessageGroupId = groupId ?? 'default';
      attributes.MessageDeduplicationId = deduplicationId ?? sha256Hex(body);
    } else if (groupId !== undefined) {
      attributes.MessageGroupId = groupId;
    }

    const sqsRecord: SQSRecord = {
      messageId: optionalString(message, 'messageId', what) ?? randomUUID(),
      receiptHandle: `AQEB${randomBase64(96)}`,
      body,
      attributes,
      messageAttributes,
      md5OfBody: md5Hex(body),
      ...(hasAttributes ? { md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN,
      awsRegion: context.region,
    };
    return deepMerge(sqsRecord, readOverrides(message.overrides, what) as DeepPartial<SQSRecord> | undefined);
  });
  return deepMerge({ Records }, checkedOverrides as DeepPartial<SQSEvent> | undefined);
}
