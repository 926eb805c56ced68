import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { isPlainObject } from '@shiftguard/kit';
import type { OperationContext, RoutedRequest, WireProtocol, WireRequest, WireResponse } from '../service';
import { ServiceError } from '../service-error';
import { wireError } from './wire-errors';
import { xmlMembers } from './xml';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';
export const CLOUDWATCH_API_VERSION = '2010-08-01';
const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

export type CloudWatchInput = Record<string, unknown>;

/**
 * A CloudWatch operation: the same function serves both protocols. Inputs arrive as the JSON
 * protocol's object or as the query protocol's form turned into the same tree (every leaf a
 * string), so operations read leaves through the coercions in `input.ts`; outputs use `Date` for
 * timestamps and `Map` for map shapes, which each protocol writes its own way. `undefined` is an
 * operation without output.
 */
export type CloudWatchOperation = (input: CloudWatchInput, context: OperationContext) => unknown;

/**
 * AWS JSON 1.0 with query compatibility, what CloudWatch's model names first and current SDKs,
 * botocore and the AWS CLI send: `x-amz-target: GraniteServiceVersion20100801.<Op>`, epoch-second
 * timestamps, errors as `{"__type", "message"}` with `x-amzn-query-error: <Code>;<Sender|Receiver>`,
 * from which the clients take the query code. As recorded from AWS, a 4xx answers 400 unless the
 * request says `x-amzn-query-mode: true`, when it answers the model's status (404 for
 * `ResourceNotFound`).
 */
export function cloudWatchJsonProtocol(queryMode: boolean): WireProtocol {
  const contentType = 'application/x-amz-json-1.0';
  return {
    success(output) {
      return {
        status: 200,
        headers: { 'content-type': contentType },
        body: JSON.stringify(toJson(output ?? {})),
      };
    },
    error(error) {
      const wire = wireError(error);
      const status = queryMode || wire.status >= 500 ? wire.status : 400;
      return {
        status,
        headers: { 'content-type': contentType, 'x-amzn-query-error': `${wire.code};${wire.fault}` },
        body: JSON.stringify({ __type: wire.type, message: wire.message }),
      };
    },
  };
}

/**
 * The query protocol, what CloudWatch spoke alone until late 2025 and older SDKs and CLIs still
 * send: form-encoded `Action=<Op>&Version=2010-08-01`, answered in XML with the operation's
 * `<OpResult>` and a `<RequestId>` matching `x-amzn-RequestId`; errors as `<ErrorResponse>` with the
 * model's status.
 */
export function cloudWatchQueryProtocol(operation: string): WireProtocol {
  return {
    success(output) {
      const requestId = randomUUID();
      const result =
        output === undefined
          ? ''
          : `<${operation}Result>${xmlMembers(output as Record<string, unknown>)}</${operation}Result>`;
      return xmlResponse(
        200,
        requestId,
        `<${operation}Response xmlns="${XMLNS}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
      );
    },
    error(error) {
      const requestId = randomUUID();
      const wire = wireError(error);
      const error_ = xmlMembers({ Type: wire.fault, Code: wire.code, Message: wire.message });
      return xmlResponse(
        wire.status,
        requestId,
        `<ErrorResponse xmlns="${XMLNS}"><Error>${error_}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    },
  };
}

function xmlResponse(status: number, requestId: string, body: string): WireResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** Timestamps as epoch seconds, maps as objects. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, toJson(item)]));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJson(item);
    }
    return out;
  }
  return value;
}

export interface CloudWatchRouterOptions {
  readonly operations: Readonly<Record<string, CloudWatchOperation>>;
}

/**
 * Claims CloudWatch's requests in either protocol: JSON by its target prefix, query by a form
 * (body or, for GET, the URL) naming an `Action` (or `Operation`) of version 2010-08-01 on `/`.
 * Nothing another service claims looks like either: CodeDeploy has its own target prefix, Lambda
 * its REST paths.
 */
