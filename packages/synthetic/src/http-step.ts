import { AsyncLocalStorage } from 'node:async_hooks';
import { type CheckContext, CheckFailure } from '@shiftguard/core';
import { type HttpCheckOptions, type HttpExpectation, httpCheck } from '@shiftguard/http';
import { isPlainObject } from '@shiftguard/kit';
import { InvalidJourneyError } from './errors';
import type { Step, StepContext } from './journey';
import { parseJsonPointer, resolveTokens } from './json-pointer';
import { optionsValidator } from './options';

/** Options of {@link httpStep}: those of `httpCheck`, with the URL a function of the step's context, and `extract`. */
export interface HttpStepOptions extends Omit<HttpCheckOptions, 'name' | 'url'> {
  /** An absolute `http:`/`https:` URL, or a function of the step's context (to use what an earlier step extracted). */
  url: string | ((ctx: StepContext) => string);
  /**
   * Variables to set from the response's JSON body once every expectation holds: a variable name to
   * an RFC 6901 JSON Pointer (`{ orderId: '/id', first: '/items/0/sku' }`). A pointer that finds
   * nothing fails the step; asking for any makes a non-JSON body fail it too.
   */
  extract?: Readonly<Record<string, string>>;
}

/**
 * A journey step that makes one HTTP call with `httpCheck`'s engine and expectations (status,
 * headers, body, JSON, latency; bounded body, redirects, secrets redacted), and sets `ctx.vars`
 * from the answer's JSON.
 *
 * @example
 * ```ts
 * httpStep('create-order', {
 *   url: 'https://orders.example.com/orders',
 *   method: 'POST',
 *   json: { sku: 'canary-probe' },
 *   expect: { status: 201 },
 *   extract: { orderId: '/id' },
 * });
 * ```
 */
export function httpStep(name: string, options: HttpStepOptions): Step {
  const validator = optionsValidator('httpStep');
  if (validator.string(name, 'name') === undefined) validator.fail('name', 'is required');
  const { extract, ...rest } = validator.object(
    options,
    'options',
    OPTION_KEYS,
  ) as unknown as HttpStepOptions;
  const pointers = Object.entries(validator.stringMap(extract, 'extract') ?? {}).map(
    ([variable, pointer]) => {
      try {
        return [variable, parseJsonPointer(pointer), pointer] as const;
      } catch (error) {
        return validator.fail(`extract.${variable}`, (error as Error).message, error);
      }
    },
  );
  // The parsed body reaches us only through `jsonSatisfies`, the last expectation httpCheck judges;
  // the store keeps concurrent runs of one step apart.
  const captured = new AsyncLocalStorage<{ body?: unknown; seen: boolean }>();
  const expect = withCapture(rest.expect, pointers.length > 0, (body) => {
    const store = captured.getStore();
    if (store) {
      store.body = body;
      store.seen = true;
    }
  });
  const check = asStepOptionsError(name, () =>
    httpCheck({
      ...rest,
      name,
      url: rest.url as HttpCheckOptions['url'],
      ...(expect !== undefined && { expect }),
    }),
  );

  return {
    name,
    async run(ctx: StepContext) {
      const store: { body?: unknown; seen: boolean } = { seen: false };
      await captured.run(store, () => check.run(ctx as CheckContext));
      for (const [variable, tokens, pointer] of pointers) {
        const value = store.seen ? resolveTokens(store.body, tokens) : undefined;
        if (value === undefined) {
          throw new CheckFailure(
            `extract ${variable}: nothing at ${JSON.stringify(pointer)} in the response JSON`,
            {
              details: { variable, pointer },
            },
          );
        }
        ctx.vars.set(variable, value);
      }
    },
  };
}

const OPTION_KEYS = [
  'url',
  'method',
  'headers',
  'body',
  'json',
  'expect',
  'timeouts',
  'maxBodyBytes',
  'followRedirects',
  'redactHeaders',
  'dispatcher',
  'extract',
] as const;

// httpCheck does not export its option keys: this fails to compile when it gains one we do not list.
type Unlisted = Exclude<keyof HttpStepOptions, (typeof OPTION_KEYS)[number]>;
const everyOptionListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOptionListed;

/** httpCheck's option errors, told as this step's: the user wrote `httpStep`, not `httpCheck`. */
function asStepOptionsError<T>(name: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'SG_HTTP_INVALID_OPTIONS') throw error;
    const message = String((error as Error).message).replace(/^httpCheck: /, '');
    throw new InvalidJourneyError(`httpStep "${name}": ${message}`, { cause: error });
  }
}

function withCapture(
  expect: HttpExpectation | undefined,
  wanted: boolean,
  capture: (body: unknown) => void,
): HttpExpectation | undefined {
  if (!wanted) return expect;
  // Left as given when it is not what httpCheck accepts, so httpCheck's own error names it.
  if (expect !== undefined && !isPlainObject(expect)) return expect;
  const theirs = expect?.jsonSatisfies;
  if (theirs !== undefined && typeof theirs !== 'function') return expect;
  return {
    ...expect,
    jsonSatisfies: (body: unknown) => {
      capture(body);
      return theirs ? theirs(body) : undefined;
    },
  };
}
