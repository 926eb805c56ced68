import type { CheckContext } from '@shiftguard/core';
import {
  HTTP_CHECK_OPTION_KEYS,
  type HttpCheckOptions,
  type HttpExpectation,
  httpCheck,
  type JsonBody,
} from '@shiftguard/http';
import { InvalidJourneyError } from './errors';
import { asStepOptionsError, extractor } from './extract';
import type { Step, StepContext } from './journey';
import { optionsValidator } from './options';

/**
 * Options of {@link httpStep}: those of `httpCheck`, with `url`, `headers`, `body` and `json` functions
 * of the step's context, and `extract`.
 */
export interface HttpStepOptions
  extends Omit<HttpCheckOptions, 'name' | 'url' | 'headers' | 'body' | 'json'> {
  /** An absolute `http:`/`https:` URL, or a function of the step's context (to use what an earlier step extracted). */
  url: string | ((ctx: StepContext) => string);
  /** Request headers, or a function of the step's context returning them (a token an earlier step got). */
  headers?: Readonly<Record<string, string>> | ((ctx: StepContext) => Readonly<Record<string, string>>);
  /** A text body, or a function of the step's context returning it. Not with `json`. */
  body?: string | ((ctx: StepContext) => string);
  /**
   * A value sent as JSON, or a function of the step's context returning it (`(ctx) => ({ orderId:
   * ctx.vars.get('orderId') })`). Not with `body`.
   */
  json?: JsonBody | ((ctx: StepContext) => unknown);
  /**
   * Variables to set from the response's JSON body once every expectation holds: a variable name to
   * an RFC 6901 JSON Pointer (`{ orderId: '/id', first: '/items/0/sku' }`). A pointer that finds
   * nothing fails the step; asking for any makes a non-JSON body fail it too.
   */
  extract?: Readonly<Record<string, string>>;
}

const OPTION_KEYS = [...HTTP_CHECK_OPTION_KEYS.filter((key) => key !== 'name'), 'extract'];

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
 * httpStep('pay', {
 *   url: 'https://orders.example.com/payments',
 *   method: 'POST',
 *   json: (ctx) => ({ orderId: ctx.vars.get('orderId') }),
 *   expect: { status: 201 },
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
  const extracting = extractor(extract, validator);
  const expect = extracting.wrap<HttpExpectation>(rest.expect, 'jsonSatisfies');
  const check = asStepOptionsError(
    'httpStep',
    name,
    'SG_HTTP_INVALID_OPTIONS',
    () =>
      // The functions are typed with the step's context, which is what httpCheck passes them: the
      // step runs the check with it.
      httpCheck({
        ...(rest as Omit<HttpCheckOptions, 'name'>),
        name,
        ...(expect !== undefined && { expect }),
      }),
    (message, cause) => new InvalidJourneyError(message, { cause }),
  );

  return {
    name,
    run: (ctx: StepContext) =>
      extracting.run(ctx.vars, 'response JSON', () => check.run(ctx as CheckContext)),
  };
}
