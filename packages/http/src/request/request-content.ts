import type { CheckContext } from '@shiftguard/core';
import type { Validator } from '@shiftguard/kit';
import { callOptionFunction, resultValidator } from './option-function';

/** What a request sends besides its URL and method. */
export interface RequestContent {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** The `headers`, `body` and `json` options as given: each a value, or a function of the context. */
export interface RequestContentOptions {
  readonly headers?: unknown;
  readonly body?: unknown;
  readonly json?: unknown;
}

/** A request's content, worked out at construction when every option is a value. */
export interface CompiledRequestContent {
  /** Set when no option is a function: what every run sends. */
  readonly fixed: RequestContent | undefined;
  /**
   * What one run sends: each function called once and its result held to the option's rules.
   * Throws `CheckFailure` naming the option when a function throws or returns a bad value.
   */
  atRunTime(ctx: CheckContext): RequestContent;
}

/** One option: its value worked out once, or the function that works it out per run. */
type Part<T> =
  | { readonly fixed: T; readonly atRunTime?: undefined }
  | { readonly atRunTime: (ctx: CheckContext) => T };

export function compileRequestContent(
  options: RequestContentOptions,
  validator: Validator,
): CompiledRequestContent {
  const json = options.json !== undefined;
  if (json && options.body !== undefined) validator.fail('json', 'cannot be given with body');
  const headers = compilePart(options.headers, 'headers', validator, readHeaders);
  const body = json
    ? compilePart(options.json, 'json', validator, serialiseJson)
    : compilePart(options.body, 'body', validator, readBody);
  const content = (given: Readonly<Record<string, string>> = {}, text?: string): RequestContent => ({
    headers: json ? withJsonContentType(given) : given,
    body: text,
  });
  if (headers.atRunTime === undefined && body.atRunTime === undefined) {
    const fixed = content(headers.fixed, body.fixed);
    return { fixed, atRunTime: () => fixed };
  }
  return {
    fixed: undefined,
    atRunTime: (ctx) => content(valueAt(headers, ctx), valueAt(body, ctx)),
  };
}

/**
 * For a factory that sends one request many times (`loadProbe`): the content worked out once, a
 * function refused at construction with the reason.
 */
export function compileFixedRequestContent(
  options: RequestContentOptions,
  validator: Validator,
  why: string,
): RequestContent {
  for (const option of ['headers', 'body', 'json'] as const) {
    if (typeof options[option] === 'function') {
      validator.fail(option, `must be a value, not a function: ${why}`);
    }
  }
  // No option is a function, so the content is fixed.
  return compileRequestContent(options, validator).fixed!;
}

function compilePart<T>(
  value: unknown,
  option: string,
  validator: Validator,
  read: (value: unknown, validator: Validator) => T,
): Part<T | undefined> {
  if (value === undefined) return { fixed: undefined };
  if (typeof value !== 'function') return { fixed: read(value, validator) };
  const fn = value as (ctx: CheckContext) => unknown;
  const results = resultValidator(option);
  return { atRunTime: (ctx) => read(callOptionFunction(option, fn, ctx), results) };
}

function valueAt<T>(part: Part<T>, ctx: CheckContext): T {
  return part.atRunTime === undefined ? part.fixed : part.atRunTime(ctx);
}

// The readers see a value that is given: a function returning `undefined` is refused like any other
// wrong type, since a forgotten `return` would otherwise send the request without its headers.

function readHeaders(value: unknown, validator: Validator): Record<string, string> {
  const headers =
    validator.stringMap(value, 'headers') ?? validator.wrongType('headers', 'an object of strings', value);
  // A copy: the caller's object may change after it was given.
  return { ...headers };
}

function readBody(value: unknown, validator: Validator): string {
  return (
    validator.string(value, 'body', { allowEmpty: true }) ?? validator.wrongType('body', 'a string', value)
  );
}

function serialiseJson(value: unknown, validator: Validator): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    validator.fail('json', 'must be serialisable as JSON', error);
  }
  if (text === undefined) validator.fail('json', 'must be serialisable as JSON');
  return text;
}

function withJsonContentType(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) return headers;
  return { ...headers, 'content-type': 'application/json' };
}
