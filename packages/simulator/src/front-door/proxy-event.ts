// The event a request becomes, through the same builders the simulator's traffic is made with.
import { randomUUID } from 'node:crypto';
import { apiGatewayProxyEvent, apiGatewayProxyEventV2 } from '@shiftguard/events';
import type { SamStack } from '../template/model';
import { headerValue, type ReceivedRequest } from './http-request';
import { matchesMediaType, mediaTypeOf } from './media-types';
import type { RouteMatch } from './route-match';
import type { PlannedTarget } from './targets';

export interface EventInput {
  readonly target: PlannedTarget;
  readonly request: ReceivedRequest;
  /** The request's path after the stage, as the event's `path` (1.0) shows it. */
  readonly path: string;
  /** Undefined for a function URL. */
  readonly match: RouteMatch | undefined;
  readonly stack: SamStack;
  readonly now: number;
  /** How the body travels: REST APIs send text unless `binaryMediaTypes` say otherwise; the others the reverse. */
  readonly binaryBody: (mediaType: string | undefined) => boolean;
}

/** An event and its request id, the one the gateway answers with. */
export interface BuiltEvent {
  readonly event: unknown;
  readonly requestId: string;
}

/** @throws InvalidEventOptionsError when the request cannot be put into an event (a bad query escape). */
export function buildEvent(input: EventInput): BuiltEvent {
  const { target, match } = input;
  if (target.kind === 'FunctionUrl') return functionUrlEvent(input);
  if (match?.route.payloadFormat === '2.0') return httpApiEvent(input, match);
  return v1Event(input, match!);
}

function common(input: EventInput) {
  const { request, stack } = input;
  const mediaType = mediaTypeOf(headerValue(request.headers, 'content-type'));
  const body =
    request.body.length === 0
      ? undefined
      : input.binaryBody(mediaType)
        ? request.body
        : request.body.toString('utf8');
  return {
    method: request.method,
    path: input.path,
    // Headers pass through as sent: a hook's user agent reaches the function untouched.
    headers: request.headers,
    query: request.query,
    body,
    sourceIp: request.sourceIp,
    now: input.now,
    region: stack.region,
    accountId: stack.accountId,
    apiId: input.target.apiId,
  };
}

function v1Event(input: EventInput, match: RouteMatch): BuiltEvent {
  const { target } = input;
  const { route } = match;
  const built = apiGatewayProxyEvent(
    {
      ...common(input),
      // An HTTP API's `$default` route has no resource path; the request's own stands in.
      resource: route.path === '$default' ? input.path : route.path,
      pathParameters: { ...match.pathParameters },
      stage: target.stageName,
    },
    { requestContext: { domainName: target.domainName } },
  );
  if (target.kind === 'Api') return { event: built, requestId: built.requestContext.requestId };
  // An HTTP API's 1.0 events say so, and a `$default` stage is no segment of the path.
  const event = {
    version: '1.0',
    ...built,
    requestContext: {
      ...built.requestContext,
      path: target.stageName === '$default' ? input.path : `/${target.stageName}${input.path}`,
    },
  };
  return { event, requestId: built.requestContext.requestId };
}

function httpApiEvent(input: EventInput, match: RouteMatch): BuiltEvent {
  const { target } = input;
  const event = apiGatewayProxyEventV2(
    {
      ...common(input),
      routeKey: match.route.routeKey,
      pathParameters: { ...match.pathParameters },
      stage: target.stageName,
    },
    { requestContext: { domainName: target.domainName } },
  );
  return { event, requestId: event.requestContext.requestId };
}

/** Payload 2.0 with Lambda's placeholders: route `$default`, stage `$default`, a UUID request id. */
function functionUrlEvent(input: EventInput): BuiltEvent {
  const requestId = randomUUID();
  const event = apiGatewayProxyEventV2(
    { ...common(input), routeKey: '$default', stage: '$default' },
    { requestContext: { domainName: input.target.domainName, requestId } },
  );
  return { event, requestId };
}

/** The REST side of {@link EventInput.binaryBody}: a body is base64 when its type is a binary media type. */
export function restBinaryBody(binaryMediaTypes: readonly string[]) {
  return (mediaType: string | undefined): boolean => matchesMediaType(mediaType, binaryMediaTypes);
}

/** The HTTP API and URL side: a body is base64 unless its type is one of the text types. */
export function textOnlyBody(textMediaTypes: readonly string[]) {
  return (mediaType: string | undefined): boolean => !matchesMediaType(mediaType, textMediaTypes);
}
