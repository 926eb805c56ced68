import { randomUUID } from 'node:crypto';
import type { SNSEvent, SNSEventRecord, SNSMessageAttribute, SNSMessageAttributes } from 'aws-lambda';
import { md5Hex, randomBase64 } from '../shared/aws-formats';
import { CONTEXT_KEYS, type EventContextOptions, readContext } from '../shared/context';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import { payloadText, toBase64 } from '../shared/payload';
import {
  describeType,
  fail,
  isPlainObject,
  optionalInstant,
  optionalString,
  readOptions,
  readOverrides,
  requireArray,
  setOwn,
} from '../shared/validate';

/**
 * An SNS message attribute: a string (`String`), a number (`Number`), bytes (`Binary`), an array
 * (`String.Array`, sent as JSON), or the attribute exactly as SNS delivers it.
 */
export type SnsMessageAttributeValue =
  | string
  | number
  | Uint8Array
  | readonly (string | number | boolean | null)[]
  | SNSMessageAttribute;

/** One notification of an {@link snsEvent}; a bare string is shorthand for `{ message: string }`. */
export interface SnsMessage {
  /** The message: a string as is, anything else as its JSON text. */
  message: unknown;
  subject?: string;
  messageAttributes?: Record<string, SnsMessageAttributeValue>;
  /** Default: a random UUID, as SNS assigns. */
  messageId?: string;
  /** When SNS published it. Default: the event's `now`. */
  timestamp?: Date | number;
  /** Merged into this record last ({@link deepMerge}: arrays replaced). */
  overrides?: DeepPartial<SNSEventRecord>;
}

/** The topic the notifications of an {@link snsEvent} come from. */
export interface SnsEventOptions extends EventContextOptions {
  /** Default `smoke-topic`. */
  topicName?: string;
}

const KEYS = [...CONTEXT_KEYS, 'topicName'] as const;
const MESSAGE_KEYS = [
  'message',
  'subject',
  'messageAttributes',
  'messageId',
  'timestamp',
  'overrides',
] as const;
const WHAT = 'snsEvent';

/**
 * Builds the event SNS invokes a subscribed Lambda function with. SNS delivers one record per
 * invocation, so give one message to match production; several are allowed for handlers that loop.
 * Records carry the subscription ARN, a `Notification` with its signature fields (placeholders: not
 * verifiable), and `Subject` only when one is given. `overrides` are merged last ({@link deepMerge}).
 *
 * @throws InvalidEventOptionsError for no messages, an unknown option or a wrongly typed one.
 * @example
 * ```ts
 * const event = snsEvent([{ message: { alarm: 'HighLatency' }, subject: 'ALARM', messageAttributes: { severity: 'high' } }]);
 * ```
 */
export function snsEvent(
  messages: readonly (SnsMessage | string)[],
  options?: SnsEventOptions,
  overrides?: DeepPartial<SNSEvent>,
): SNSEvent {
  const list = requireArray(messages, `${WHAT} messages`);
  if (list.length === 0) fail(`${WHAT} needs at least one message`);
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const context = readContext(record, WHAT);
  const topicName = optionalString(record, 'topicName', WHAT) ?? 'smoke-topic';
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(topicName)) {
    fail(
      `${WHAT}.topicName must be letters, digits, "-" or "_" (Lambda cannot subscribe to FIFO topics), got ${JSON.stringify(topicName)}`,
    );
  }
  const topicArn = `arn:aws:sns:${context.region}:${context.accountId}:${topicName}`;
  const subscriptionArn = `${topicArn}:${randomUUID()}`;
  const endpoint = `https://sns.${context.region}.amazonaws.com`;
  // SNS signs with one certificate per Region; a stable stand-in name keeps events comparable.
  const signingCertUrl = `${endpoint}/SimpleNotificationService-${md5Hex(`sns.${context.region}`)}.pem`;

  const Records = list.map((entry, index): SNSEventRecord => {
    const what = `${WHAT} messages[${index}]`;
    const message = typeof entry === 'string' ? { message: entry } : entry;
    if (!isPlainObject(message)) fail(`${what} must be a string or an object with a message`);
    readOptions(message, what, MESSAGE_KEYS);
    if (!('message' in message) || message.message === undefined) fail(`${what} needs a message`);
    const subject = optionalString(message, 'subject', what);
    const snsRecord: SNSEventRecord = {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: subscriptionArn,
      Sns: {
        Type: 'Notification',
        MessageId: optionalString(message, 'messageId', what) ?? randomUUID(),
        TopicArn: topicArn,
        ...(subject !== undefined ? { Subject: subject } : {}),
        Message: payloadText(message.message, `${what}.message`),
        Timestamp: (optionalInstant(message, 'timestamp', what) ?? context.now).toISOString(),
        SignatureVersion: '1',
        Signature: randomBase64(256),
        SigningCertUrl: signingCertUrl,
        UnsubscribeUrl: `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
        MessageAttributes: snsMessageAttributes(message.messageAttributes, `${what}.messageAttributes`),
      },
    };
    return deepMerge(
      snsRecord,
      readOverrides(message.overrides, what) as DeepPartial<SNSEventRecord> | undefined,
    );
  });
  return deepMerge({ Records }, checkedOverrides as DeepPartial<SNSEvent> | undefined);
}

function snsMessageAttributes(value: unknown, what: string): SNSMessageAttributes {
  if (value === undefined) return {};
  if (!isPlainObject(value)) fail(`${what} must be an object, got ${describeType(value)}`);
  const out: SNSMessageAttributes = {};
  for (const [name, raw] of Object.entries(value)) {
    setOwn(out, name, toAttribute(raw, `${what}.${name}`));
  }
  return out;
}

function toAttribute(raw: unknown, what: string): SNSMessageAttribute {
  if (typeof raw === 'string') return { Type: 'String', Value: raw };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) fail(`${what} must be a finite number, got ${raw}`);
    return { Type: 'Number', Value: String(raw) };
  }
  if (raw instanceof Uint8Array) return { Type: 'Binary', Value: toBase64(raw) };
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (item !== null && !['string', 'number', 'boolean'].includes(typeof item)) {
        fail(`${what} array items must be strings, numbers, booleans or null, got ${describeType(item)}`);
      }
    }
    return { Type: 'String.Array', Value: JSON.stringify(raw) };
  }
  if (isPlainObject(raw) && typeof raw.Type === 'string' && typeof raw.Value === 'string') {
    return { Type: raw.Type, Value: raw.Value };
  }
  return fail(
    `${what} must be a string, number, Uint8Array, array or { Type, Value }, got ${describeType(raw)}`,
  );
}
