// The local front door: the template's APIs and function URLs served on loopback as API Gateway and
// Lambda serve them, each request made into its proxy event and sent to the function's alias, so hook
// probes and generated traffic reach the weighted alias the way production traffic does.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOOK_USER_AGENT_PREFIX } from '@shiftguard/events';
import { describeThrown, preview } from '@shiftguard/kit';
import { FrontDoorError } from '../errors';
import {
  type FrontDoorInvokeResult,
  type FrontDoorSettings,
  readFrontDoorOptions,
  type StartFrontDoorOptions,
} from './front-door-options';
import { type Answer, type GatewayFailure, gatewayAnswer } from './gateway-responses';
import { headerValue, type ReceivedRequest, readRequest } from './http-request';
import { matchesMediaType, mediaTypeOf } from './media-types';
import { type BuiltEvent, buildEvent, restBinaryBody, textOnlyBody } from './proxy-event';
import { type ResponseFormat, readProxyResponse } from './proxy-response';
import { type FrontDoorRequest, type FrontDoorRequestFilter, RequestLog } from './request-log';
import { matchRequest, type RouteMatch } from './route-match';
import type { FrontDoorKind, Integration, PlannedTarget } from './targets';

export type { FrontDoorInvoke, FrontDoorInvokeResult, StartFrontDoorOptions } from './front-door-options';
export type { GatewayFailure } from './gateway-responses';
export { DEFAULT_TEXT_MEDIA_TYPES } from './media-types';
export type { FrontDoorRequest, FrontDoorRequestFilter } from './request-log';
export type { FrontDoorKind } from './targets';

/** One API or function URL the front door serves, on a listener of its own. */
export interface FrontDoorTarget {
  /** The API's logical id (`ServerlessHttpApi`, `MyApi`), or the function's for its URL. */
  readonly logicalId: string;
  readonly kind: FrontDoorKind;
  /** `http://127.0.0.1:<port>`: what stands for `https://<id>.execute-api.<region>.amazonaws.com`. */
  readonly origin: string;
  /**
   * The base URL as the template's own would be: a REST API's with its stage (`…/Prod`), an HTTP API's
   * without one for `$default` (with it otherwise), a function URL's ending in `/` as `FunctionUrl` does.
   */
  readonly url: string;
  /** `Prod`, a named stage, or `$default`. */
  readonly stageName: string;
  /** The id the events carry as `requestContext.apiId` (the URL id, for a function URL). */
  readonly apiId: string;
  /** The production-shaped host the events carry as `requestContext.domainName`. */
  readonly domainName: string;
}

/** The addresses of a front door, all that {@link resolveFrontDoorUrls} needs. */
export interface FrontDoorAddresses {
  readonly targets: readonly FrontDoorTarget[];
}

export interface FrontDoor extends FrontDoorAddresses {
  /**
   * The base URL of an API (by its logical id) or of a function's URL (by the function's logical id).
   *
   * @throws {FrontDoorError} `unknown-target` when the front door does not serve it.
   */
  url(logicalId: string): string;
  /** The requests answered, in arrival order: the last `requestHistory` of them. */
  requests(filter?: FrontDoorRequestFilter): FrontDoorRequest[];
  /** Forgets the requests, e.g. between a simulation's phases. */
  clearRequests(): void;
  /**
   * Stops listening and resolves once every request in flight is answered. An invoke that never
   * settles holds it: the emulator's Lambda timeout is what ends a hung function.
   */
  close(): Promise<void>;
}

/**
 * Serves the template's APIs and function URLs on loopback, one listener each, so the paths are the
 * production ones: `<url('MyApi')>/orders` is `/Prod/orders`, as on the execute-api host. Each
 * request becomes the event API Gateway (payload 1.0 or 2.0) or Lambda's URL would send, goes to the
 * function's alias through `invoke`, and the proxy response comes back as the gateway would pass it on;
 * a function error, a malformed response or no route get the gateway's own answers.
 *
 * @throws {InvalidSimulatorOptionsError} for bad options, before anything listens.
 * @throws {FrontDoorError} `listen` when a listener cannot open (nothing is left listening).
 *
 * @example
 * ```ts
 * const model = readSamTemplate('template.yaml');
 * const door = await startFrontDoor({ model, functions: model.functions, invoke: emulatorInvoke });
 * await fetch(`${door.url('ServerlessHttpApi')}/orders/42`); // GET /orders/{id} on the alias
 * door.requests()[0]?.executedVersion; // '1' or '2' while the alias is weighted
 * await door.close();
 * ```
 */
