import type { FunctionErrorBody } from './function-error';

/** The Node.js runtimes Lambda still creates functions with; the emulator runs them all in its own Node. */
export const NODE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const;

/** A function's `Runtime`: one of the Node.js runtimes the emulator runs. */
export type LambdaRuntime = (typeof NODE_RUNTIMES)[number];

/** What a function runs on when nothing says otherwise (CreateFunction over the wire must name one). */
export const DEFAULT_RUNTIME: LambdaRuntime = 'nodejs20.x';

/**
 * Whether `runtime` calls handlers as `await handler(event, context)`, with no callback: Node.js 24 and
 * later. There a handler declaring three or more parameters fails at init ({@link callbackHandlerError}),
 * and a synchronous handler answers with what it returns. Earlier runtimes pass a callback, answer a
 * three-parameter handler through it, and answer `null` for a synchronous handler.
 *
 * From the runtime interface client that Node.js 24 runs (aws/aws-lambda-nodejs-runtime-interface-client):
 * `src/function/callback-deprecation.ts` refuses `argsNum >= 3` (the handler's `length`, async or not)
 * unless it streams, and `src/runtime/buffered-invoke-processor.ts` answers `await this.handler(event,
 * context)`.
 */
export function callsHandlersWithoutCallback(runtime: LambdaRuntime): boolean {
  return runtime === 'nodejs24.x';
}

/**
 * The init error Node.js 24 answers a callback-style handler with. Type and message are the runtime
 * interface client's (`CallbackHandlerDeprecatedError` in `src/utils/errors.ts`,
 * `CALLBACK_ERROR_NODEJS24_ABOVE` in `src/context/constants.ts`), matching what users report from Lambda
 * (e.g. open-telemetry/opentelemetry-js-contrib#3251). Lambda's trace goes on with the runtime's own frames
 * (`errorOnDeprecatedCallback`, `createRuntime`); the emulator, having none, gives the first line only.
 */
export function callbackHandlerError(): FunctionErrorBody {
  const errorType = 'Runtime.CallbackHandlerDeprecated';
  const errorMessage =
    'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';
  return { errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`] };
}
