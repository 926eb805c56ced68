import type { ALBEvent } from 'aws-lambda';
import { InvalidEventOptionsError } from '../errors';
import { type AlbEventOptions, albEvent } from './alb';

const now = new Date('2024-03-05T06:07:08.123Z');

describe('albEvent', () => {
  it('builds a single-value ALB event with lower-case headers and an empty body', () => {
    const event: ALBEvent = albEvent({ now, path: '/health' });
    expect(event).toEqual({
      requestContext: {
        elb: {
          targetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/smoke-targets/0123456789abcdef',
        },
      },
      httpMethod: 'GET',
      path: '/health',
      queryStringParameters: {},
      headers: {
        accept: '*/*',
        host: 'smoke-alb-1234567890.us-east-1.elb.amazonaws.com',
        'user-agent': 'shiftguard-smoke',
        'x-amzn-trace-id': expect.stringMatching(/^Root=1-65e6b68c-[0-9a-f]{24}$/),
        'x-forwarded-for': '192.0.2.1',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
      },
      body: '',
      isBase64Encoded: false,
    });
    expect(Object.hasOwn(event, 'multiValueHeaders')).toBe(false);
    expect(Object.hasOwn(event, 'multiValueQueryStringParameters')).toBe(false);
  });

  it('leaves query parameters URL-encoded and keeps the last of repeated values', () => {
    const event = albEvent({ query: { q: 'a b', tag: ['x', 'y&z'] }, headers: { 'X-Dup': ['1', '2'] } });
    expect(event.queryStringParameters).toEqual({ q: 'a+b', tag: 'y%26z' });
    expect(event.headers?.['x-dup']).toBe('2');
    expect(albEvent({ query: 'q=caf%C3%A9' }).queryStringParameters).toEqual({ q: 'caf%C3%A9' });
  });

  it('carries only the multi-value maps when multi-value headers are enabled', () => {
    const event = albEvent({
      multiValueHeaders: true,
      query: { tag: ['x', 'y'] },
      headers: { Accept: ['text/html', 'application/json'] },
    });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['x', 'y'] });
    expect(event.multiValueHeaders?.accept).toEqual(['text/html', 'application/json']);
    expect(event.multiValueHeaders?.host).toEqual(['smoke-alb-1234567890.us-east-1.elb.amazonaws.com']);
    expect(Object.hasOwn(event, 'headers')).toBe(false);
    expect(Object.hasOwn(event, 'queryStringParameters')).toBe(false);
    expect(albEvent({ multiValueHeaders: true }).multiValueQueryStringParameters).toEqual({});
  });

  it('sends bodies like the other HTTP builders', () => {
    const event = albEvent({ method: 'POST', body: { ok: true } });
    expect(event.body).toBe('{"ok":true}');
    expect(event.headers?.['content-type']).toBe('application/json');
    expect(albEvent({ body: new Uint8Array([1]) })).toMatchObject({ body: 'AQ==', isBase64Encoded: true });
  });

  it('uses the Region and account in the default target group and merges overrides', () => {
    const event = albEvent({ region: 'eu-central-1', accountId: '111122223333' }, { httpMethod: 'HEAD' });
    expect(event.requestContext.elb.targetGroupArn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-central-1:111122223333:targetgroup\//,
    );
    expect(event.httpMethod).toBe('HEAD');
  });

  it.each<[string, unknown, string]>([
    ['an API Gateway option', { stage: 'prod' }, 'unknown albEvent option "stage"'],
    [
      'a non-boolean multiValueHeaders',
      { multiValueHeaders: 'yes' },
      'multiValueHeaders must be a boolean, got string',
    ],
    ['a target group that is not an ARN', { targetGroupArn: 'tg-1' }, 'targetGroupArn must be an ARN'],
  ])('rejects %s with a typed error', (_, options, message) => {
    const build = () => albEvent(options as AlbEventOptions);
    expect(build).toThrow(InvalidEventOptionsError);
    expect(build).toThrow(message);
  });
});
