import type { ALBEvent } from 'aws-lambda';
import { traceHeader } from '../shared/aws-formats';
import { type DeepPartial, deepMerge } from '../shared/deep-merge';
import {
  allValues,
  assembleHeaders,
  DEFAULT_USER_AGENT,
  groupQuery,
  HTTP_REQUEST_KEYS,
  type HttpRequestOptions,
  lastOfEach,
  lastValues,
  readHttpRequest,
} from '../shared/http-request';
import { fail, optionalBoolean, optionalString, readOptions, readOverrides } from '../shared/validate';

/** The request behind an {@link albEvent}: a call through an Application Load Balancer to a Lambda target. */
export interface AlbEventOptions extends HttpRequestOptions {
  /**
   * Whether the target group has `lambda.multi_value_headers.enabled`: the event then carries
   * `multiValueHeaders` and `multiValueQueryStringParameters` *instead of* the single-value maps.
   * Default `false`.
   */
  multiValueHeaders?: boolean;
  /** ARN of the target group. Default: `smoke-targets` in the event's Region and account. */
  targetGroupArn?: string;
}

const KEYS = [...HTTP_REQUEST_KEYS, 'multiValueHeaders', 'targetGroupArn'] as const;
const WHAT = 'albEvent';

/**
 * Builds the event an Application Load Balancer sends to a Lambda target: header names lower case,
 * query parameters left URL-encoded as the client sent them, the last value of a repeated header or
 * parameter kept (or all of them, in the multi-value variant), and `body` an empty string when there
 * is none. `overrides` are merged last ({@link deepMerge}: arrays replaced).
 *
 * @throws InvalidEventOptionsError naming an unknown option or a wrongly typed one.
 * @example
 * ```ts
 * const event = albEvent({ path: '/health', query: { verbose: 'true' } });
 * const multi = albEvent({ headers: { accept: ['text/html', 'application/json'] }, multiValueHeaders: true });
 * ```
 */
export function albEvent(options?: AlbEventOptions, overrides?: DeepPartial<ALBEvent>): ALBEvent {
  const record = readOptions(options, WHAT, KEYS);
  const checkedOverrides = readOverrides(overrides, WHAT);
  const request = readHttpRequest(record, WHAT);
  const { context } = request;
  const multiValue = optionalBoolean(record, 'multiValueHeaders', WHAT) ?? false;
  const targetGroupArn =
    optionalString(record, 'targetGroupArn', WHAT) ??
    `arn:aws:elasticloadbalancing:${context.region}:${context.accountId}:targetgroup/smoke-targets/0123456789abcdef`;
  if (!targetGroupArn.startsWith('arn:')) {
    fail(`${WHAT}.targetGroupArn must be an ARN, got ${JSON.stringify(targetGroupArn)}`);
  }

  const fields = assembleHeaders(
    [
      ['Accept', '*/*'],
      ['Host', `smoke-alb-1234567890.${context.region}.elb.amazonaws.com`],
      ['User-Agent', DEFAULT_USER_AGENT],
      ['X-Amzn-Trace-Id', traceHeader(context.now)],
      ['X-Forwarded-For', request.sourceIp],
      ['X-Forwarded-Port', '443'],
      ['X-Forwarded-Proto', 'https'],
    ],
    request,
  );
  const lower = (name: string): string => name.toLowerCase();
  // ALB hands the query over still encoded; the type's comments say so too.
  const query = groupQuery(request.query, (param) => [param.rawName, param.rawValue]);

  const event: ALBEvent = {
    requestContext: { elb: { targetGroupArn } },
    httpMethod: request.method ?? 'GET',
    path: request.path ?? '/',
    ...(multiValue
      ? { multiValueQueryStringParameters: query, multiValueHeaders: allValues(fields, lower) }
      : { queryStringParameters: lastOfEach(query), headers: lastValues(fields, lower) }),
    body: request.body?.text ?? '',
    isBase64Encoded: request.body?.isBase64Encoded ?? false,
  };
  return deepMerge(event, checkedOverrides as DeepPartial<ALBEvent> | undefined);
}
