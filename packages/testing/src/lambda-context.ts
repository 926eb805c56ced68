import { randomBytes, randomUUID } from 'node:crypto';
import { type ClockLike, systemClock, type Validator } from '@shiftguard/kit';
import { optionalClock } from './clock/clock-option';
import { inputValidator } from './validate';

/** The shape of aws-lambda's `Context`, so a handler under test can take it unchanged. */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  /** A string, as in Lambda's Node.js runtime. */
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  getRemainingTimeInMillis(): number;
  /** Legacy callbacks: no-ops here. */
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(messageOrObject: unknown, object?: unknown): void;
}

export interface LambdaContextOptions {
  /** Default `shiftguard-hook`. */
  readonly functionName?: string;
  /** The function's timeout; the deadline is creation time plus this. Default 3000, Lambda's default timeout. */
  readonly timeoutMs?: number;
  /**
   * Default: the system clock. The deadline counts down on its `now()`; share one
   * {@link createManualClock} with the code under test and the emulator to control it.
   */
  readonly clock?: ClockLike;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly accountId?: string;
  /** Default `$LATEST`. */
  readonly functionVersion?: string;
  /** Default 128. */
  readonly memoryLimitInMB?: number;
  /** Default: a random UUID. */
  readonly awsRequestId?: string;
}

const OPTION_KEYS = [
  'functionName',
  'timeoutMs',
  'clock',
  'region',
  'accountId',
  'functionVersion',
  'memoryLimitInMB',
  'awsRequestId',
] as const;

/** Lambda caps a function's timeout at 15 minutes. */
const MAX_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * A fake Lambda invocation context whose `getRemainingTimeInMillis()` counts down from `timeoutMs`
 * on the given clock, for calling hook handlers directly in tests.
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * const context = createLambdaContext({ timeoutMs: 5000, clock });
 * await clock.advance(4000);
 * context.getRemainingTimeInMillis(); // 1000
 * ```
 */
export function createLambdaContext(options: LambdaContextOptions = {}): LambdaContext {
  const v: Validator = inputValidator('createLambdaContext options');
  const checked = v.object(options, '', OPTION_KEYS);
  const functionName =
    v.string(checked.functionName, 'functionName', {
      pattern: /^[A-Za-z0-9_-]{1,64}$/,
      patternHint: 'a Lambda function name (letters, digits, - and _, at most 64)',
    }) ?? 'shiftguard-hook';
  const timeoutMs = v.integer(checked.timeoutMs, 'timeoutMs', { min: 1, max: MAX_TIMEOUT_MS }) ?? 3000;
  const clock = optionalClock(v, 'clock', checked.clock) ?? systemClock;
  const region = v.string(checked.region, 'region') ?? 'us-east-1';
  const accountId =
    v.string(checked.accountId, 'accountId', {
      pattern: /^\d{12}$/,
      patternHint: '12 digits',
    }) ?? '123456789012';
  const functionVersion = v.string(checked.functionVersion, 'functionVersion') ?? '$LATEST';
  const memory = v.integer(checked.memoryLimitInMB, 'memoryLimitInMB', { min: 128, max: 10240 }) ?? 128;
  const awsRequestId = v.string(checked.awsRequestId, 'awsRequestId') ?? randomUUID();

  const deadline = clock.now() + timeoutMs;
  const day = new Date(clock.wallTime()).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(memory),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[${functionVersion}]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
