export { type AlbEventOptions, albEvent } from './alb';
export { type ApiGatewayProxyEventOptions, apiGatewayProxyEvent } from './api-gateway-proxy';
export { type ApiGatewayProxyEventV2Options, apiGatewayProxyEventV2 } from './api-gateway-proxy-v2';
export type { EventContextOptions } from './context';
export { type DeepPartial, deepMerge } from './deep-merge';
export {
  type DynamoDbStreamChange,
  type DynamoDbStreamEventName,
  type DynamoDbStreamEventOptions,
  type DynamoDbStreamViewType,
  dynamoDbStreamEvent,
} from './dynamodb-stream';
export { type EventBridgeEventOptions, eventBridgeEvent } from './eventbridge';
export type { HttpHeaders, HttpQuery, HttpRequestOptions } from './http-request';
export { marshallItem, marshallValue } from './marshall';
export { S3_EVENT_NAMES, type S3EventName, type S3EventOptions, type S3ObjectChange, s3Event } from './s3';
export { type SnsEventOptions, type SnsMessage, type SnsMessageAttributeValue, snsEvent } from './sns';
export { type SqsEventOptions, type SqsMessage, sqsEvent } from './sqs';
export type { SqsMessageAttributeValue } from './sqs-message-attributes';