export async function startFrontDoor(options: StartFrontDoorOptions): Promise<FrontDoor> {
  const settings = readFrontDoorOptions(options);
  const log = new RequestLog(settings.requestHistory);
  const listeners: Listener[] = [];
  try {
    for (const plan of settings.targets) listeners.push(await listen(settings, plan, log));
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.close()));
    throw error;
  }
  const targets = Object.freeze(listeners.map((listener) => listener.target));
  let closing: Promise<void> | undefined;
  return {
    targets,
    url(logicalId) {
      const target = targets.find((candidate) => candidate.logicalId === logicalId);
      if (target) return target.url;
      const served = targets.map((candidate) => candidate.logicalId);
      throw new FrontDoorError(
        `the front door serves no API or function URL ${logicalId} (${served.length > 0 ? `it serves ${served.join(', ')}` : 'it serves none'}; an API is served when a route leads to a function given in options.functions)`,
        { problem: 'unknown-target', target: logicalId },
      );
    },
    requests: (filter) => log.list(filter),
    clearRequests: () => log.clear(),
    close() {
      closing ??= Promise.all(listeners.map((listener) => listener.close())).then(() => undefined);
      return closing;
    },
  };
}

interface Listener {
  readonly target: FrontDoorTarget;
  close(): Promise<void>;
}

