import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';
import * as events from './index';

describe('events index', () => {
  it('re-exports every builder and helper', () => {
    expect(Object.keys(events).sort()).toEqual([
      'S3_EVENT_NAMES',
      'albEvent',
      'apiGatewayProxyEvent',
      'apiGatewayProxyEventV2',
      'deepMerge',
      'dynamoDbStreamEvent',
      'eventBridgeEvent',
      'marshallItem',
      'marshallValue',
      's3Event',
      'snsEvent',
      'sqsEvent',
    ]);
  });

  it('builds events whose JSON form is what the function receives', () => {
    const api: APIGatewayProxyEvent = JSON.parse(JSON.stringify(events.apiGatewayProxyEvent({ path: '/x' })));
    expect(api.path).toBe('/x');
    expect(Object.hasOwn(api.requestContext, 'authorizer')).toBe(false);
    const sqs: SQSEvent = JSON.parse(JSON.stringify(events.sqsEvent([{ body: { a: 1 } }])));
    expect(sqs.Records[0]?.body).toBe('{"a":1}');
  });
});
