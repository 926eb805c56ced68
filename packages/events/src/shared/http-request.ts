import { CONTEXT_KEYS, type EventContext, type EventContextOptions, readContext } from './context';
import { payloadText, toBase64 } from './payload';
import { formDecode, formEncode } from './url-encoding';
import { describeType, fail, isPlainObject, optionalString, setOwn, type UnknownRecord } from './validate';

/** Request headers by name; an array sends the header once per value, as a client repeating it would. */
export type HttpHeaders = Readonly<Record<string, string | readonly string[]>>;

/**
 * Query parameters: decoded values by name (an array repeats the name), or a raw query string as it
 * would appear in the URL (`a=1&b=x%20y`, an optional leading `?` is dropped).
 */
export type HttpQuery = string | Readonly<Record<string, string | readonly string[]>>;

/** What every HTTP-shaped builder (API Gateway v1 and v2, ALB) takes to describe the request. */
export interface HttpRequestOptions extends EventContextOptions {
  /** HTTP method, in any case. Default `GET` (or the method of a given route). */
  method?: string;
  /** Path as the client sent it: starts with `/`, no query string. Default `/` (or the given route). */
  path?: string;
  /** Request headers; names are matched case-insensitively against the defaults they replace. */
  headers?: HttpHeaders;
  query?: HttpQuery;
  /**
   * Request body. A string is sent as is; a `Uint8Array` base64-encoded with `isBase64Encoded: true`;
   * anything else as JSON, with `Content-Type: application/json` unless a content type is given.
   * `undefined` or `null`: no body. `Content-Length` is added for any body unless given.
   */
  body?: unknown;
  /** Client IP, in `X-Forwarded-For` and the request context. Default `192.0.2.1` (a documentation address). */
  sourceIp?: string;
}

export const HTTP_REQUEST_KEYS = [
  ...CONTEXT_KEYS,
  'method',
  'path',
  'headers',
  'query',
  'body',
  'sourceIp',
] as const;

/** One header with every value it was sent with, under the first spelling of its name. */
export interface HeaderField {
  name: string;
  values: string[];
}

/** One query parameter, both as it appears in the URL and decoded. */
export interface QueryParam {
  rawName: string;
  rawValue: string;
  name: string;
  value: string;
}

export interface HttpBody {
  text: string;
  isBase64Encoded: boolean;
  byteLength: number;
  json: boolean;
}

/** The caller's request, checked; builders add their defaults and shape it. */
export interface HttpRequest {
  context: EventContext;
  /** Upper-cased; `undefined` when not given, so a route can supply it. */
  method: string | undefined;
  path: string | undefined;
  headers: HeaderField[];
  query: QueryParam[];
  /** The query string without `?`, as the client sent it. */
  rawQueryString: string;
  body: HttpBody | undefined;
  sourceIp: string;
}

export const DEFAULT_SOURCE_IP = '192.0.2.1';
/** Tells smoke traffic apart in access logs and metrics. */
export const DEFAULT_USER_AGENT = 'shiftguard-smoke';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function readHttpRequest(record: UnknownRecord, what: string): HttpRequest {
  const context = readContext(record, what);
  const methodOption = optionalString(record, 'method', what);
  const method = methodOption?.toUpperCase();
  if (method !== undefined && !/^[A-Z]+$/.test(method)) {
    fail(`${what}.method must be an HTTP method such as "GET", got ${JSON.stringify(methodOption)}`);
  }
  const path = optionalString(record, 'path', what);
  if (path !== undefined) checkPath(path, `${what}.path`);
  const query = readQuery(record.query, `${what}.query`);
  return {
    context,
    method,
    path,
    headers: readHeaders(record.headers, `${what}.headers`),
    query: query.params,
    rawQueryString: query.raw,
    body: readBody(record.body, `${what}.body`),
    sourceIp: optionalString(record, 'sourceIp', what) ?? DEFAULT_SOURCE_IP,
  };
}

export function checkPath(path: string, what: string): void {
  if (!path.startsWith('/')) fail(`${what} must start with "/", got ${JSON.stringify(path)}`);
  if (/[?#\s]/.test(path)) {
    fail(
      `${what} must be a bare path without query string, fragment or spaces (use "query"), got ${JSON.stringify(path)}`,
    );
  }
}

function readHeaders(value: unknown, what: string): HeaderField[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) fail(`${what} must be an object of strings, got ${describeType(value)}`);
  const fields: HeaderField[] = [];
  for (const [name, raw] of Object.entries(value)) {
    if (!TOKEN.test(name)) fail(`${what} has an invalid header name ${JSON.stringify(name)}`);
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
    if (values === undefined || values.length === 0) {
      fail(`${what}.${name} must be a string or a non-empty array of strings, got ${describeType(raw)}`);
    }
    for (const entry of values) {
      if (typeof entry !== 'string')
        fail(`${what}.${name} values must be strings, got ${describeType(entry)}`);
      if (/[\r\n\0]/.test(entry)) fail(`${what}.${name} must not contain CR, LF or NUL`);
    }
    // HTTP names are case-insensitive: "Accept" and "accept" given together are one header sent twice.
    const existing = findHeader(fields, name);
    if (existing) existing.values.push(...(values as string[]));
    else fields.push({ name, values: [...(values as string[])] });
  }
  return fields;
}

