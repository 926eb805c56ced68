import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isPlainObject } from '@shiftguard/kit';
import type { RestOperation, RestRequest, RestResult } from '../rest-json';
import { ServiceError } from '../service-error';
import { combineQualifier, functionArn, notFound, parseFunctionName, validationError } from './arn';
import type { FunctionErrorBody } from './function-error';
import { InvocationLog } from './invocation-log';
import type { InvocationEntry } from './invocations';
import type { InvocationTarget } from './lambda-metrics';
import type { AliasRecord, FunctionRecord, VersionRecord } from './registry';
import { pickVersion } from './routing';
import { type RunOutcome, runHandler } from './runner';
import type { LambdaState } from './state';
import type { InvocationType } from './types';

/** Synchronous invocations and DryRun accept 6 MB of payload. */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** Asynchronous invocations accept 1 MB (256 KB before October 2025). */
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
/** `X-Amz-Client-Context` carries "up to 3,583 bytes of base64-encoded data" (Invoke API reference). */
export const CLIENT_CONTEXT_LIMIT = 3583;
/** A synchronous response may be 6 MB plus 100 bytes, per the runtime's error message. */
const RESPONSE_LIMIT = 6_291_556;

const INVOCATION_TYPES: readonly InvocationType[] = ['RequestResponse', 'Event', 'DryRun'];

interface Resolved {
  readonly fn: FunctionRecord;
  readonly qualifier: string | undefined;
  readonly alias: AliasRecord | undefined;
  readonly version: VersionRecord;
}

/**
 * `POST /2015-03-31/functions/{FunctionName}/invocations`: validates as Lambda does, routes an alias
 * by weight, throttles above reserved concurrency, runs the handler and answers with its payload or
 * its function error. Every call is journaled, refused ones included.
 */
export function invokeOperation(state: LambdaState): RestOperation {
  return async (request, { fault }) => {
    const entry = state.journal.add({
      requestId: randomUUID(),
      functionName: request.params.FunctionName ?? '',
      qualifier: undefined,
      executedVersion: undefined,
      invocationType: 'RequestResponse',
      event: undefined,
      clientContext: undefined,
      status: 'rejected',
      receivedAt: state.clock.wallTime(),
      durationMs: undefined,
      payload: undefined,
      error: undefined,
      fault,
      log: () => '',
      attempt: 1,
      duplicate: false,
    });
    try {
      return await invoke(state, request, entry);
    } catch (error) {
      if (error instanceof ServiceError) entry.error = { errorType: error.name, errorMessage: error.message };
      throw error;
    }
  };
}

/** Journals a call a fault answered before the operation ran. */
export function journalFaultedInvoke(
  state: LambdaState,
  request: RestRequest,
  outcome: string,
  kind: string,
): void {
  let functionName = request.params.FunctionName ?? '';
  let qualifier: string | undefined;
  try {
    const reference = parseFunctionName(functionName, state.region);
    functionName = reference.name;
    qualifier = combineQualifier(reference, request.query.get('Qualifier'));
  } catch {
    // A malformed name is journaled as sent.
  }
  const invocationType = header(request.headers, 'x-amz-invocation-type');
  state.journal.add({
    requestId: randomUUID(),
    functionName,
    qualifier,
    executedVersion: undefined,
    invocationType: INVOCATION_TYPES.includes(invocationType as InvocationType)
      ? (invocationType as InvocationType)
      : 'RequestResponse',
    event: undefined,
    clientContext: undefined,
    status: 'rejected',
    receivedAt: state.clock.wallTime(),
    durationMs: undefined,
    payload: undefined,
    error: { errorType: outcome, errorMessage: `Answered by an injected ${kind} fault` },
    fault: kind,
    log: () => '',
    attempt: 1,
    duplicate: false,
  });
}

