import { type CheckContext, CheckFailure } from '@shiftguard/core';
import { describeThrown, redactText, Validator } from '@shiftguard/kit';

/**
 * Calls the function given for a request option, at run time. What it throws, or a Promise it
 * returns, fails the check naming the option: a mistake in the caller's function is a verdict to
 * report, not a reason for the hook to crash.
 */
export function callOptionFunction(
  option: string,
  fn: (ctx: CheckContext) => unknown,
  ctx: CheckContext,
): unknown {
  let result: unknown;
  try {
    result = fn(ctx);
  } catch (error) {
    throw new CheckFailure(`the ${option} function threw: ${redactText(describeThrown(error))}`, {
      cause: error,
    });
  }
  if (isPromiseLike(result)) {
    // Nobody awaits it: were it to reject, the unhandled rejection would end the Lambda's process.
    Promise.resolve(result).catch(() => {});
    throw new CheckFailure(
      `the ${option} function returned a Promise: it is called synchronously and must return the value itself`,
    );
  }
  return result;
}

/**
 * Holds a function's result to the option's own rules and messages (`headers.x must be a string`),
 * failing the check rather than the construction, since the options were accepted long before.
 */
export function resultValidator(option: string): Validator {
  return new Validator({
    prefix: `the ${option} function's result: `,
    error: (message, { cause }) => new CheckFailure(message, cause === undefined ? undefined : { cause }),
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