async function listen(settings: FrontDoorSettings, plan: PlannedTarget, log: RequestLog): Promise<Listener> {
  let closing = false;
  const server: Server = createServer((request, response) => {
    void serve(settings, plan, log, request, response, () => closing);
  });
  const port = settings.ports.get(plan.logicalId) ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new FrontDoorError(
      `cannot listen for ${plan.logicalId} on ${settings.host}:${port}: ${describeThrown(error)}`,
      { problem: 'listen', target: plan.logicalId, cause: error },
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  return {
    target: Object.freeze({
      logicalId: plan.logicalId,
      kind: plan.kind,
      origin,
      url: baseUrl(origin, plan),
      stageName: plan.stageName,
      apiId: plan.apiId,
      domainName: plan.domainName,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function baseUrl(origin: string, plan: PlannedTarget): string {
  if (plan.kind === 'FunctionUrl') return `${origin}/`;
  return plan.stageName === '$default' ? origin : `${origin}/${plan.stageName}`;
}

async function serve(
  settings: FrontDoorSettings,
  plan: PlannedTarget,
  log: RequestLog,
  incoming: IncomingMessage,
  response: ServerResponse,
  closing: () => boolean,
): Promise<void> {
  const { clock } = settings;
  const receivedAt = clock.wallTime();
  const started = clock.now();
  let request: ReceivedRequest;
  try {
    request = await readRequest(incoming);
  } catch {
    // The client went away mid-body: there is no one to answer.
    response.destroy();
    return;
  }
  let exchange: Exchange;
  try {
    exchange = await respond(settings, plan, request, receivedAt);
  } catch (error) {
    // A fault of the front door's own still gets the gateway's answer, and the log says what it was.
    exchange = failed(plan, 'invoke-failed', { requestId: randomUUID(), problem: describeThrown(error) });
  }
  write(response, exchange.answer, closing());
  const userAgent = headerValue(request.headers, 'user-agent');
  log.add({
    ...exchange.record,
    target: plan.logicalId,
    kind: plan.kind,
    method: request.method,
    path: request.path,
    status: exchange.answer.status,
    userAgent,
    hook: userAgent?.startsWith(HOOK_USER_AGENT_PREFIX) ?? false,
    receivedAt,
    durationMs: clock.now() - started,
  });
}

type Outcome = Pick<
  FrontDoorRequest,
  'requestId' | 'routeKey' | 'functionLogicalId' | 'qualifier' | 'executedVersion' | 'outcome' | 'problem'
>;

interface Exchange {
  readonly answer: Answer;
  readonly record: Outcome;
}

async function respond(
  settings: FrontDoorSettings,
  plan: PlannedTarget,
  request: ReceivedRequest,
  receivedAt: number,
): Promise<Exchange> {
  let path = request.path;
  let match: RouteMatch | undefined;
  if (plan.kind !== 'FunctionUrl') {
    const inner = pathInStage(plan.stageName, request.path);
    if (inner !== undefined) match = matchRequest(plan.routes, request.method, inner);
    if (inner === undefined || !match) return failed(plan, 'no-route', { requestId: randomUUID() });
    path = inner;
  }
  const integration: Integration = match ? match.route.integration : plan.integration!;
  const about = {
    routeKey: match?.route.routeKey,
    functionLogicalId: integration.functionLogicalId,
    qualifier: integration.qualifier,
  };
  let built: BuiltEvent;
  try {
    built = buildEvent({
      target: plan,
      request,
      path,
      match,
      stack: settings.model.stack,
      now: receivedAt,
      binaryBody:
        plan.kind === 'Api'
          ? restBinaryBody(settings.binaryMediaTypes.get(plan.logicalId) ?? [])
          : textOnlyBody(settings.textMediaTypes),
    });
  } catch (error) {
    return failed(plan, 'bad-request', { ...about, requestId: randomUUID(), problem: describeThrown(error) });
  }
  const known = { ...about, requestId: built.requestId };
  let result: FrontDoorInvokeResult;
  try {
    result = await settings.invoke(integration.functionName, integration.qualifier, built.event);
    if (typeof result !== 'object' || result === null)
      throw new TypeError(`invoke resolved to ${preview(result)}`);
  } catch (error) {
    return failed(plan, 'invoke-failed', { ...known, problem: describeThrown(error) });
  }
  const answered = { ...known, executedVersion: result.executedVersion };
  if (result.functionError !== undefined) {
    return failed(plan, 'function-error', {
      ...answered,
      problem: `${result.functionError}: ${preview(result.payload ?? '')}`,
    });
  }
  const read = readProxyResponse(formatOf(plan, match), result.payload, {
    decodesBase64: (contentType) => restDecodes(settings, plan, request, contentType),
  });
  if (!read.ok) return failed(plan, 'malformed-response', { ...answered, problem: read.problem });
  return {
    answer: withRequestId(plan.kind, read.answer, built.requestId),
    record: { ...answered, outcome: 'answered', problem: undefined },
  };
}

/** The path after the stage; a `$default` stage is no segment. Undefined when the stage is not there. */
function pathInStage(stageName: string, path: string): string | undefined {
  if (stageName === '$default') return path;
  const prefix = `/${stageName}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}

function formatOf(plan: PlannedTarget, match: RouteMatch | undefined): ResponseFormat {
  if (plan.kind === 'Api') return 'rest';
  return match?.route.payloadFormat === '1.0' ? 'http-1.0' : '2.0';
}

/** A REST API decodes base64 for its binary media types, met by the response's type or the first `Accept`ed one. */
function restDecodes(
  settings: FrontDoorSettings,
  plan: PlannedTarget,
  request: ReceivedRequest,
  contentType: string | undefined,
): boolean {
  const types = settings.binaryMediaTypes.get(plan.logicalId) ?? [];
  const accepted = headerValue(request.headers, 'accept')?.split(',')[0];
  return matchesMediaType(mediaTypeOf(contentType), types) || matchesMediaType(mediaTypeOf(accepted), types);
}

function failed(
  plan: PlannedTarget,
  failure: GatewayFailure,
  record: Partial<Outcome> & { requestId: string },
): Exchange {
  return {
    answer: withRequestId(plan.kind, gatewayAnswer(plan.kind, failure), record.requestId),
    record: {
      routeKey: undefined,
      functionLogicalId: undefined,
      qualifier: undefined,
      executedVersion: undefined,
      problem: undefined,
      ...record,
      outcome: failure,
    },
  };
}

/** HTTP APIs name the request `apigw-requestid`; REST APIs and function URLs `x-amzn-RequestId`. */
function withRequestId(kind: FrontDoorKind, answer: Answer, requestId: string): Answer {
  const name = kind === 'HttpApi' ? 'apigw-requestid' : 'x-amzn-RequestId';
  return { ...answer, headers: [...answer.headers, [name, requestId]] };
}

function write(response: ServerResponse, answer: Answer, closing: boolean): void {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of answer.headers) {
    const entry = grouped.get(name.toLowerCase());
    if (entry) entry.values.push(value);
    else grouped.set(name.toLowerCase(), { name, values: [value] });
  }
  response.statusCode = answer.status;
  for (const { name, values } of grouped.values())
    response.setHeader(name, values.length === 1 ? values[0]! : values);
  response.setHeader('Content-Length', answer.body.length);
  // Once closing, a kept-alive connection would hold close() open: this answer is its last.
  if (closing) response.setHeader('Connection', 'close');
  response.end(answer.body);
}
