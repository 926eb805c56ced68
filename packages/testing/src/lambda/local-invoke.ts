import { isPlainObject, type Validator } from '@shiftguard/kit';
import { ServiceError } from '../service-error';
import { inputValidator } from '../validate';
import { invocationRecord } from './invocations';
import { ASYNC_PAYLOAD_LIMIT, CLIENT_CONTEXT_LIMIT, invokeInternally, SYNC_PAYLOAD_LIMIT } from './invoke';
import type { FunctionRecord } from './registry';
import type { LambdaState } from './state';
import type { LambdaInvocationRecord } from './types';

const OPTION_KEYS = ['qualifier', 'invocationType', 'clientContext'] as const;
const TYPES = ['RequestResponse', 'Event'] as const;

/** Made once: a validator holds no state, and a simulator calls this thousands of times a deployment. */
const v: Validator = inputValidator('invoke() arguments');

/**
 * `lambda.invoke()`: an Invoke without the wire, for a caller in the same process. Everything past the
 * wire is the Invoke operation's own (journal, alias routing by weight, concurrency, metrics, retries,
 * `duplicateDelivery`); what the wire would refuse with a 4xx is refused here as bad input, before anything
 * is journaled.
 */
export async function invokeLocally(
  state: LambdaState,
  fn: FunctionRecord,
  event: unknown,
  options: unknown,
): Promise<LambdaInvocationRecord> {
  const given = options === undefined ? {} : v.object(options, 'options', OPTION_KEYS);
  const invocationType = v.oneOf(given.invocationType, 'options.invocationType', TYPES) ?? 'RequestResponse';
  const qualifier = checkQualifier(state, fn, given.qualifier);
  const clientContext =
    given.clientContext === undefined ? undefined : checkClientContext(given.clientContext);
  const payload = checkEvent(event, invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT);

  // The handler gets the event as a wire Invoke delivers it: parsed from its JSON, its own object.
  const invocation = invokeInternally(state, fn.name, JSON.parse(payload), {
    invocationType,
    qualifier,
    clientContext,
  });
  try {
    await invocation.done;
  } catch (error) {
    // A throttle: the record says so, as the journal does for a wire call refused with 429.
    if (!(error instanceof ServiceError)) throw error;
  }
  return invocationRecord(invocation.entry);
}

function checkQualifier(state: LambdaState, fn: FunctionRecord, value: unknown): string | undefined {
  const qualifier = v.string(value, 'options.qualifier');
  if (qualifier === undefined) return undefined;
  if (state.registry.version(fn, qualifier) !== undefined || fn.aliases.has(qualifier)) return qualifier;
  const known = ['$LATEST', ...fn.published.map((version) => version.version), ...fn.aliases.keys()];
  return v.wrongValue(
    'options.qualifier',
    `a version or alias of ${fn.name} (${known.join(', ')})`,
    qualifier,
  );
}

/** The payload's JSON text; `undefined` is `{}`, as an empty wire payload is. */
function checkEvent(event: unknown, limit: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(event === undefined ? {} : event);
  } catch (error) {
    v.fail('event', `must be JSON, as an Invoke payload is: ${(error as Error).message}`, error);
  }
  if (text === undefined) return v.wrongType('event', 'a JSON value', event);
  // A UTF-16 unit takes at most 3 bytes in UTF-8: most events need no byte count.
  if (text.length * 3 > limit && Buffer.byteLength(text) > limit) {
    v.fail(
      'event',
      `is ${Buffer.byteLength(text)} bytes of JSON, over the ${limit}-byte limit Lambda refuses with RequestEntityTooLargeException`,
    );
  }
  return text;
}

/** A JSON object that would fit `X-Amz-Client-Context`, decoded afresh as the wire decodes it. */
function checkClientContext(value: unknown): unknown {
  if (!isPlainObject(value)) return v.wrongType('options.clientContext', 'a JSON object', value);
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return v.fail('options.clientContext', `must be JSON: ${(error as Error).message}`, error);
  }
  const base64Length = 4 * Math.ceil(Buffer.byteLength(json) / 3);
  if (base64Length > CLIENT_CONTEXT_LIMIT) {
    v.fail(
      'options.clientContext',
      `takes ${base64Length} bytes of base64, over the ${CLIENT_CONTEXT_LIMIT} Lambda accepts in X-Amz-Client-Context`,
    );
  }
  return JSON.parse(json);
}
