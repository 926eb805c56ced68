// One list of the builders and of the helpers their callers write overrides and items with, pinned by
// index.test.ts, so nothing from shared/ leaks through the package door by accident.

export type { EventContextOptions } from '../shared/context';
export { type DeepPartial, deepMerge } from '../shared/deep-merge';
export type { HttpHeaders, HttpQuery, HttpRequestOptions } from '../shared/http-request';
export { marshallItem, marshallValue } from '../shared/marshall';
export type { SqsMessageAttributeValue } from '../shared/sqs-message-attributes';
export { type AlbEventOptions, albEvent } from './alb';
export { type ApiGatewayProxyEventOptions, apiGatewayProxyEvent } from './api-gateway-proxy';
export { type ApiGatewayProxyEventV2Options, apiGatewayProxyEventV2 } from './api-gateway-proxy-v2';
export {
  type DynamoDbStreamChange,
  type DynamoDbStreamEventName,
  type DynamoDbStreamEventOptions,
  type DynamoDbStreamViewType,
  dynamoDbStreamEvent,
} from './dynamodb-stream';
export { type EventBridgeEventOptions, eventBridgeEvent } from './eventbridge';
export { S3_EVENT_NAMES, type S3EventName, type S3EventOptions, type S3ObjectChange, s3Event } from './s3';
export { type SnsEventOptions, type SnsMessage, type SnsMessageAttributeValue, snsEvent } from './sns';
export { type SqsEventOptions, type SqsMessage, sqsEvent } from './sqs';
