import { type CheckContext, CheckFailure } from '@shiftguard/core';
import type { Validator } from '@shiftguard/kit';
import type { HttpTimeouts } from '../checks/http-check';
import { callOptionFunction } from './option-function';
import { parseHttpUrl } from './url';

// What httpCheck, waitUntilHealthy and loadProbe read the same way: the URL, its credentials and the
// timeouts. The headers and body are in request-content.ts.

export function compileUrl(value: unknown, validator: Validator): URL | undefined {
  if (typeof value === 'function') return undefined;
  if (value === undefined) validator.fail('url', 'is required');
  const url = parseHttpUrl(value);
  if (typeof url === 'string') validator.fail('url', url);
  return url;
}

export function urlAtRunTime(url: (ctx: CheckContext) => string, ctx: CheckContext): URL {
  // Through the one path every option function takes: a throw or a Promise fails the check naming it.
  const parsed = parseHttpUrl(callOptionFunction('url', url, ctx));
  if (typeof parsed === 'string') throw new CheckFailure(`the url function's result ${parsed}`);
  return parsed;
}

/** undici refuses credentials in a URL; they become the Basic authorization a browser would send. */
export function withUrlCredentials(
  headers: Readonly<Record<string, string>>,
  url: URL,
): Record<string, string> {
  if (url.username === '' && url.password === '') return { ...headers };
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return { ...headers };
  const pair = `${decodeComponent(url.username)}:${decodeComponent(url.password)}`;
  return { ...headers, authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

/** URL credentials stay percent-encoded where they are not valid encodings (`%zz`), rather than throwing. */
export function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function withoutCredentials(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy;
}

export function compileTimeouts(value: unknown, validator: Validator): Required<HttpTimeouts> {
  if (value === undefined) return { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 };
  const record = validator.object(value, 'timeouts', ['connectMs', 'headersMs', 'bodyMs']);
  const limit = (key: string, fallback: number) =>
    validator.integer(record[key], `timeouts.${key}`, { min: 1, max: 15 * 60_000 }) ?? fallback;
  return {
    connectMs: limit('connectMs', 5_000),
    headersMs: limit('headersMs', 10_000),
    bodyMs: limit('bodyMs', 10_000),
  };
}

/** Says what went wrong on the wire in words, by undici's and Node's stable codes. */
