import { createHash } from 'node:crypto';
import type { S3Event } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type S3EventOptions, type S3ObjectChange, s3Event } from './s3';

const now = new Date('2024-03-05T06:07:08.123Z');

describe('s3Event', () => {
  it('builds an S3 notification record as Lambda receives it', () => {
    const event: S3Event = s3Event([{ bucket: 'uploads', key: 'invoices/march 2024.pdf', content: 'pdf!' }], {
      now,
    });
    expect(event.Records).toEqual([
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2024-03-05T06:07:08.123Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AIDAEXAMPLEUSERID12' },
        requestParameters: { sourceIPAddress: '192.0.2.1' },
        responseElements: {
          'x-amz-request-id': expect.stringMatching(/^[0-9A-F]{16}$/),
          'x-amz-id-2': expect.stringMatching(/^[A-Za-z0-9+/]{76}$/),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'smoke-notification',
          bucket: {
            name: 'uploads',
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: 'arn:aws:s3:::uploads',
          },
          object: {
            key: 'invoices/march+2024.pdf',
            size: 4,
            eTag: createHash('md5').update('pdf!').digest('hex'),
            sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
          },
        },
      },
    ]);
  });

  it('URL-encodes keys the way S3 does', () => {
    const keys = ['red flower.jpg', 'a+b (1).txt', 'dir/sub dir/ü.txt'];
    const event = s3Event(keys.map((key) => ({ bucket: 'b-1', key })));
    expect(event.Records.map((record) => record.s3.object.key)).toEqual([
      'red+flower.jpg',
      'a%2Bb+%281%29.txt',
      'dir/sub+dir/%C3%BC.txt',
    ]);
    const decoded = event.Records.map((record) =>
      decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
    );
    expect(decoded).toEqual(keys);
  });

  it('defaults size and eTag to an empty object and takes them as given', () => {
    const [empty, given] = s3Event([
      { bucket: 'b-1', key: 'k' },
      { bucket: 'b-1', key: 'k', size: 1305107, eTag: 'b21b84d653bb07b05b1e6b33684dc11b', versionId: 'v-1' },
    ]).Records;
    expect(empty?.s3.object).toMatchObject({ size: 0, eTag: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(Object.hasOwn(empty?.s3.object ?? {}, 'versionId')).toBe(false);
    expect(given?.s3.object).toMatchObject({
      size: 1305107,
      eTag: 'b21b84d653bb07b05b1e6b33684dc11b',
      versionId: 'v-1',
    });
  });

  it('leaves size and eTag out of removal records, as AWS does', () => {
    const event = s3Event([
      { bucket: 'b-1', key: 'gone.txt', eventName: 'ObjectRemoved:Delete' },
      { bucket: 'b-1', key: 'old.txt', eventName: 'LifecycleExpiration:Delete' },
    ]);
    for (const record of event.Records) {
      expect(Object.keys(record.s3.object).sort()).toEqual(['key', 'sequencer']);
    }
    expect(event.Records[0]?.eventName).toBe('ObjectRemoved:Delete');
  });

  it('gives sequencers that grow with time and record order', () => {
    const later = new Date(now.getTime() + 1);
    const [a, b, c] = s3Event([
      { bucket: 'b-1', key: 'k', eventTime: now },
      { bucket: 'b-1', key: 'k', eventTime: now },
      { bucket: 'b-1', key: 'k', eventTime: later },
    ]).Records;
    const seq = [a, b, c].map((record) => record?.s3.object.sequencer ?? '');
    expect([...seq].sort()).toEqual(seq);
    expect(new Set(seq).size).toBe(3);
  });

  it('applies options and overrides', () => {
    const event = s3Event(
      [{ bucket: 'b-1', key: 'k', overrides: { s3: { object: { size: 7 } } } }],
      {
        configurationId: 'thumbnails',
        principalId: 'AWS:AROAEXAMPLE:session',
        sourceIp: '203.0.113.5',
        region: 'eu-west-3',
      },
      {},
    );
    expect(event.Records[0]).toMatchObject({
      awsRegion: 'eu-west-3',
      userIdentity: { principalId: 'AWS:AROAEXAMPLE:session' },
      requestParameters: { sourceIPAddress: '203.0.113.5' },
      s3: { configurationId: 'thumbnails', object: { size: 7, key: 'k' } },
    });
  });

  it.each<[string, unknown, string]>([
    ['no records', [], 's3Event needs at least one record'],
    [
      'a bucket with capitals',
      [{ bucket: 'My-Bucket', key: 'k' }],
      'bucket must be an S3 bucket name, got "My-Bucket"',
    ],
    ['a missing bucket', [{ key: 'k' }], 'bucket must be an S3 bucket name, got undefined'],
    ['a missing key', [{ bucket: 'b-1' }], 's3Event records[0] needs a key'],
    [
      'an unknown event name',
      [{ bucket: 'b-1', key: 'k', eventName: 's3:ObjectCreated:Put' }],
      'eventName must be one of',
    ],
    [
      'numeric content',
      [{ bucket: 'b-1', key: 'k', content: 5 }],
      'content must be a string or a Uint8Array, got number',
    ],
    ['a negative size', [{ bucket: 'b-1', key: 'k', size: -1 }], 'size must be an integer ≥ 0'],
    [
      'an unknown record key',
      [{ bucket: 'b-1', key: 'k', etag: 'x' }],
      'unknown s3Event records[0] option "etag"',
    ],
  ])('rejects %s with a typed error', (_, records, message) => {
    const build = () => s3Event(records as S3ObjectChange[], {} as S3EventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
