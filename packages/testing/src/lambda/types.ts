import type { LambdaContext } from '../lambda-context';
import type { MetricDatapoint, MetricFilter, MetricIdentity, MetricQuery } from '../metrics/types';
import type { LambdaRuntime } from './runtimes';

/**
 * The context an emulated invocation hands its handler: the aws-lambda `Context` look-alike with
 * `functionVersion` set to the version that ran and `invokedFunctionArn` carrying the qualifier used.
 */
export interface LambdaInvocationContext extends LambdaContext {
  /**
   * `X-Amz-Client-Context` base64-decoded and JSON-parsed, exactly as the caller sent it (Lambda's
   * Node.js runtime renames no key): shiftguard sends `{ "Custom": { "user-agent": ... } }`, so read
   * `context.clientContext.Custom`. `undefined` for `Event` invocations: Lambda passes it to synchronous
   * invocations only.
   */
  readonly clientContext?: unknown;
}

/** Node.js callback-style completion: `callback(null, result)` or `callback(error)`. */
export type LambdaCallback = (error?: unknown, result?: unknown) => void;

/**
 * Code loaded from a file, as Lambda loads `index.handler`: ESM (`.mjs`, `.js`) or CommonJS (`.cjs`, `.js`).
 * The file is hashed (CodeSha256) when the version is created and read when the version first runs; each
 * version runs the code it was published with. Loading counts against the function's timeout.
 */
export interface ModuleHandlerSource {
  /** Absolute path (seed files may use paths relative to themselves). */
  readonly module: string;
  /** Default `handler`. */
  readonly export?: string;
}

/** Code given as a function, for handlers written inside a test. */
export interface InlineHandlerSource {
  // Method syntax on purpose: handlers typed with aws-lambda's `Handler<MyEvent>` must be assignable.
  fn(event: unknown, context: LambdaInvocationContext, callback: LambdaCallback): unknown;
}

/**
 * A version's code, called as the function's runtime calls it. An `async` function (or one returning a
 * promise) answers with what it resolves to. Up to `nodejs22.x` (the default runtime is `nodejs20.x`), a
 * function declaring three parameters answers through its callback (or `context.succeed`/`fail`/`done`)
 * and any other function answers `null` whatever it returns. On `nodejs24.x` there is no callback: a
 * function declaring three or more parameters, async or not, fails every invocation with the init error
 * `Runtime.CallbackHandlerDeprecated`, and a synchronous function answers with what it returns.
 */
export type LambdaHandlerSource = ModuleHandlerSource | InlineHandlerSource;

/**
 * A function to register; `$LATEST` gets `handler`.
 *
 * @example
 * ```ts
 * emulator.lambda.createFunction({
 *   functionName: 'orders-api',
 *   handler: { module: join(__dirname, 'fixtures/good.mjs') },
 *   timeoutMs: 500,
 * });
 * ```
 */
export interface CreateFunctionSpec {
  /** Letters, digits, `-` and `_`, at most 64. */
  readonly functionName: string;
  readonly handler: LambdaHandlerSource;
  /**
   * Default `nodejs20.x`. Decides how the handler is called (see {@link LambdaHandlerSource}: `nodejs24.x`
   * refuses callback-style handlers, as Lambda does) and `AWS_EXECUTION_ENV`; the code runs in the
   * emulator's own Node whichever it is.
   */
  readonly runtime?: LambdaRuntime;
  /**
   * Default 3000, Lambda's default. Below a second is allowed so timeout tests stay fast. It bounds the
   * module's loading plus the handler, and runs on the emulator's clock (real time on the system clock).
   */
  readonly timeoutMs?: number;
  /** Default 128. */
  readonly memoryMb?: number;
  /** Concurrent executions allowed; above it a synchronous invoke is throttled (429). Default: unreserved, no limit. */
  readonly reservedConcurrency?: number;
  /**
   * Visible in the configuration and, during an invocation, through `process.env`, over the emulator's
   * defaults (`AWS_ENDPOINT_URL`, ...) and under Lambda's reserved variables, which it may not name.
   */
  readonly environment?: Readonly<Record<string, string>>;
  readonly description?: string;
}

export interface PublishVersionOptions {
  /** Replaces `$LATEST`'s code before publishing, as UpdateFunctionCode then PublishVersion would. */
  readonly handler?: LambdaHandlerSource;
  readonly description?: string;
}

export interface CreateAliasOptions {
  /** At most one other version with a weight from 0 to 1, e.g. `{ '2': 0.1 }` sends 10% to version 2. */
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
  readonly description?: string;
}

export interface UpdateAliasSpec {
  readonly version?: string;
  /** Replaces the routing; `{}` ends it. */
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
  readonly description?: string;
}