async function invoke(state: LambdaState, request: RestRequest, entry: InvocationEntry): Promise<RestResult> {
  const invocationType = header(request.headers, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.includes(invocationType as InvocationType)) {
    throw validationError(
      invocationType,
      'invocationType',
      'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
    );
  }
  const type = invocationType as InvocationType;
  entry.invocationType = type;
  const logType = header(request.headers, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    throw validationError(logType, 'logType', 'Member must satisfy enum value set: [Tail, None]');
  }
  const limit = type === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
  if (request.body.length > limit) {
    // The API model names this RequestTooLargeException; the service answers with this name.
    throw new ServiceError(
      'RequestEntityTooLargeException',
      `${request.body.length} byte payload is too large for the ${type} invocation type (limit ${limit} bytes)`,
      413,
    );
  }
  const resolved = resolve(state, request.params.FunctionName ?? '', request.query.get('Qualifier'));
  entry.functionName = resolved.fn.name;
  entry.qualifier = resolved.qualifier;
  entry.clientContext = decodeClientContext(state, header(request.headers, 'x-amz-client-context'));
  entry.event = parsePayload(request.body);

  const headers = { 'x-amzn-requestid': entry.requestId };
  if (type === 'DryRun') {
    entry.status = 'dryRun';
    return { status: 204, headers };
  }

  const delivery = prepare(state, resolved);
  if (type === 'Event') {
    enqueueEvent(state, delivery, entry);
    return { status: 202, headers };
  }
  const { executed } = delivery;
  const log = new InvocationLog(entry.requestId, () => state.clock.wallTime());
  const outcome = await executeNow(state, delivery, entry, log, RESPONSE_LIMIT);
  const answer: Record<string, string> = {
    ...headers,
    'content-type': 'application/json',
    'X-Amz-Executed-Version': executed.version,
  };
  if (logType === 'Tail') answer['X-Amz-Log-Result'] = log.tailBase64();
  if (outcome.kind === 'succeeded') return { status: 200, headers: answer, body: outcome.payload };
  answer['X-Amz-Function-Error'] = 'Unhandled';
  return { status: 200, headers: answer, body: JSON.stringify(outcome.error) };
}

/** Runs an invocation that holds a slot; releases it and journals the outcome whatever happens. */
async function execute(
  state: LambdaState,
  fn: FunctionRecord,
  version: VersionRecord,
  entry: InvocationEntry,
  target: InvocationTarget,
  invokedArn: string,
  log: InvocationLog,
  responseLimit: number | undefined,
): Promise<RunOutcome> {
  entry.status = 'running';
  entry.executedVersion = version.version;
  entry.log = () => log.text();
  state.activity.start();
  try {
    let outcome = await runHandler({
      requestId: entry.requestId,
      functionName: fn.name,
      version: version.version,
      invokedFunctionArn: invokedArn,
      region: state.region,
      runtime: version.runtime,
      memoryMb: version.memoryMb,
      timeoutMs: version.timeoutMs,
      logStreamName: version.logStreamName,
      environment: version.environment,
      endpoint: state.endpoint,
      // Lambda passes the client context to synchronous invocations only; the journal keeps what was sent.
      clientContext: entry.invocationType === 'Event' ? undefined : entry.clientContext,
      code: version.code,
      sandbox: `${state.sandboxPrefix}/${fn.name}/${version.version}`,
      event: entry.event,
      clock: state.clock,
      codeClock: state.codeClock,
      log,
    });
    if (
      outcome.kind === 'succeeded' &&
      responseLimit !== undefined &&
      Buffer.byteLength(outcome.payload) > responseLimit
    ) {
      const error: FunctionErrorBody = {
        errorMessage: `Response payload size exceeded maximum allowed payload size (${responseLimit} bytes).`,
        errorType: 'Function.ResponseSizeTooLarge',
      };
      outcome = { kind: 'failed', error, durationMs: outcome.durationMs, startedAt: outcome.startedAt };
    }
    state.metrics.invoked(target, outcome.startedAt, outcome.durationMs, outcome.kind !== 'succeeded');
    entry.durationMs = outcome.durationMs;
    entry.status = outcome.kind;
    if (outcome.kind === 'succeeded') {
      entry.payload = outcome.payload;
    } else {
      entry.payload = JSON.stringify(outcome.error);
      entry.error = { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage };
    }
    return outcome;
  } finally {
    // The slot goes to the next waiting delivery first, so the service is never idle in between.
    state.release(fn);
    state.activity.end();
  }
}

/** What one invocation runs: the version picked (for an alias, by weight) and how its metrics are keyed. */
interface Delivery {
  readonly fn: FunctionRecord;
  readonly executed: VersionRecord;
  readonly target: InvocationTarget;
  readonly invokedArn: string;
}

function prepare(state: LambdaState, resolved: Resolved): Delivery {
  const { fn, alias } = resolved;
  const executed = alias === undefined ? resolved.version : pickAliasVersion(state, fn, alias);
  state.captureLogs();
  return {
    fn,
    executed,
    target: {
      functionName: fn.name,
      qualifier: resolved.qualifier,
      aliasExecutedVersion: alias === undefined ? undefined : executed.version,
    },
    invokedArn: functionArn(state.region, fn.name, resolved.qualifier),
  };
}