function readQuery(value: unknown, what: string): { params: QueryParam[]; raw: string } {
  if (value === undefined) return { params: [], raw: '' };
  if (typeof value === 'string') {
    const raw = value.startsWith('?') ? value.slice(1) : value;
    const params: QueryParam[] = [];
    for (const piece of raw.split('&')) {
      if (piece === '') continue;
      const equals = piece.indexOf('=');
      const rawName = equals === -1 ? piece : piece.slice(0, equals);
      const rawValue = equals === -1 ? '' : piece.slice(equals + 1);
      const name = formDecode(rawName);
      const decoded = formDecode(rawValue);
      if (name === undefined || decoded === undefined) {
        fail(`${what} has a malformed percent-escape in ${JSON.stringify(piece)}`);
      }
      params.push({ rawName, rawValue, name, value: decoded });
    }
    return { params, raw };
  }
  if (!isPlainObject(value)) {
    fail(`${what} must be a query string or an object of strings, got ${describeType(value)}`);
  }
  const params: QueryParam[] = [];
  for (const [name, raw] of Object.entries(value)) {
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
    if (values === undefined || values.length === 0) {
      fail(`${what}.${name} must be a string or a non-empty array of strings, got ${describeType(raw)}`);
    }
    for (const entry of values) {
      if (typeof entry !== 'string')
        fail(`${what}.${name} values must be strings, got ${describeType(entry)}`);
      params.push({ rawName: formEncode(name), rawValue: formEncode(entry), name, value: entry });
    }
  }
  return { params, raw: params.map((param) => `${param.rawName}=${param.rawValue}`).join('&') };
}

function readBody(value: unknown, what: string): HttpBody | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) {
    return { text: toBase64(value), isBase64Encoded: true, byteLength: value.byteLength, json: false };
  }
  const text = payloadText(value, what);
  return {
    text,
    isBase64Encoded: false,
    byteLength: Buffer.byteLength(text),
    json: typeof value !== 'string',
  };
}

export function findHeader(fields: readonly HeaderField[], name: string): HeaderField | undefined {
  const lower = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === lower);
}

/**
 * The headers a request arrives with: the builder's defaults (what a client and the AWS front end add),
 * then `Content-Type`/`Content-Length` for a body, each replaced by a caller's header of the same name
 * in any case.
 */
export function assembleHeaders(
  defaults: readonly (readonly [string, string])[],
  request: HttpRequest,
): HeaderField[] {
  const fields: HeaderField[] = [];
  const add = (name: string, value: string): void => {
    if (!findHeader(request.headers, name)) fields.push({ name, values: [value] });
  };
  for (const [name, value] of defaults) add(name, value);
  if (request.body) {
    if (request.body.json) add('Content-Type', 'application/json');
    add('Content-Length', String(request.body.byteLength));
  }
  return [...fields, ...request.headers.map((field) => ({ name: field.name, values: [...field.values] }))];
}

/** One value per header, the last one sent — what API Gateway v1 and a single-value ALB keep. */
export function lastValues(
  fields: readonly HeaderField[],
  rename: (name: string) => string = (name) => name,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) setOwn(out, rename(field.name), field.values[field.values.length - 1] ?? '');
  return out;
}

export function allValues(
  fields: readonly HeaderField[],
  rename: (name: string) => string = (name) => name,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const field of fields) setOwn(out, rename(field.name), [...field.values]);
  return out;
}

/** Query parameters grouped by name, in order of first appearance. */
export function groupQuery(
  params: readonly QueryParam[],
  pick: (param: QueryParam) => readonly [string, string],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const param of params) {
    const [name, value] = pick(param);
    const values = Object.hasOwn(out, name) ? out[name] : undefined;
    if (values) values.push(value);
    else setOwn(out, name, [value]);
  }
  return out;
}

/** The last value of each group, for the single-value maps beside the multi-value ones. */
export function lastOfEach(grouped: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(grouped)) setOwn(out, name, values[values.length - 1] ?? '');
  return out;
}

/** A stage name goes into paths and ARNs: letters, digits, `-`, `_` (and `$default` for HTTP APIs). */
export function readStage(record: UnknownRecord, what: string): string | undefined {
  const stage = optionalString(record, 'stage', what);
  if (stage !== undefined && !/^(\$default|[A-Za-z0-9_-]{1,128})$/.test(stage)) {
    fail(`${what}.stage must be letters, digits, "-" or "_", got ${JSON.stringify(stage)}`);
  }
  return stage;
}

/** An API id is the first label of the execute-api host name, so it must be a DNS label. */
export function readApiId(record: UnknownRecord, what: string): string | undefined {
  const apiId = optionalString(record, 'apiId', what);
  if (apiId !== undefined && !/^[a-z0-9]{1,63}$/.test(apiId)) {
    fail(`${what}.apiId must be lowercase letters and digits, got ${JSON.stringify(apiId)}`);
  }
  return apiId;
}
