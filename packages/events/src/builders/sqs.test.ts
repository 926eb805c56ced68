import { createHash } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type SqsEventOptions, type SqsMessage, sqsEvent } from './sqs';

const now = new Date('2024-03-05T06:07:08.123Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('sqsEvent', () => {
  it('builds one record per message in the shape Lambda delivers', () => {
    const event: SQSEvent = sqsEvent([{ body: { orderId: 42 } }], { now });
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toEqual({
      messageId: expect.stringMatching(UUID),
      receiptHandle: expect.stringMatching(/^AQEB[A-Za-z0-9+/]{128}$/),
      body: '{"orderId":42}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1709618828123',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1709618828123',
      },
      messageAttributes: {},
      md5OfBody: md5('{"orderId":42}'),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:smoke-queue',
      awsRegion: 'us-east-1',
    });
    expect(Object.hasOwn(event.Records[0] ?? {}, 'md5OfMessageAttributes')).toBe(false);
  });

  it('computes md5OfBody as SQS does', () => {
    expect(sqsEvent(['derp']).Records[0]?.md5OfBody).toBe('58fd9edd83341c29f1aebba81c31e257');
  });

  it('converts message attributes and computes md5OfMessageAttributes as SQS does', () => {
    const [record] = sqsEvent([{ body: 'derp', messageAttributes: { timestamp: 1493147359900 } }]).Records;
    expect(record?.messageAttributes).toEqual({
      timestamp: {
        stringValue: '1493147359900',
        stringListValues: [],
        binaryListValues: [],
        dataType: 'Number',
      },
    });
    // The digest AWS returns for this attribute, pinned by moto's and LocalStack's SQS tests.
    expect(record?.md5OfMessageAttributes).toBe('235c5c510d26fb653d073faed50ae77c');
  });

  it('digests several attributes in name order, binary ones by their bytes', () => {
    const attributes = { b: new Uint8Array([1, 2]), a: 'x', c: { dataType: 'Number.int', stringValue: '7' } };
    const [record] = sqsEvent([{ body: '-', messageAttributes: attributes }]).Records;
    expect(record?.messageAttributes.b).toEqual({
      binaryValue: 'AQI=',
      stringListValues: [],
      binaryListValues: [],
      dataType: 'Binary',
    });
    const part = (bytes: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    };
    const text = (value: string) => part(Buffer.from(value));
    const expected = Buffer.concat([
      text('a'),
      text('String'),
      Buffer.from([1]),
      text('x'),
      text('b'),
      text('Binary'),
      Buffer.from([2]),
      part(Buffer.from([1, 2])),
      text('c'),
      text('Number.int'),
      Buffer.from([1]),
      text('7'),
    ]);
    expect(record?.md5OfMessageAttributes).toBe(createHash('md5').update(expected).digest('hex'));
  });

  it('adds group, deduplication id and increasing sequence numbers on a FIFO queue', () => {
    const event = sqsEvent(
      ['first', { body: 'second', messageGroupId: 'customer-7', messageDeduplicationId: 'd-2' }],
      {
        now,
        queueName: 'orders.fifo',
      },
    );
    const [first, second] = event.Records;
    expect(first?.eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:orders.fifo');
    expect(first?.attributes).toMatchObject({
      MessageGroupId: 'default',
      MessageDeduplicationId: createHash('sha256').update('first').digest('hex'),
      SequenceNumber: '17096188281230000000',
    });
    expect(second?.attributes).toMatchObject({
      MessageGroupId: 'customer-7',
      MessageDeduplicationId: 'd-2',
      SequenceNumber: '17096188281230000001',
    });
    expect(sqsEvent(['x'], { fifo: true }).Records[0]?.eventSourceARN).toMatch(/:smoke-queue\.fifo$/);
  });

  it('adds a group id on a standard (fair) queue only when given', () => {
    const [plain, grouped] = sqsEvent(['a', { body: 'b', messageGroupId: 'tenant-1' }]).Records;
    expect(plain?.attributes.MessageGroupId).toBeUndefined();
    expect(grouped?.attributes.MessageGroupId).toBe('tenant-1');
    expect(grouped?.attributes.SequenceNumber).toBeUndefined();
  });

  it('honours receive count, sent time, ids and the queue location', () => {
    const sentAt = new Date(now.getTime() - 5000);
    const [record] = sqsEvent([{ body: 'x', messageId: 'm-1', receiveCount: 3, sentAt }], {
      now,
      region: 'ap-southeast-2',
      accountId: '999988887777',
      queueName: 'jobs',
    }).Records;
    expect(record).toMatchObject({
      messageId: 'm-1',
      awsRegion: 'ap-southeast-2',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-2:999988887777:jobs',
      attributes: {
        ApproximateReceiveCount: '3',
        SentTimestamp: String(sentAt.getTime()),
        ApproximateFirstReceiveTimestamp: String(now.getTime()),
      },
    });
  });

  it('merges per-message overrides, then event overrides that replace the records', () => {
    const event = sqsEvent([{ body: 'x', overrides: { attributes: { AWSTraceHeader: 'Root=1-a-b' } } }]);
    expect(event.Records[0]?.attributes).toMatchObject({
      AWSTraceHeader: 'Root=1-a-b',
      ApproximateReceiveCount: '1',
    });
    const [original] = event.Records;
    const replaced = sqsEvent(['y', 'z'], {}, { Records: original ? [original] : [] });
    expect(replaced.Records).toEqual([original]);
  });

  it.each<[string, unknown, unknown, string]>([
    ['no messages', [], undefined, 'sqsEvent needs at least one message'],
    ['messages that are not an array', 'x', undefined, 'sqsEvent messages must be an array, got string'],
    ['a message without a body', [{ messageId: 'm' }], undefined, 'sqsEvent messages[0] needs a body'],
    [
      'an unknown message key',
      [{ body: 'x', groupId: 'g' }],
      undefined,
      'unknown sqsEvent messages[0] option "groupId"',
    ],
    [
      'a zero receive count',
      [{ body: 'x', receiveCount: 0 }],
      undefined,
      'receiveCount must be an integer ≥ 1',
    ],
    [
      'a dedup id on a standard queue',
      [{ body: 'x', messageDeduplicationId: 'd' }],
      undefined,
      'needs a FIFO queue',
    ],
    [
      'a FIFO flag on a standard name',
      ['x'],
      { fifo: true, queueName: 'jobs' },
      'must end in ".fifo" for a FIFO queue',
    ],
    ['a bad queue name', ['x'], { queueName: 'my queue' }, 'queueName must be letters'],
    ['an unknown option', ['x'], { queue: 'jobs' }, 'unknown sqsEvent option "queue"'],
    [
      'an infinite attribute',
      [{ body: 'x', messageAttributes: { n: Number.NaN } }],
      undefined,
      'must be a finite number',
    ],
    [
      'an attribute of unknown type',
      [{ body: 'x', messageAttributes: { n: { dataType: 'Date', stringValue: '1' } } }],
      undefined,
      'dataType must be String, Number or Binary',
    ],
    [
      'a binary attribute without bytes',
      [{ body: 'x', messageAttributes: { b: { dataType: 'Binary' } } }],
      undefined,
      'needs a binaryValue string',
    ],
    [
      'a bad attribute name',
      [{ body: 'x', messageAttributes: { 'a b': 'x' } }],
      undefined,
      'invalid attribute name "a b"',
    ],
  ])('rejects %s with a typed error', (_, messages, options, message) => {
    const build = () => sqsEvent(messages as SqsMessage[], options as SqsEventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