export interface FunctionVersionSnapshot {
  /** `$LATEST` or `1`, `2`, ... */
  readonly version: string;
  readonly functionArn: string;
  /** As Lambda shows it, e.g. `good.handler`; inline functions show as `inline.handler`. */
  readonly handler: string;
  /** The module file, for module handlers. */
  readonly modulePath: string | undefined;
  readonly codeSha256: string;
  /** As created or last configured (`Runtime` over the wire); published versions keep theirs. */
  readonly runtime: LambdaRuntime;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly description: string;
  /** Epoch ms on the emulator clock. */
  readonly lastModified: number;
  readonly revisionId: string;
}

export interface AliasSnapshot {
  readonly name: string;
  readonly aliasArn: string;
  readonly functionVersion: string;
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
  readonly description: string;
  readonly revisionId: string;
}

export interface FunctionSnapshot {
  readonly functionName: string;
  readonly functionArn: string;
  readonly reservedConcurrency: number | undefined;
  readonly environment: Readonly<Record<string, string>>;
  /** `$LATEST` first, then published versions in order. */
  readonly versions: readonly FunctionVersionSnapshot[];
  readonly aliases: readonly AliasSnapshot[];
}

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/**
 * - `queued`: an `Event` invocation waiting for a free slot under the reserved concurrency.
 * - `running`: the handler has not answered yet.
 * - `succeeded`, `failed` (the handler threw or failed), `timedOut`: how the handler ended.
 * - `throttled`: refused with 429 `TooManyRequestsException`.
 * - `rejected`: refused before running (unknown function, bad payload, an injected fault...).
 * - `dryRun`: a `DryRun` call, which validates and runs nothing.
 */
export type InvocationStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timedOut'
  | 'throttled'
  | 'rejected'
  | 'dryRun';

/** One Invoke call as received, whatever became of it. */
export interface LambdaInvocationRecord {
  /** The invocation's `awsRequestId`, also the response's `x-amzn-RequestId`. */
  readonly requestId: string;
  /** The function's name (as sent when it named no known function). */
  readonly functionName: string;
  /** The qualifier the caller used (alias, version or `$LATEST`); `undefined` for an unqualified call. */
  readonly qualifier: string | undefined;
  /** The version that ran (for an alias, the one routing picked); `undefined` if none did. */
  readonly executedVersion: string | undefined;
  readonly invocationType: InvocationType;
  /** The parsed payload; `undefined` when the call was refused before it was read. */
  readonly event: unknown;
  /** The client context as sent (decoded); an `Event` invocation's handler does not see it. */
  readonly clientContext: unknown;
  readonly status: InvocationStatus;
  /** Epoch ms on the emulator clock (its `wallTime()`). */
  readonly receivedAt: number;
  /** How long the handler ran on the emulator clock (its `now()`), in ms, as Lambda's `Duration` metric. */
  readonly durationMs: number | undefined;
  /** The response payload as sent (JSON text), for invocations that ran. */
  readonly payload: string | undefined;
  /** The function error (`errorType` `Sandbox.Timedout` for a timeout), or the wire error of a refused call. */
  readonly error: { readonly errorType: string; readonly errorMessage: string } | undefined;
  /** The injected fault this call met, if any. */
  readonly fault: string | undefined;
  /** The invocation's log, START to REPORT, as `LogType: Tail` shows its last 4 KB. */
  readonly log: string;
  /**
   * Which delivery of the request this is: 1 for the first (and for every synchronous call), 2 and 3
   * for Lambda's retries of an `Event` invocation that failed. Retries keep the request's `requestId`.
   */
  readonly attempt: number;
  /** Whether this is a second delivery of an `Event` invocation (a `duplicateDelivery` fault), same `requestId`. */
  readonly duplicate: boolean;
}

/**
 * What the emulated Lambda is doing at this moment, from {@link LambdaEmulator.activity}.
 *
 * @example
 * ```ts
 * // Quiet: nothing runs or waits, and nothing started or ended since the last look.
 * const now = emulator.lambda.activity();
 * const quiet = now.running === 0 && now.queued === 0 && now.changes === before.changes;
 * ```
 */
export interface LambdaActivity {
  /** Invocations whose handler is running (abandoned ones after a timeout are not: they ended). */
  readonly running: number;
  /** `Event` deliveries waiting for a slot under reserved concurrency. */
  readonly queued: number;
  /**
   * How many times an invocation was queued, started running or ended, since the emulator started:
   * synchronous calls, `Event` deliveries, their retries and duplicate deliveries alike. Equal readings
   * mean nothing happened in between. Refused calls (throttled, rejected) and retries still waiting on the
   * clock for their time do not count until they run.
   */
  readonly changes: number;
}