/** A synchronous invocation: throttled (429) above reserved concurrency, else run and awaited. */
function executeNow(
  state: LambdaState,
  delivery: Delivery,
  entry: InvocationEntry,
  log: InvocationLog,
  responseLimit: number | undefined,
): Promise<RunOutcome> {
  const { fn, executed, target, invokedArn } = delivery;
  if (!state.tryAcquire(fn)) {
    entry.status = 'throttled';
    state.metrics.throttled(target, state.clock.wallTime());
    throw new ServiceError('TooManyRequestsException', 'Rate Exceeded.', 429, {
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    });
  }
  return execute(state, fn, executed, entry, target, invokedArn, log, responseLimit);
}

/**
 * An `Event` invocation answers 202 at once and runs in the background. A `duplicateDelivery` fault
 * delivers it a second time, as Lambda's eventually consistent queue may.
 */
function enqueueEvent(state: LambdaState, delivery: Delivery, entry: InvocationEntry): void {
  deliver(state, delivery, entry);
  const duplicate = state.takeDuplicateDelivery();
  if (duplicate === undefined) return;
  state.later(duplicate.delayMs, () => deliver(state, delivery, redelivery(state, entry, 1, true)));
}

/**
 * One delivery of an `Event` invocation. Above reserved concurrency Lambda queues it rather than
 * refusing it (counting a throttle); with reserved concurrency 0 it can never run, so it is journaled
 * as throttled. A function error or a timeout is retried after `asyncRetryDelaysMs` (Lambda's two
 * retries, a minute and then two minutes after the failed attempt ends), with the same request id.
 */
