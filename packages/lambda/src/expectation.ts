import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { InvalidLambdaCheckOptionsError } from './errors';
import type { InvocationOutcome } from './invoke';
import { compilePartialMatcher, type PartialExpectation } from './partial-match';
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
  /** A predicate on the parsed payload (may be async): return `false` or a string (the reason) to fail. */
  payloadSatisfies?: (payload: unknown) => PredicateResult | Promise<PredicateResult>;
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

/** What a predicate answers: `false` or a reason fails; anything else passes. */
// biome-ignore lint/suspicious/noConfusingVoidType: predicates written as blocks with no return are passes.
export type PredicateResult = boolean | string | undefined | void;

/**
 * Judges one invocation: `undefined` when it is good, else what was expected and what came back.
 * Synchronous unless a `payloadSatisfies` predicate is given: a burst should not pay a promise per call.
 */
export type OutcomeJudge = (outcome: InvocationOutcome) => string | undefined | Promise<string | undefined>;

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
  if (functionError !== false && statusCode !== undefined) {
    throw new InvalidLambdaCheckOptionsError(
      `${owner}: expect.statusCode cannot hold when a function error is expected; match the error with expect.payload`,
    );
  }
  if (payload !== undefined) assertJsonExpectation(payload, `${owner}: expect.payload`);
  const validateSchema = payloadSchema === undefined ? undefined : compileSchema(payloadSchema, owner);
  const matchPayload = payload === undefined ? undefined : compilePartialMatcher(payload);
  const checksBody =
    statusCode !== undefined ||
    payload !== undefined ||
    payloadSatisfies !== undefined ||
    validateSchema !== undefined;

  const judgeSync = (outcome: InvocationOutcome): string | undefined => {
    if (maxLatencyMs !== undefined && outcome.latencyMs > maxLatencyMs) {
      return `expected a response within ${maxLatencyMs} ms, took ${Math.round(outcome.latencyMs)} ms`;
    }
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
    const body = outcome.payload;
    let verdict: PredicateResult;
    try {
      verdict = await payloadSatisfies(body);
    } catch (error) {
      return `payloadSatisfies threw: ${preview((error as Error)?.message ?? String(error), 300)}`;
    }
    if (verdict === false) return `payloadSatisfies rejected ${previewValue(body, 300)}`;
    if (typeof verdict === 'string') return `${verdict}: ${previewValue(body, 300)}`;
    return undefined;
  };
}

/** Only what JSON can hold (plus RegExp for strings): a Map or Date would match anything, silently. */
function assertJsonExpectation(value: unknown, where: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (value instanceof RegExp) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      // JSON has no holes: `[1, , 3]` would otherwise match anything at index 1, silently.
      if (!(index in value)) {
        throw new InvalidLambdaCheckOptionsError(
          `${where}[${index}] is a hole in a sparse array: expectations hold JSON values; write null or the value expected`,
        );
      }
      assertJsonExpectation(value[index], `${where}[${index}]`);
    }
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertJsonExpectation(item, `${where}.${key}`);
    return;
  }
  const kind = value === undefined ? 'undefined' : ((value as object)?.constructor?.name ?? typeof value);
  throw new InvalidLambdaCheckOptionsError(
    `${where} is ${kind}: expectations hold JSON values (objects, arrays, strings, numbers, booleans, null) and RegExps`,
  );
}

function compileSchema(
  schema: Record<string, unknown>,
  owner: string,
): (value: unknown) => string | undefined {
  // strictSchema: an unknown keyword or format is a typo that would otherwise validate nothing. The
  // other strict rules judge schema style (unlisted required properties), not correctness.
  const ajv = new Ajv({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  addFormats(ajv);
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
