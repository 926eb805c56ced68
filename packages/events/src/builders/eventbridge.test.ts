import type { EventBridgeEvent } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type EventBridgeEventOptions, eventBridgeEvent } from './eventbridge';

const now = new Date('2024-03-05T06:07:08.123Z');

interface OrderPlaced {
  orderId: number;
  customer: { id: string; tier: string };
}

describe('eventBridgeEvent', () => {
  it('builds the event a rule delivers, typed by detail type and detail', () => {
    const detail: OrderPlaced = { orderId: 42, customer: { id: 'c-1', tier: 'gold' } };
    const event: EventBridgeEvent<'OrderPlaced', OrderPlaced> = eventBridgeEvent('OrderPlaced', detail, {
      now,
    });
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'OrderPlaced',
      source: 'shiftguard.smoke',
      account: '123456789012',
      time: '2024-03-05T06:07:08Z',
      region: 'us-east-1',
      resources: [],
      detail,
    });
    expect(Object.keys(event)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
  });

  it('takes source, resources, id and location from options', () => {
    const event = eventBridgeEvent(
      'Object Created',
      { bucket: { name: 'b' } },
      {
        source: 'aws.s3',
        resources: ['arn:aws:s3:::b'],
        id: 'e-1',
        region: 'us-west-2',
        accountId: '111122223333',
      },
    );
    expect(event).toMatchObject({
      source: 'aws.s3',
      resources: ['arn:aws:s3:::b'],
      id: 'e-1',
      region: 'us-west-2',
      account: '111122223333',
    });
  });

  it('merges overrides into the detail and replaces arrays', () => {
    const event = eventBridgeEvent(
      'OrderPlaced',
      { orderId: 1, customer: { id: 'c-1', tier: 'gold' } },
      { resources: ['arn:a', 'arn:b'] },
      { detail: { customer: { tier: 'silver' } }, resources: ['arn:c'], 'replay-name': 'replay-1' },
    );
    expect(event.detail).toEqual({ orderId: 1, customer: { id: 'c-1', tier: 'silver' } });
    expect(event.resources).toEqual(['arn:c']);
    expect(event['replay-name']).toBe('replay-1');
  });

  it.each<[string, unknown, unknown, unknown, string]>([
    ['an empty detail type', ' ', {}, undefined, 'detailType must be a non-empty string'],
    ['an array detail', 'T', [1], undefined, 'detail must be an object, got array'],
    ['a string detail', 'T', '{}', undefined, 'detail must be an object, got string'],
    ['an unknown option', 'T', {}, { detailType: 'x' }, 'unknown eventBridgeEvent option "detailType"'],
    ['non-string resources', 'T', {}, { resources: [1] }, 'resources must be an array of ARN strings'],
  ])('rejects %s with a typed error', (_, detailType, detail, options, message) => {
    const build = () => eventBridgeEvent(detailType as string, detail, options as EventBridgeEventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
