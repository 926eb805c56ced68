import {
  assertJsonExpectation,
  compilePartialMatcher,
  compileSchemaExpectation,
  judgeLatency,
  judgePredicate,
  type PartialExpectation,
  type Predicate,
  preview,
  previewValue,
  type SchemaExpectation,
  type Validator,
} from '@shiftguard/kit';
import type { InvocationOutcome } from '../invoke/invoke';

/** What a good response looks like. Every given expectation must hold. */
export interface InvokeExpectation {
  /**
   * `false` (default): the function must not throw or time out. `true`: it must fail (a negative
   * test); a string: it must fail with that `errorType`.
   */
  functionError?: boolean | string;
  /** The response's `statusCode` field (API Gateway and ALB handlers). */
  statusCode?: number;
  /** A deep partial match: objects need the keys given, arrays match item by item, a RegExp tests a string. */
  payload?: PartialExpectation;
  /** A predicate on the parsed payload (may be async): return `false` or a string (the reason) to fail. */
  payloadSatisfies?: Predicate<unknown>;
  /**
   * A JSON Schema (draft-07) the parsed payload must validate against: a schema object (ajv is
   * loaded when the check is built) or, in a bundled hook, `jsonSchema(schema)` from
   * `@shiftguard/kit/json-schema`.
   */
  payloadSchema?: SchemaExpectation;
  /** Longest acceptable round trip of any invocation, in milliseconds. */
  maxLatencyMs?: number;
}

const EXPECTATION_KEYS = [
  'functionError',
  'statusCode',
  'payload',
  'payloadSatisfies',
  'payloadSchema',
  'maxLatencyMs',
] as const;

/**
 * Judges one invocation: `undefined` when it is good, else what was expected and what came back.
 * Synchronous unless a `payloadSatisfies` predicate is given: a burst should not pay a promise per call.
 */
export type OutcomeJudge = (outcome: InvocationOutcome) => string | undefined | Promise<string | undefined>;

/** Validates an expectation once, at construction, and returns its judge. */
export function compilePayloadExpectation(expectation: unknown, validator: Validator): OutcomeJudge {
  const record = validator.object(expectation, 'expect', EXPECTATION_KEYS, { noun: 'expectation' });
  const {
    functionError = false,
    statusCode,
    payload,
    payloadSatisfies,
    payloadSchema,
    maxLatencyMs,
  } = record as InvokeExpectation;
  if (typeof functionError !== 'boolean' && typeof functionError !== 'string') {
    validator.fail('expect.functionError', 'must be a boolean or an errorType string');
  }
  if (statusCode !== undefined && !Number.isInteger(statusCode)) {
    validator.fail('expect.statusCode', 'must be an integer');
  }
  validator.func(payloadSatisfies, 'expect.payloadSatisfies');
  validator.number(maxLatencyMs, 'expect.maxLatencyMs', { positive: true });
  if (functionError !== false && statusCode !== undefined) {
    validator.fail(
      'expect.statusCode',
      'cannot hold when a function error is expected; match the error with expect.payload',
    );
  }
  if (payload !== undefined) assertJsonExpectation(payload, 'expect.payload', validator);
  const validateSchema =
    payloadSchema === undefined
      ? undefined
      : compileSchemaExpectation(payloadSchema, 'expect.payloadSchema', validator);
  const matchPayload = payload === undefined ? undefined : compilePartialMatcher(payload);
  const checksBody =
    statusCode !== undefined ||
    payload !== undefined ||
    payloadSatisfies !== undefined ||
    validateSchema !== undefined;

  const judgeSync = (outcome: InvocationOutcome): string | undefined => {
    const tooSlow = judgeLatency(outcome.latencyMs, maxLatencyMs);
    if (tooSlow) return tooSlow;
    if (outcome.functionError) {
      const error = outcome.payload as { errorType?: string; errorMessage?: string } | undefined;
      const described = `${error?.errorType ?? 'Error'}: ${preview(error?.errorMessage ?? outcome.rawPayload, 300)}`;
      if (functionError === false)
        return `expected no function error, got ${outcome.functionError} ${described}`;
      if (typeof functionError === 'string' && error?.errorType !== functionError) {
        return `expected function error ${functionError}, got ${described}`;
      }
      // A negative test still checks what it was given, against the error payload.
    } else if (functionError !== false) {
      return `expected a function error${typeof functionError === 'string' ? ` ${functionError}` : ''}, but the function succeeded with ${previewValue(outcome.payload ?? outcome.rawPayload, 200)}`;
    }
    if (!checksBody) return undefined;
    if (outcome.parseError !== undefined || outcome.rawPayload === '') {
      return `expected a JSON response, got ${outcome.rawPayload === '' ? 'an empty payload' : `non-JSON: ${preview(outcome.rawPayload, 200)}`}`;
    }
    const body = outcome.payload;
    if (statusCode !== undefined) {
      const actual = (body as { statusCode?: unknown } | null)?.statusCode;
      if (actual !== statusCode) {
        return `expected statusCode ${statusCode}, got ${previewValue(actual, 50)}: ${previewValue(body, 300)}`;
      }
    }
    if (matchPayload !== undefined) {
      const problems = matchPayload(body);
      if (problems.length > 0) return `response does not match: ${problems.join('; ')}`;
    }
    if (validateSchema) {
      const problem = validateSchema(body);
      if (problem) return `response does not match the schema: ${problem}`;
    }
    return undefined;
  };
  if (payloadSatisfies === undefined) return judgeSync;

  return async (outcome) => {
    const problem = judgeSync(outcome);
    if (problem !== undefined) return problem;
    return judgePredicate(payloadSatisfies, outcome.payload, 'payloadSatisfies');
  };
}