export function cloudWatchRouter({
  operations,
}: CloudWatchRouterOptions): (request: WireRequest) => RoutedRequest | undefined {
  const prefix = `${CLOUDWATCH_TARGET_PREFIX}.`;
  return (request) => {
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      if (!target.startsWith(prefix) || request.method !== 'POST') return undefined;
      const operation = target.slice(prefix.length);
      const queryMode = String(request.headers['x-amzn-query-mode']).toLowerCase() === 'true';
      const unknown = new ServiceError('UnknownOperationException', `Unknown operation ${target}`);
      return routed(operation, cloudWatchJsonProtocol(queryMode), unknown, () => {
        const body = decoded(request);
        return body instanceof ServiceError ? body : parseJson(body);
      });
    }
    if (request.path !== '/') return undefined;
    const form = formOf(request);
    const operation = form.get('Action') ?? form.get('Operation');
    if (operation === null || form.get('Version') !== CLOUDWATCH_API_VERSION) return undefined;
    const unknown = new ServiceError(
      'InvalidAction',
      `The action ${operation} is not valid for this web service.`,
    );
    return routed(operation, cloudWatchQueryProtocol(operation), unknown, () => parseForm(form));
  };

  function routed(
    operation: string,
    protocol: WireProtocol,
    unknown: ServiceError,
    input: () => CloudWatchInput | ServiceError,
  ): RoutedRequest {
    const handler = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
    return {
      service: 'cloudwatch',
      operation,
      protocol,
      execute(fault) {
        if (handler === undefined) throw unknown;
        const parsed = input();
        if (parsed instanceof ServiceError) throw parsed;
        return handler(parsed, { fault });
      },
    };
  }
}

function parseJson(body: Buffer): CloudWatchInput | ServiceError {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (isPlainObject(value)) return value;
  } catch {
    // answered below
  }
  return new ServiceError('SerializationException', 'The request body is not a JSON object.');
}

/** The body, gunzipped when it says `Content-Encoding: gzip` (the SDK compresses PutMetricData over 10 KB). */
function decoded(request: WireRequest): Buffer | ServiceError {
  if (String(request.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return request.body;
  try {
    return gunzipSync(request.body);
  } catch {
    return new ServiceError('SerializationException', 'The request body is not valid gzip.');
  }
}

function formOf(request: WireRequest): URLSearchParams {
  const form = new URLSearchParams(request.query);
  const contentType = String(request.headers['content-type'] ?? '');
  if (request.body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
    const body = decoded(request);
    // A body that does not gunzip leaves only the URL's form: no Action, so not claimed.
    if (body instanceof ServiceError) return form;
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) form.append(key, value);
  }
  return form;
}

/**
 * The query protocol's flattened form as a tree: `A.member.2.B=x` becomes `{ A: [<1>, { B: 'x' }] }`,
 * `A.entry.1.key=k&A.entry.1.value=v` becomes `{ A: { k: 'v' } }`. Leaves stay strings.
 */
export function parseForm(form: URLSearchParams): CloudWatchInput {
  const root: Node = new Map();
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Operation' || key === 'Version') continue;
    const path = key.split('.');
    let node = root;
    for (let index = 0; index < path.length - 1; index += 1) {
      const segment = path[index] as string;
      let child = node.get(segment);
      if (!(child instanceof Map)) {
        child = new Map();
        node.set(segment, child);
      }
      node = child;
    }
    node.set(path[path.length - 1] as string, value);
  }
  return build(root) as CloudWatchInput;
}

type Node = Map<string, Node | string>;

function build(node: Node | string): unknown {
  if (typeof node === 'string') return node;
  const members = node.get('member');
  if (members instanceof Map && node.size === 1) return indexed(members).map(build);
  const entries = node.get('entry');
  if (entries instanceof Map && node.size === 1) {
    const map: Record<string, unknown> = {};
    for (const entry of indexed(entries)) {
      if (!(entry instanceof Map)) continue;
      const key = entry.get('key');
      if (typeof key === 'string') map[key] = build(entry.get('value') ?? '');
    }
    return map;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of node) out[key] = build(child);
  return out;
}

function indexed(items: Node): (Node | string)[] {
  return [...items.entries()]
    .filter(([index]) => /^\d+$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, item]) => item);
}
