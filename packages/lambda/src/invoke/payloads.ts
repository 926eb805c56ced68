import type { CheckContext } from '@shiftguard/core';
import type { JsonInput, Validator } from '@shiftguard/kit';
import { InvalidLambdaCheckOptionsError } from '../errors';

/** One payload or several; either may be computed from the check context (e.g. to include the version). */
export interface PayloadSource {
  /** The event sent to the function. Default `{}`. */
  payload?: JsonInput | ((ctx: CheckContext) => unknown);
  /** Several events, each sent in turn. */
  payloads?: readonly unknown[] | ((ctx: CheckContext) => readonly unknown[]);
}

export function validatePayloadSource(options: PayloadSource, validator: Validator): void {
  if (options.payload !== undefined && options.payloads !== undefined) {
    validator.failWith('payloads', 'give payload or payloads, not both');
  }
  const { payloads } = options;
  if (payloads !== undefined && typeof payloads !== 'function') {
    if (!Array.isArray(payloads) || payloads.length === 0) {
      validator.fail('payloads', 'must be a non-empty array or a function');
    }
  }
}

export function resolvePayloads(options: PayloadSource, ctx: CheckContext): readonly unknown[] {
  if (options.payloads !== undefined) {
    const list = typeof options.payloads === 'function' ? options.payloads(ctx) : options.payloads;
    if (!Array.isArray(list) || list.length === 0) {
      throw new InvalidLambdaCheckOptionsError('payloads() must return a non-empty array');
    }
    return list;
  }
  const single = typeof options.payload === 'function' ? options.payload(ctx) : options.payload;
  // `null` is a payload of its own (Lambda passes it on); only a missing payload means `{}`.
  return [single === undefined ? {} : single];
}
