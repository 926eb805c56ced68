import type { SNSEvent } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type SnsEventOptions, type SnsMessage, snsEvent } from './sns';

const now = new Date('2024-03-05T06:07:08.123Z');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe('snsEvent', () => {
  it('builds the record SNS invokes a subscribed function with', () => {
    const event: SNSEvent = snsEvent([{ message: { alarm: 'HighLatency' }, subject: 'ALARM' }], { now });
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:smoke-topic';
    expect(event.Records).toEqual([
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: expect.stringMatching(new RegExp(`^${topicArn}:${UUID}$`)),
        Sns: {
          Type: 'Notification',
          MessageId: expect.stringMatching(new RegExp(`^${UUID}$`)),
          TopicArn: topicArn,
          Subject: 'ALARM',
          Message: '{"alarm":"HighLatency"}',
          Timestamp: '2024-03-05T06:07:08.123Z',
          SignatureVersion: '1',
          Signature: expect.stringMatching(/^[A-Za-z0-9+/]{340}[A-Za-z0-9+/=]{4}$/),
          SigningCertUrl: expect.stringMatching(
            /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/,
          ),
          UnsubscribeUrl: expect.any(String),
          MessageAttributes: {},
        },
      },
    ]);
    const [record] = event.Records;
    expect(record?.Sns.UnsubscribeUrl).toBe(
      `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${record?.EventSubscriptionArn}`,
    );
  });

  it('leaves Subject out when none is given and sends strings as they are', () => {
    const [record] = snsEvent(['hello']).Records;
    expect(record?.Sns.Message).toBe('hello');
    expect(Object.hasOwn(record?.Sns ?? {}, 'Subject')).toBe(false);
  });

  it('converts message attributes to SNS types', () => {
    const [record] = snsEvent([
      {
        message: 'x',
        messageAttributes: {
          severity: 'high',
          count: 3,
          raw: new Uint8Array([104, 105]),
          tags: ['a', 1, true, null],
          custom: { Type: 'String', Value: 'as-is' },
        },
      },
    ]).Records;
    expect(record?.Sns.MessageAttributes).toEqual({
      severity: { Type: 'String', Value: 'high' },
      count: { Type: 'Number', Value: '3' },
      raw: { Type: 'Binary', Value: 'aGk=' },
      tags: { Type: 'String.Array', Value: '["a",1,true,null]' },
      custom: { Type: 'String', Value: 'as-is' },
    });
  });

  it('shares one subscription across records and honours the topic location', () => {
    const event = snsEvent([{ message: 'a', messageId: 'm-1', timestamp: 0 }, 'b'], {
      topicName: 'alerts',
      region: 'eu-west-1',
      accountId: '111122223333',
    });
    const [first, second] = event.Records;
    expect(first?.Sns.TopicArn).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
    expect(first?.EventSubscriptionArn).toBe(second?.EventSubscriptionArn);
    expect(first?.Sns.MessageId).toBe('m-1');
    expect(first?.Sns.Timestamp).toBe('1970-01-01T00:00:00.000Z');
  });

  it('merges per-message and event overrides', () => {
    const event = snsEvent([{ message: 'a', overrides: { Sns: { Type: 'SubscriptionConfirmation' } } }]);
    expect(event.Records[0]?.Sns).toMatchObject({ Type: 'SubscriptionConfirmation', Message: 'a' });
  });

  it.each<[string, unknown, unknown, string]>([
    ['no messages', [], undefined, 'snsEvent needs at least one message'],
    ['a message without message', [{ subject: 's' }], undefined, 'snsEvent messages[0] needs a message'],
    [
      'an unknown message key',
      [{ message: 'x', body: 'y' }],
      undefined,
      'unknown snsEvent messages[0] option "body"',
    ],
    ['a numeric subject', [{ message: 'x', subject: 1 }], undefined, 'subject must be a string, got number'],
    [
      'a nested array attribute',
      [{ message: 'x', messageAttributes: { a: [[1]] } }],
      undefined,
      'array items must be strings',
    ],
    [
      'an object attribute',
      [{ message: 'x', messageAttributes: { a: { v: 1 } } }],
      undefined,
      'must be a string, number, Uint8Array, array or { Type, Value }',
    ],
    ['a FIFO topic', ['x'], { topicName: 't.fifo' }, 'Lambda cannot subscribe to FIFO topics'],
  ])('rejects %s with a typed error', (_, messages, options, message) => {
    const build = () => snsEvent(messages as SnsMessage[], options as SnsEventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