/** How {@link LambdaEmulator.invoke} invokes, in the terms of a wire Invoke. */
export interface LambdaInvokeOptions {
  /**
   * A version, an alias (which picks a version by its routing weights, as a wire Invoke through the alias
   * does) or `$LATEST`. Default: none, the unqualified function (`$LATEST`).
   */
  readonly qualifier?: string;
  /**
   * Default `RequestResponse`: the promise settles once the handler answered (or timed out). `Event`:
   * it settles once the invocation is accepted, the handler running (or queued) in the background and
   * retried on failure as Lambda retries it.
   */
  readonly invocationType?: 'RequestResponse' | 'Event';
  /**
   * What the handler of a `RequestResponse` invocation sees as `context.clientContext` (as
   * `X-Amz-Client-Context` would carry it: a JSON object, at most 3,583 bytes once base64-encoded).
   */
  readonly clientContext?: Readonly<Record<string, unknown>>;
}

export interface InvocationFilter {
  readonly functionName?: string;
  readonly qualifier?: string;
  readonly executedVersion?: string;
  readonly status?: InvocationStatus;
  readonly invocationType?: InvocationType;
}

/**
 * The Lambda side of the emulator, for tests: register functions with real handler code, then read
 * back the invocations (the last `invocationHistory` of them) and the CloudWatch metrics Lambda would
 * have published.
 *
 * @example
 * ```ts
 * emulator.lambda.createFunction({ functionName: 'orders', handler: { module: goodPath } });
 * emulator.lambda.publishVersion('orders');                                  // '1'
 * emulator.lambda.publishVersion('orders', { handler: { module: badPath } }); // '2'
 * emulator.lambda.createAlias('orders', 'live', '1', { additionalVersionWeights: { '2': 0.1 } });
 * await new LambdaClient(emulator.clientConfig()).send(new InvokeCommand({ FunctionName: 'orders:live' }));
 * emulator.lambda.invocations({ functionName: 'orders' })[0]?.executedVersion; // '1' or '2'
 * ```
 */
export interface LambdaEmulator {
  createFunction(spec: CreateFunctionSpec): FunctionSnapshot;
  /** Publishes `$LATEST` as the next version and returns its number; unchanged code and configuration return the last version, as Lambda does. */
  publishVersion(functionName: string, options?: PublishVersionOptions): string;
  createAlias(
    functionName: string,
    alias: string,
    version: string,
    options?: CreateAliasOptions,
  ): AliasSnapshot;
  updateAlias(functionName: string, alias: string, update: UpdateAliasSpec): AliasSnapshot;
  getFunction(functionName: string): FunctionSnapshot;
  /** Every function, in creation order. */
  functions(): FunctionSnapshot[];
  /**
   * Invokes a function from this process, without HTTP: journaled, routed through an alias by its
   * weights, held to reserved concurrency, metered (the `ExecutedVersion` metrics included) and, for
   * `Event`, retried and open to `duplicateDelivery` faults, exactly as a wire Invoke; the other faults
   * act on the wire and do not apply. For callers that are not an AWS client, such as a simulator
   * sending thousands of requests through an alias. `event` (default `{}`) reaches the handler as a wire
   * payload would: through its JSON.
   *
   * Resolves with the invocation's record once it ended (for `Event`: once accepted), a handler's error,
   * a timeout or a throttle included (`status` says which). Rejects with `UnknownFunctionError` for a
   * function the emulator does not hold, and `InvalidEmulatorInputError` for an unknown qualifier or
   * option, an event that is not JSON or is over Lambda's payload limit (6 MB, 1 MB for `Event`).
   *
   * @example
   * ```ts
   * const record = await emulator.lambda.invoke('orders', { path: '/health' }, { qualifier: 'live' });
   * record.executedVersion; // '1' or '2', by the alias's weights
   * record.status; // 'succeeded', 'failed', 'timedOut' or 'throttled'
   * ```
   */
  invoke(
    functionName: string,
    event?: unknown,
    options?: LambdaInvokeOptions,
  ): Promise<LambdaInvocationRecord>;
  /** The Invoke calls received, in arrival order: the last `invocationHistory` (default 10,000) of them. */
  invocations(filter?: InvocationFilter): LambdaInvocationRecord[];
  /** Forgets the invocation records (metrics stay), e.g. between the phases of a test. */
  clearInvocations(): void;
  /** Resolves once no invocation is running or queued (e.g. after `Event` invokes). */
  idle(): Promise<void>;
  /**
   * What runs and waits right now, and a count of changes to tell whether anything happened since the
   * last reading. Kept up to date as invocations come and go, so a call costs nothing whatever the
   * history holds: poll it to tell whether the system is quiet before moving a manual clock.
   */
  activity(): LambdaActivity;
  /** Statistics of what Lambda would have sent CloudWatch (`AWS/Lambda` unless `namespace` says otherwise). */
  metricStatistics(query: MetricQuery): MetricDatapoint[];
  /** The metrics published so far, e.g. to see which dimension sets exist. */
  listMetrics(filter?: MetricFilter): MetricIdentity[];
}
