import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock';
import { type FunctionErrorBody, formatErrorForLog, toFunctionError } from './function-error';
import { type CodeRecord, type HandlerFunction, loadHandler } from './handler-loader';
import type { InvocationLog } from './invocation-log';
import { type CaptureTarget, runCaptured } from './log-capture';
import type { LambdaInvocationContext } from './types';

/** Everything one run of a handler needs; the caller has already picked the version. */
export interface RunParams {
  readonly requestId: string;
  readonly functionName: string;
  /** The version that runs (`context.functionVersion`). */
  readonly version: string;
  /** The ARN as invoked, qualifier included (`context.invokedFunctionArn`). */
  readonly invokedFunctionArn: string;
  readonly region: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly logStreamName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly clientContext: unknown;
  readonly code: CodeRecord;
  readonly event: unknown;
  readonly clock: Clock;
  readonly log: InvocationLog;
}

export type RunOutcome =
  | {
      readonly kind: 'succeeded';
      readonly payload: string;
      readonly durationMs: number;
      readonly startedAt: number;
    }
  | {
      readonly kind: 'failed' | 'timedOut';
      readonly error: FunctionErrorBody;
      readonly durationMs: number;
      readonly startedAt: number;
    };

/**
 * Runs a handler the way Lambda's Node.js runtime does: a context with a real deadline, output
 * captured into the invocation's log, the answer from the returned promise or the callback, thrown
 * errors and timeouts turned into the runtime's function errors. The handler runs in this process;
 * after a timeout it is abandoned, not stopped (Lambda would freeze its sandbox).
 */
export async function runHandler(params: RunParams): Promise<RunOutcome> {
  const loaded = await loadHandler(params.code);
  const startedAt = params.clock.now();
  params.log.start(params.version);
  if (!loaded.ok) {
    params.log.line('ERROR', ['Invoke Error', `\t${JSON.stringify(loaded.error)}`]);
    return finish(params, { kind: 'failed', error: loaded.error, durationMs: 0, startedAt });
  }
  const outcome = await call(loaded.fn, params, startedAt);
  return finish(params, outcome);
}

function finish(params: RunParams, outcome: RunOutcome): RunOutcome {
  if (outcome.kind === 'timedOut') params.log.timedOut(params.timeoutMs);
  params.log.end({
    durationMs: outcome.durationMs,
    memoryMb: params.memoryMb,
    timedOut: outcome.kind === 'timedOut',
  });
  return outcome;
}

function call(fn: HandlerFunction, params: RunParams, startedAt: number): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const began = performance.now();
    let settled = false;
    const settle = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const succeed = (result: unknown) => {
      if (settled) return;
      const durationMs = performance.now() - began;
      const serialized = serialize(result);
      if (typeof serialized === 'string') {
        settle({ kind: 'succeeded', payload: serialized, durationMs, startedAt });
      } else {
        fail(serialized.error);
      }
    };
    const fail = (error: unknown) => {
      if (settled) return;
      params.log.line('ERROR', ['Invoke Error', formatErrorForLog(error)]);
      settle({
        kind: 'failed',
        error: toFunctionError(error),
        durationMs: performance.now() - began,
        startedAt,
      });
    };
    const callback = (error?: unknown, result?: unknown) => {
      if (error !== undefined && error !== null) fail(error);
      else succeed(result);
    };
    const timer = setTimeout(() => {
      settle({
        kind: 'timedOut',
        error: {
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${params.requestId} Error: Task timed out after ${(params.timeoutMs / 1000).toFixed(2)} seconds`,
        },
        durationMs: params.timeoutMs,
        startedAt,
      });
    }, params.timeoutMs);
    // A hung handler must not keep a test process (or the CLI's shutdown) alive.
    timer.unref();

    const context = invocationContext(params, startedAt, callback);
    const target: CaptureTarget = {
      log: (level, args) => params.log.line(level, args),
      write: (text) => params.log.append(text),
      env: lambdaEnvironment(params),
    };
    runCaptured(target, () => {
      let returned: unknown;
      try {
        returned = fn(params.event, context, callback);
      } catch (error) {
        fail(error);
        return;
      }
      if (isThenable(returned)) {
        returned.then(succeed, fail);
      } else if (fn.length < 3) {
        // The nodejs20.x runtime ignores a synchronous handler's return value and answers null.
        succeed(null);
      }
    });
  });
}

function invocationContext(
  params: RunParams,
  startedAt: number,
  callback: (error?: unknown, result?: unknown) => void,
): LambdaInvocationContext {
  const deadline = startedAt + params.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: params.functionName,
    functionVersion: params.version,
    invokedFunctionArn: params.invokedFunctionArn,
    memoryLimitInMB: String(params.memoryMb),
    awsRequestId: params.requestId,
    logGroupName: `/aws/lambda/${params.functionName}`,
    logStreamName: params.logStreamName,
    clientContext: params.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, deadline - params.clock.now()),
    done: (error?: Error, result?: unknown) => callback(error, result),
    fail: (error: Error | string) => callback(error ?? 'failed'),
    succeed: (result: unknown) => callback(null, result),
  };
}

/** The variables Lambda sets for every function, over the function's own (which may not use these names). */
function lambdaEnvironment(params: RunParams): Record<string, string> {
  return {
    ...params.environment,
    AWS_REGION: params.region,
    AWS_DEFAULT_REGION: params.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_LAMBDA_FUNCTION_NAME: params.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: params.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(params.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${params.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: params.logStreamName,
    _HANDLER: params.code.handlerName,
  };
}

/** The runtime sends `null` for `undefined` and fails the invocation when the result cannot be stringified. */
function serialize(result: unknown): string | { error: unknown } {
  try {
    return JSON.stringify(result === undefined ? null : result) ?? 'null';
  } catch {
    return { error: new Error('Unable to stringify response body') };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
