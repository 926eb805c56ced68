import Ajv from 'ajv';
import { InvalidLambdaCheckOptionsError } from './errors';
import type { InvocationOutcome } from './invoke';
import { type PartialExpectation, partialMismatches } from './partial-match';
import { preview, previewValue } from './preview';

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
  /** A predicate on the parsed payload: return `false` or a string (the reason) to fail. */
  payloadSatisfies?: (payload: unknown) => boolean | string | undefined | void;
  /** A JSON Schema (draft-07) the parsed payload must validate against. */
  payloadSchema?: Record<string, unknown>;
  /** Longest acceptable round trip of any invocation, in milliseconds. */
  maxLatencyMs?: number;
}

const EXPECTATION_KEYS: ReadonlySet<string> = new Set([
  'functionError',
  'statusCode',
  'payload',
  'payloadSatisfies',
  'payloadSchema',
  'maxLatencyMs',
]);

/** Judges one invocation: `undefined` when it is good, else what was expected and what came back. */
export type OutcomeJudge = (outcome: InvocationOutcome) => string | undefined;

/** Validates an expectation once, at construction, and returns its judge. */
export function compilePayloadExpectation(expectation: InvokeExpectation, owner: string): OutcomeJudge {
  if (typeof expectation !== 'object' || expectation === null) {
    throw new InvalidLambdaCheckOptionsError(`${owner}: expect must be an object`);
  }
  for (const key of Object.keys(expectation)) {
    if (!EXPECTATION_KEYS.has(key)) {
      throw new InvalidLambdaCheckOptionsError(
        `${owner}: unknown expectation "${key}"; known: ${[...EXPECTATION_KEYS].join(', ')}`,
      );
    }
  }
  const {
    functionError = false,
    statusCode,
    payload,
    payloadSatisfies,
    payloadSchema,
    maxLatencyMs,
  } = expectation;
  if (typeof functionError !== 'boolean' && typeof functionError !== 'string') {
    throw new InvalidLambdaCheckOptionsError(
      `${owner}: expect.functionError must be a boolean or an errorType string`,
    );
  }
  if (statusCode !== undefined && !Number.isInteger(statusCode)) {
    throw new InvalidLambdaCheckOptionsError(`${owner}: expect.statusCode must be an integer`);
  }
  if (payloadSatisfies !== undefined && typeof payloadSatisfies !== 'function') {
    throw new InvalidLambdaCheckOptionsError(`${owner}: expect.payloadSatisfies must be a function`);
  }
  if (maxLatencyMs !== undefined && !(typeof maxLatencyMs === 'number' && maxLatencyMs > 0)) {
    throw new InvalidLambdaCheckOptionsError(`${owner}: expect.maxLatencyMs must be a positive number`);
  }
  const validateSchema = payloadSchema === undefined ? undefined : compileSchema(payloadSchema, owner);
  const needsJson =
    statusCode !== undefined ||
    payload !== undefined ||
    payloadSatisfies !== undefined ||
    validateSchema !== undefined;

  return (outcome) => {
    if (outcome.functionError) {
      const error = outcome.payload as { errorType?: string; errorMessage?: string } | undefined;
      const described = `${error?.errorType ?? 'Error'}: ${error?.errorMessage ?? preview(outcome.rawPayload, 200)}`;
      if (functionError === false)
        return `expected no function error, got ${outcome.functionError} ${described}`;
      if (typeof functionError === 'string' && error?.errorType !== functionError) {
        return `expected function error ${functionError}, got ${described}`;
      }
      return undefined;
    }
    if (functionError !== false) {
      return `expected a function error${typeof functionError === 'string' ? ` ${functionError}` : ''}, but the function succeeded with ${preview(outcome.payload ?? outcome.rawPayload, 200)}`;
    }
    if (maxLatencyMs !== undefined && outcome.latencyMs > maxLatencyMs) {
      return `expected a response within ${maxLatencyMs} ms, took ${Math.round(outcome.latencyMs)} ms`;
    }
    if (!needsJson) return undefined;
    if (outcome.parseError !== undefined || outcome.rawPayload === '') {
      return `expected a JSON response, got ${outcome.rawPayload === '' ? 'an empty payload' : `non-JSON: ${preview(outcome.rawPayload, 200)}`}`;
    }
    const body = outcome.payload;
    if (statusCode !== undefined) {
      const actual = (body as { statusCode?: unknown } | null)?.statusCode;
      if (actual !== statusCode)
        return `expected statusCode ${statusCode}, got ${previewValue(actual, 50)}: ${previewValue(body, 300)}`;
    }
    if (payload !== undefined) {
      const problems = partialMismatches(payload, body);
      if (problems.length > 0) return `response does not match: ${problems.join('; ')}`;
    }
    if (validateSchema) {
      const problem = validateSchema(body);
      if (problem) return `response does not match the schema: ${problem}`;
    }
    if (payloadSatisfies) {
      let verdict: ReturnType<NonNullable<InvokeExpectation['payloadSatisfies']>>;
      try {
        verdict = payloadSatisfies(body);
      } catch (error) {
        return `payloadSatisfies threw: ${(error as Error)?.message ?? String(error)}`;
      }
      if (verdict === false) return `payloadSatisfies rejected ${previewValue(body, 300)}`;
      if (typeof verdict === 'string') return `${verdict}: ${previewValue(body, 300)}`;
    }
    return undefined;
  };
}

function compileSchema(
  schema: Record<string, unknown>,
  owner: string,
): (value: unknown) => string | undefined {
  const ajv = new Ajv({ allErrors: true, strict: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new InvalidLambdaCheckOptionsError(
      `${owner}: expect.payloadSchema is not a valid JSON Schema: ${(error as Error).message}`,
    );
  }
  return (value) => {
    if (validate(value)) return undefined;
    return ajv.errorsText(validate.errors?.slice(0, 5), { dataVar: '$' });
  };
}
