import type { Clock } from '@shiftguard/kit';
import { type FunctionErrorBody, formatErrorForLog, toFunctionError } from './function-error';
import { abandonLoad, type CodeRecord, type HandlerFunction, loadHandler } from './handler-loader';
import type { InvocationLog } from './invocation-log';
import { lambdaEnvironment } from './lambda-environment';
import { type CaptureTarget, runCaptured } from './log-capture';
import { callbackHandlerError, callsHandlersWithoutCallback, type LambdaRuntime } from './runtimes';
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
  /** How the handler is called: with a callback (up to Node.js 22) or without (Node.js 24). */
  readonly runtime: LambdaRuntime;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly logStreamName: string;
  readonly environment: Readonly<Record<string, string>>;
  /** The emulator's endpoint, which handler SDK clients reach through `AWS_ENDPOINT_URL`. */
  readonly endpoint: string | undefined;
  /** `undefined` for an `Event` invocation: Lambda passes the client context on synchronous ones only. */
  readonly clientContext: unknown;
  readonly code: CodeRecord;
  /** The function version's sandbox: module state (a counter, a client) lives in it, as in Lambda. */
  readonly sandbox: string;
  readonly event: unknown;
  readonly clock: Clock;
  /** What shiftguard code in the handler sees as its default clock; `undefined`: the system clock. */
  readonly codeClock: Clock | undefined;
  readonly log: InvocationLog;
}

export type RunOutcome =
  | {
      readonly kind: 'succeeded';
      readonly payload: string;
      readonly durationMs: number;
      /** Epoch ms (the clock's wall time): what the record and the metric datapoints are stamped with. */
      readonly startedAt: number;
    }
  | {
      readonly kind: 'failed' | 'timedOut';
      readonly error: FunctionErrorBody;
      readonly durationMs: number;
      readonly startedAt: number;
    };

/**
 * Runs a handler the way Lambda's Node.js runtime does: a context with a deadline on the emulator's
 * clock (the timeout, `getRemainingTimeInMillis()` and the duration all read its `now()`), output
 * captured into the invocation's log, the answer from the returned promise or the callback, thrown
 * errors and timeouts turned into the runtime's function errors. The handler runs in this process;
 * after a timeout it is abandoned, not stopped (Lambda would freeze its sandbox).
 *
 * Loading the module counts against the timeout, as in a Lambda init that is re-run at invoke time: a
 * module whose top-level `await` outlasts the timeout answers `Sandbox.Timedout`, and the next
 * invocation loads it afresh.
 */
export async function runHandler(params: RunParams): Promise<RunOutcome> {
  const startedAt = params.clock.wallTime();
  const began = params.clock.now();
  params.log.start(params.version);
  const target: CaptureTarget & {
    ended: boolean;
    log: CaptureTarget['log'];
    write: CaptureTarget['write'];
  } = {
    log: (level, args) => params.log.line(level, args),
    write: (text) => params.log.append(text),
    env: lambdaEnvironment({ ...params, handlerName: params.code.handlerName }),
    clock: params.codeClock,
    ended: false,
  };
  const outcome = await run(params, target, startedAt, began);
  if (outcome.kind === 'timedOut') params.log.timedOut(params.timeoutMs);
  params.log.end({
    durationMs: outcome.durationMs,
    memoryMb: params.memoryMb,
    timedOut: outcome.kind === 'timedOut',
  });
  // From here on, output of work the invocation started goes to the console, not after REPORT.
  target.ended = true;
  // The target stays the async context of whatever the invocation started, and an ES module's
  // evaluation holds that for the life of the process: drop what reaches the invocation's log, and
  // through it the emulator's state, so a closed emulator can be collected.
  target.log = ignore;
  target.write = ignore;
  return outcome;
}

function run(
  params: RunParams,
  target: CaptureTarget,
  startedAt: number,
  began: number,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const elapsed = () => params.clock.now() - began;
    let settled = false;
    let loaded = false;
    const settle = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      params.clock.clearTimeout(timer);
      resolve(outcome);
    };
    const succeed = (result: unknown) => {
      if (settled) return;
      const durationMs = elapsed();
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
        durationMs: elapsed(),
        startedAt,
      });
    };
    const callback = (error?: unknown, result?: unknown) => {
      if (error !== undefined && error !== null) fail(error);
      else succeed(result);
    };
    // Started before the module loads: a load that never ends must not hold the invocation, its
    // concurrency slot or `idle()` forever. On the system clock the timer is unref'd, so a hung handler
    // does not keep a test process (or the CLI's shutdown) alive either.
    const timer = params.clock.setTimeout(() => {
      // A load still under way is forgotten, so the next invocation does not wait on it too.
      if (!loaded) abandonLoad(params.code, params.sandbox);
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

    // The module loads inside the capture too: its top-level code sees the invocation's environment
    // (SDK clients it creates talk to the emulator) and its output goes to this log.
    runCaptured(target, () => {
      void loadHandler(params.code, params.sandbox)
        .then((handler) => {
          loaded = true;
          if (settled) return; // timed out while loading: the handler never runs
          if (!handler.ok) {
            params.log.line('ERROR', ['Invoke Error', `\t${JSON.stringify(handler.error)}`]);
            settle({
              kind: 'failed',
              error: handler.error,
              durationMs: elapsed(),
              startedAt,
            });
            return;
          }
          // Checked at every invocation, not once per load: UpdateFunctionConfiguration may change the runtime.
          if (callsHandlersWithoutCallback(params.runtime) && handler.fn.length >= 3) {
            const error = callbackHandlerError();
            params.log.line('ERROR', ['Init Error', `\t${JSON.stringify(error)}`]);
            settle({ kind: 'failed', error, durationMs: elapsed(), startedAt });
            return;
          }
          call(handler.fn, params, began, { succeed, fail, callback });
        })
        .catch(fail);
    });
  });
}

interface Completion {
  succeed(result: unknown): void;
  fail(error: unknown): void;
  callback(error?: unknown, result?: unknown): void;
}

function call(fn: HandlerFunction, params: RunParams, began: number, done: Completion): void {
  const context = invocationContext(params, began, done.callback);
  const withoutCallback = callsHandlersWithoutCallback(params.runtime);
  let returned: unknown;
  try {
    returned = withoutCallback
      ? (fn as (event: unknown, context: unknown) => unknown)(params.event, context)
      : fn(params.event, context, done.callback);
  } catch (error) {
    done.fail(error);
    return;
  }
  if (isThenable(returned)) {
    returned.then(done.succeed, done.fail);
  } else if (withoutCallback) {
    // nodejs24.x awaits whatever the handler returns: a synchronous handler answers with its value.
    done.succeed(returned);
  } else if (fn.length < 3) {
    // Up to nodejs22.x the runtime ignores a synchronous handler's return value and answers null.
    done.succeed(null);
  }
}

function invocationContext(
  params: RunParams,
  began: number,
  callback: (error?: unknown, result?: unknown) => void,
): LambdaInvocationContext {
  const deadline = began + params.timeoutMs;
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

function ignore(): void {}