function deliver(state: LambdaState, delivery: Delivery, entry: InvocationEntry): void {
  const { fn, executed, target, invokedArn } = delivery;
  if (fn.reservedConcurrency === 0) {
    entry.status = 'throttled';
    entry.error = { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' };
    state.metrics.throttled(target, state.clock.wallTime());
    return;
  }
  entry.status = 'queued';
  const start = () => {
    const log = new InvocationLog(entry.requestId, () => state.clock.wallTime());
    // Function errors of an Event invocation are journaled and retried; nobody awaits them.
    void execute(state, fn, executed, entry, target, invokedArn, log, undefined).then((outcome) => {
      if (outcome.kind === 'succeeded') return;
      const delayMs = state.asyncRetryDelaysMs[entry.attempt - 1];
      if (delayMs === undefined) return;
      state.later(delayMs, () =>
        deliver(state, delivery, redelivery(state, entry, entry.attempt + 1, entry.duplicate)),
      );
    });
  };
  if (state.tryAcquire(fn)) {
    start();
  } else {
    state.metrics.throttled(target, state.clock.wallTime());
    state.activity.enqueue();
    fn.waiting.push(() => {
      state.activity.dequeue();
      start();
    });
  }
}

/** The journal record of another delivery of `entry`'s request: a retry or a duplicate. */
function redelivery(
  state: LambdaState,
  entry: InvocationEntry,
  attempt: number,
  duplicate: boolean,
): InvocationEntry {
  return state.journal.add({
    requestId: entry.requestId,
    functionName: entry.functionName,
    qualifier: entry.qualifier,
    executedVersion: undefined,
    invocationType: 'Event',
    // Each delivery parses the payload afresh: a handler changing its event does not change the next.
    event: structuredClone(entry.event),
    clientContext: entry.clientContext,
    status: 'rejected',
    receivedAt: state.clock.wallTime(),
    durationMs: undefined,
    payload: undefined,
    error: undefined,
    fault: duplicate ? 'duplicateDelivery' : undefined,
    log: () => '',
    attempt,
    duplicate,
  });
}

/** An invocation made in-process (CodeDeploy invoking a hook, the test API), without the wire. */
export interface InternalInvocation {
  readonly requestId: string;
  /** The journal record, as it stands: read it once `done` settled. */
  readonly entry: InvocationEntry;
  /**
   * Settles when a `RequestResponse` invocation answered, rejecting with the `ServiceError` Lambda would
   * answer a throttled call with; at once for `Event`.
   */
  readonly done: Promise<void>;
}

export interface InternalInvokeOptions {
  readonly invocationType: 'Event' | 'RequestResponse';
  /** Combined with a qualifier in the name as the wire's `Qualifier` parameter is. */
  readonly qualifier?: string;
  /** Decoded; a `RequestResponse` handler gets it as `context.clientContext`. */
  readonly clientContext?: unknown;
}

/**
 * Invokes `functionName` (a name or ARN, optionally qualified) as an AWS service does: journaled, routed
 * and metered like any invocation, an `Event` one retried and subject to `duplicateDelivery` faults. The
 * handler gets `event` itself: pass a copy it may change.
 *
 * @throws {ServiceError} what Lambda would answer the caller: `ResourceNotFoundException` for an unknown
 *   function or qualifier.
 */
export function invokeInternally(
  state: LambdaState,
  functionName: string,
  event: unknown,
  options: InternalInvokeOptions,
): InternalInvocation {
  const { invocationType } = options;
  const resolved = resolve(state, functionName, options.qualifier ?? null);
  const entry = state.journal.add({
    requestId: randomUUID(),
    functionName: resolved.fn.name,
    qualifier: resolved.qualifier,
    executedVersion: undefined,
    invocationType,
    event,
    clientContext: options.clientContext,
    status: 'rejected',
    receivedAt: state.clock.wallTime(),
    durationMs: undefined,
    payload: undefined,
    error: undefined,
    fault: undefined,
    log: () => '',
    attempt: 1,
    duplicate: false,
  });
  const delivery = prepare(state, resolved);
  if (invocationType === 'Event') {
    enqueueEvent(state, delivery, entry);
    return { requestId: entry.requestId, entry, done: Promise.resolve() };
  }
  const log = new InvocationLog(entry.requestId, () => state.clock.wallTime());
  let done: Promise<void>;
  try {
    done = executeNow(state, delivery, entry, log, RESPONSE_LIMIT).then(() => undefined);
  } catch (error) {
    // A throttle, refused before anything ran: journaled with the error the caller gets, as on the wire.
    if (error instanceof ServiceError) entry.error = { errorType: error.name, errorMessage: error.message };
    done = Promise.reject(error);
  }
  return { requestId: entry.requestId, entry, done };
}

function resolve(state: LambdaState, functionName: string, qualifierParameter: string | null): Resolved {
  const reference = parseFunctionName(functionName, state.region);
  const qualifier = combineQualifier(reference, qualifierParameter);
  const fn = state.registry.get(reference.name);
  const missing = () =>
    notFound(`Function not found: ${functionArn(state.region, reference.name, qualifier)}`);
  if (fn === undefined) throw missing();
  if (qualifier === undefined) return { fn, qualifier, alias: undefined, version: fn.latest };
  const version = state.registry.version(fn, qualifier);
  if (version !== undefined) return { fn, qualifier, alias: undefined, version };
  const alias = fn.aliases.get(qualifier);
  if (alias === undefined) throw missing();
  return {
    fn,
    qualifier,
    alias,
    version: state.registry.version(fn, alias.functionVersion) as VersionRecord,
  };
}

function pickAliasVersion(state: LambdaState, fn: FunctionRecord, alias: AliasRecord): VersionRecord {
  const picked = pickVersion(alias.functionVersion, alias.weights, state.random);
  return (state.registry.version(fn, picked) ??
    state.registry.version(fn, alias.functionVersion)) as VersionRecord;
}

/**
 * `X-Amz-Client-Context`: base64 of a JSON object, handed to the handler parsed and untouched. A header
 * seen last time is parsed again from its cached JSON: each invocation still gets its own object, so a
 * handler mutating `context.clientContext` cannot affect the next.
 */
function decodeClientContext(state: LambdaState, value: string | undefined): unknown {
  if (value === undefined || value === '') return undefined;
  if (value === state.lastClientContext.header) return JSON.parse(state.lastClientContext.json);
  if (value.length > CLIENT_CONTEXT_LIMIT) {
    // The API model sets no length on the header, so this is not a ValidationException: the service's
    // error for an invalid request header is InvalidRequestContentException.
    throw new ServiceError(
      'InvalidRequestContentException',
      `Client context must be at most ${CLIENT_CONTEXT_LIMIT} bytes of base64 (got ${value.length}).`,
    );
  }
  const invalid = () =>
    new ServiceError(
      'InvalidRequestContentException',
      'Client context must be a valid Base64-encoded JSON object.',
    );
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw invalid();
  const json = Buffer.from(value, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid();
  }
  if (!isPlainObject(parsed)) throw invalid();
  state.lastClientContext = { header: value, json };
  return parsed;
}

/** The event: the payload as JSON, `{}` when there is none. */
function parsePayload(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
    );
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
