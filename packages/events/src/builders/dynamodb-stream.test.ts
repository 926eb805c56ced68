import type { DynamoDBStreamEvent } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import {
  type DynamoDbStreamChange,
  type DynamoDbStreamEventOptions,
  dynamoDbStreamEvent,
} from './dynamodb-stream';

const now = new Date('2024-03-05T06:07:08.123Z');

describe('dynamoDbStreamEvent', () => {
  it('builds an INSERT record with marshalled keys and new image', () => {
    const event: DynamoDBStreamEvent = dynamoDbStreamEvent([{ newImage: { id: '1', n: 42 } }], {
      now,
      keyAttributes: ['id'],
    });
    expect(event.Records).toEqual([
      {
        eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          ApproximateCreationDateTime: 1709618828,
          Keys: { id: { S: '1' } },
          NewImage: { id: { S: '1' }, n: { N: '42' } },
          SequenceNumber: '1709618828123000000000000000',
          // Keys: "id"+"1" = 3; NewImage: 3 + "n" + 42 (2 digits → 2 bytes) = 6.
          SizeBytes: 9,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN:
          'arn:aws:dynamodb:us-east-1:123456789012:table/SmokeTable/stream/2024-01-01T00:00:00.000',
      },
    ]);
  });

  it('infers MODIFY and REMOVE from the images given', () => {
    const event = dynamoDbStreamEvent(
      [
        { oldImage: { pk: 'o#1', sk: 'v', status: 'NEW' }, newImage: { pk: 'o#1', sk: 'v', status: 'PAID' } },
        { oldImage: { pk: 'o#2', sk: 'v' } },
      ],
      { keyAttributes: ['pk', 'sk'], tableName: 'Orders' },
    );
    const [modify, remove] = event.Records;
    expect(modify?.eventName).toBe('MODIFY');
    expect(modify?.dynamodb).toMatchObject({
      Keys: { pk: { S: 'o#1' }, sk: { S: 'v' } },
      OldImage: { status: { S: 'NEW' } },
      NewImage: { status: { S: 'PAID' } },
    });
    expect(remove?.eventName).toBe('REMOVE');
    expect(remove?.dynamodb?.Keys).toEqual({ pk: { S: 'o#2' }, sk: { S: 'v' } });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    expect(remove?.eventSourceARN).toContain(':table/Orders/stream/');
  });

  it('marshals every attribute type into the images', () => {
    const [record] = dynamoDbStreamEvent(
      [
        {
          keys: { id: 'i-1' },
          newImage: {
            id: 'i-1',
            qty: 3,
            price: 9.99,
            active: true,
            deleted: null,
            blob: new Uint8Array([1, 2, 3]),
            lines: ['a', 2],
            meta: { tags: new Set(['x', 'y']), scores: new Set([1, 2]) },
          },
        },
      ],
      { streamViewType: 'NEW_IMAGE' },
    ).Records;
    expect(record?.dynamodb?.NewImage).toEqual({
      id: { S: 'i-1' },
      qty: { N: '3' },
      price: { N: '9.99' },
      active: { BOOL: true },
      deleted: { NULL: true },
      blob: { B: 'AQID' },
      lines: { L: [{ S: 'a' }, { N: '2' }] },
      meta: { M: { tags: { SS: ['x', 'y'] }, scores: { NS: ['1', '2'] } } },
    });
  });

  it('carries only the images the stream view type includes', () => {
    const change = { oldImage: { id: 'a', v: 1 }, newImage: { id: 'a', v: 2 } };
    const images = (streamViewType: DynamoDbStreamEventOptions['streamViewType']) => {
      const dynamodb = dynamoDbStreamEvent([change], { keyAttributes: ['id'], streamViewType }).Records[0]
        ?.dynamodb;
      return {
        keys: dynamodb?.Keys,
        view: dynamodb?.StreamViewType,
        new: dynamodb?.NewImage,
        old: dynamodb?.OldImage,
      };
    };
    expect(images('KEYS_ONLY')).toEqual({
      keys: { id: { S: 'a' } },
      view: 'KEYS_ONLY',
      new: undefined,
      old: undefined,
    });
    expect(images('NEW_IMAGE')).toMatchObject({ new: { v: { N: '2' } }, old: undefined });
    expect(images('OLD_IMAGE')).toMatchObject({ new: undefined, old: { v: { N: '1' } } });
    expect(images('NEW_AND_OLD_IMAGES')).toMatchObject({ new: { v: { N: '2' } }, old: { v: { N: '1' } } });
  });

  it('allows a KEYS_ONLY record with just keys and an event name', () => {
    const [record] = dynamoDbStreamEvent([{ eventName: 'REMOVE', keys: { id: 7 } }], {
      streamViewType: 'KEYS_ONLY',
    }).Records;
    expect(record?.dynamodb?.Keys).toEqual({ id: { N: '7' } });
  });

  it('marks a TTL expiry with the DynamoDB service identity', () => {
    const [record] = dynamoDbStreamEvent([{ oldImage: { id: 'x' }, ttlExpired: true }], {
      keyAttributes: ['id'],
    }).Records;
    expect(record?.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });

  it('merges per-record and event overrides', () => {
    const event = dynamoDbStreamEvent(
      [{ newImage: { id: '1' }, overrides: { dynamodb: { SizeBytes: 100 } } }],
      { keyAttributes: ['id'], region: 'eu-north-1' },
      {},
    );
    expect(event.Records[0]).toMatchObject({
      awsRegion: 'eu-north-1',
      dynamodb: { SizeBytes: 100, Keys: { id: { S: '1' } } },
    });
  });

  it.each<[string, unknown, unknown, string]>([
    ['no records', [], { keyAttributes: ['id'] }, 'dynamoDbStreamEvent needs at least one record'],
    [
      'neither images nor event name',
      [{ keys: { id: 1 } }],
      undefined,
      'needs an eventName, or a newImage and/or oldImage',
    ],
    [
      'an INSERT with an old image',
      [{ eventName: 'INSERT', oldImage: { id: 1 }, newImage: { id: 1 } }],
      { keyAttributes: ['id'] },
      'is an INSERT, which has no oldImage',
    ],
    [
      'a REMOVE with a new image',
      [{ eventName: 'REMOVE', newImage: { id: 1 } }],
      { keyAttributes: ['id'] },
      'is a REMOVE, which has no newImage',
    ],
    [
      'a MODIFY missing its old image',
      [{ eventName: 'MODIFY', newImage: { id: 1 } }],
      { keyAttributes: ['id'] },
      'needs an oldImage: a NEW_AND_OLD_IMAGES stream carries it for MODIFY',
    ],
    [
      'no way to find keys',
      [{ newImage: { id: 1 } }],
      undefined,
      'needs keys, or keyAttributes in the options',
    ],
    [
      'a missing key attribute',
      [{ newImage: { id: 1 } }],
      { keyAttributes: ['pk'] },
      'image has no key attribute "pk"',
    ],
    [
      'three key attributes',
      [{ newImage: { id: 1 } }],
      { keyAttributes: ['a', 'b', 'c'] },
      'keyAttributes must be one or two attribute names',
    ],
    [
      'an unmarshallable image value',
      [{ newImage: { id: 1, at: new Date(0) } }],
      { keyAttributes: ['id'] },
      'records[0].newImage.at is a Date',
    ],
    [
      'a TTL flag on an INSERT',
      [{ newImage: { id: 1 }, ttlExpired: true }],
      { keyAttributes: ['id'] },
      'ttlExpired is only for REMOVE records',
    ],
    [
      'an unknown view type',
      [{ newImage: { id: 1 } }],
      { keyAttributes: ['id'], streamViewType: 'ALL' },
      'streamViewType must be one of KEYS_ONLY',
    ],
    [
      'an unknown record key',
      [{ NewImage: { id: 1 } }],
      undefined,
      'unknown dynamoDbStreamEvent records[0] option "NewImage"',
    ],
  ])('rejects %s with a typed error', (_, records, options, message) => {
    const build = () =>
      dynamoDbStreamEvent(records as DynamoDbStreamChange[], options as DynamoDbStreamEventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
