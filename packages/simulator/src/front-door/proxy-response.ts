// A function's proxy response read the way the integration reads it, into the HTTP answer the
// client gets, or the reason it is malformed.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { isPlainObject, showValue } from '@shiftguard/kit';
import type { Answer } from './gateway-responses';

/**
 * - `rest`: a REST API's 1.0 response, whose keys are checked (`cookies`, or a typo, makes it malformed);
 * - `http-1.0`: an HTTP API's 1.0 response, which must carry `statusCode` and whose other keys are ignored;
 * - `2.0`: an HTTP API's or a function URL's 2.0 response, inferred when it carries no `statusCode`.
 */
export type ResponseFormat = 'rest' | 'http-1.0' | '2.0';

export type ReadResponse =
  | { readonly ok: true; readonly answer: Answer }
  | { readonly ok: false; readonly problem: string };

export interface ResponseContext {
  /**
   * Whether a REST API decodes a base64 body for this response's content type (its `binaryMediaTypes`
   * meet the content type, or the request's `Accept`). HTTP APIs and URLs always decode one.
   */
  readonly decodesBase64: (contentType: string | undefined) => boolean;
}

const REST_KEYS = ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'];
/** Framing is the server's to write, for the bytes it actually sends. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

class Malformed extends Error {}

export function readProxyResponse(
  format: ResponseFormat,
  payload: string | undefined,
  context: ResponseContext,
): ReadResponse {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return { ok: false, problem: `the response is not JSON: ${showValue(payload ?? '')}` };
  }
  try {
    return { ok: true, answer: format === '2.0' ? readV2(payload!, value) : readV1(format, value, context) };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, problem: error.message };
    throw error;
  }
}

function readV1(format: 'rest' | 'http-1.0', value: unknown, context: ResponseContext): Answer {
  if (!isPlainObject(value)) throw new Malformed(`the response must be an object, got ${showValue(value)}`);
  if (format === 'rest') {
    const unknown = Object.keys(value).filter((key) => !REST_KEYS.includes(key));
    if (unknown.length > 0)
      throw new Malformed(`a REST API takes only ${REST_KEYS.join(', ')}; got ${unknown.join(', ')}`);
  }
  // The SAM CLI answers 200 for a REST response without one; AWS documents none.
  if (value.statusCode === undefined && format === 'http-1.0')
    throw new Malformed('a 1.0 response must have a statusCode');
  const status = value.statusCode === undefined ? 200 : statusOf(value.statusCode);
  const headers = mergeHeaders(singleHeaders(value.headers), multiHeaders(value.multiValueHeaders));
  const body = bodyOf(value.body);
  const base64 = flagOf(value.isBase64Encoded);
  withDefaultContentType(headers);
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const decode = base64 && (format === 'http-1.0' || context.decodesBase64(contentType));
  return { status, headers, body: decode ? Buffer.from(body, 'base64') : Buffer.from(body) };
}

function readV2(payload: string, value: unknown): Answer {
  // "If your Lambda function returns valid JSON and doesn't return a statusCode": 200, JSON, the
  // function's response as the body.
  if (!isPlainObject(value) || !('statusCode' in value)) {
    return { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(payload) };
  }
  const status = statusOf(value.statusCode);
  const headers = singleHeaders(value.headers);
  // Each cookie becomes a set-cookie line, ahead of any the headers hold; a `cookies` that is not a
  // list is passed over, as the SAM CLI does.
  const cookies = Array.isArray(value.cookies)
    ? value.cookies.map((cookie): [string, string] => ['Set-Cookie', checkedValue('Set-Cookie', cookie)])
    : [];
  const body = bodyOf(value.body);
  const base64 = flagOf(value.isBase64Encoded);
  const all = [...cookies, ...headers];
  withDefaultContentType(all);
  return { status, headers: all, body: base64 ? Buffer.from(body, 'base64') : Buffer.from(body) };
}

/** An integer from 100 to 599, or its decimal string (`"200"` has always been accepted). */
function statusOf(value: unknown): number {
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    throw new Malformed(`statusCode must be an HTTP status from 100 to 599, got ${showValue(value)}`);
  return status;
}

function singleHeaders(value: unknown): [string, string][] {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) throw new Malformed(`headers must be an object, got ${showValue(value)}`);
  return Object.entries(value)
    .filter(([name]) => !FRAMING.has(name.toLowerCase()))
    .map(([name, item]) => [checkedName(name), checkedValue(name, item)]);
}

function multiHeaders(value: unknown): [string, string][] {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value))
    throw new Malformed(`multiValueHeaders must be an object, got ${showValue(value)}`);
  return Object.entries(value)
    .filter(([name]) => !FRAMING.has(name.toLowerCase()))
    .flatMap(([name, items]) => {
      if (!Array.isArray(items))
        throw new Malformed(`multiValueHeaders.${name} must be a list, got ${showValue(items)}`);
      return items.map((item): [string, string] => [checkedName(name), checkedValue(name, item)]);
    });
}

/**
 * "If you specify values for both headers and multiValueHeaders, API Gateway merges them into a single
 * list. If the same key-value pair is specified in both, only the values from multiValueHeaders will
 * appear in the merged list."
 */
function mergeHeaders(single: [string, string][], multi: [string, string][]): [string, string][] {
  const seen = new Set(multi.map(([name, item]) => `${name.toLowerCase()}\n${item}`));
  return [...multi, ...single.filter(([name, item]) => !seen.has(`${name.toLowerCase()}\n${item}`))];
}

function checkedName(name: string): string {
  try {
    validateHeaderName(name);
  } catch {
    throw new Malformed(`${showValue(name)} is not a header name`);
  }
  return name;
}

function checkedValue(name: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    throw new Malformed(`header ${name} must be a string, got ${showValue(value)}`);
  const text = String(value);
  try {
    validateHeaderValue(name, text);
  } catch {
    throw new Malformed(`header ${name} holds characters a header may not: ${showValue(text)}`);
  }
  return text;
}

/** A string, or nothing; an object body is the commonest malformed response of all. */
function bodyOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new Malformed(`body must be a string, got ${showValue(value)}`);
  return value;
}

function flagOf(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Malformed(`isBase64Encoded must be a boolean, got ${showValue(value)}`);
}

/** A response that names no content type goes out as JSON (the SAM CLI's rule; AWS documents it for 2.0). */
function withDefaultContentType(headers: [string, string][]): void {
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type'))
    headers.push(['Content-Type', 'application/json']);
}
