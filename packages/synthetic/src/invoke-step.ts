import type { CheckContext } from '@shiftguard/core';
import type { JsonInput } from '@shiftguard/kit';
import { type InvokeCheckOptions, type InvokeExpectation, invokeCheck } from '@shiftguard/lambda';
import { InvalidJourneyError } from './errors';
import { asStepOptionsError, extractor } from './extract';
import type { Step, StepContext } from './journey';
import { optionsValidator } from './options';

/**
 * Options of {@link invokeStep}: those of `invokeCheck` (a `payload` may be a function of the step's
 * context), and `extract`.
 */
export type InvokeStepOptions = Omit<InvokeCheckOptions, 'name' | 'payload' | 'payloads'> & {
  /** The event sent to the function, or a function of the step's context (to use what an earlier step extracted). Default `{}`. */
  payload?: JsonInput | ((ctx: StepContext) => unknown);
  /** Several events, each sent in turn, or a function of the step's context returning them. */
  payloads?: readonly unknown[] | ((ctx: StepContext) => readonly unknown[]);
  /**
   * Variables to set from the parsed response payload once every expectation holds: a variable name
   * to an RFC 6901 JSON Pointer (`{ orderId: '/body/id' }`). With a burst, the first response judged
   * is read. A pointer that finds nothing fails the step.
   */
  extract?: Readonly<Record<string, string>>;
};

/**
 * A journey step that invokes the function under test directly, by version number, with
 * `invokeCheck`'s engine and expectations, and sets `ctx.vars` from the response payload.
 *
 * @example
 * ```ts
 * invokeStep('create-order', {
 *   payload: { action: 'create', sku: 'canary-probe' },
 *   expect: { payload: { ok: true } },
 *   extract: { orderId: '/id' },
 * });
 * ```
 */
export function invokeStep(name: string, options: InvokeStepOptions = {}): Step {
  const validator = optionsValidator('invokeStep');
  if (validator.string(name, 'name') === undefined) validator.fail('name', 'is required');
  // invokeCheck names unknown keys itself (its key list is not exported); only ours is taken out here.
  const { extract, ...rest } = validator.object(
    options,
    'options',
    Object.keys(options ?? {}),
  ) as InvokeStepOptions;
  const extracting = extractor(extract, validator);
  const expect = extracting.wrap<InvokeExpectation>(rest.expect, 'payloadSatisfies');
  const check = asStepOptionsError(
    'invokeStep',
    name,
    'SG_LAMBDA_INVALID_OPTIONS',
    () => invokeCheck({ ...rest, name, ...(expect !== undefined && { expect }) } as InvokeCheckOptions),
    (message, cause) => new InvalidJourneyError(message, { cause }),
  );

  return {
    name,
    run: (ctx: StepContext) =>
      extracting.run(ctx.vars, 'response payload', () => check.run(ctx as CheckContext)),
  };
}
