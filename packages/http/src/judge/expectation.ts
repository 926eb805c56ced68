import {
  assertJsonExpectation,
  compilePartialMatcher,
  compileSchemaExpectation,
  compileStatusExpectation,
  isPlainObject,
  judgeLatency,
  judgePredicate,
  type PartialExpectation,
  type Predicate,
  preview,
  REDACTED,
  type SchemaExpectation,
  type StatusExpectation,
  type Validator,
} from '@shiftguard/kit';

/** What a good answer looks like. Every given expectation must hold. */
export interface HttpExpectation {
  /** A code, a list, a class such as `'2xx'` or a range `{ min, max }`. Default `'2xx'`. */
  status?: StatusExpectation;
  /** Response headers by name (case-insensitive): an exact value or a RegExp. */
  headers?: Readonly<Record<string, string | RegExp>>;
  /** Text the body must contain, or a RegExp it must match. */
  bodyContains?: string | RegExp;
  /** A deep partial match of the JSON body: objects need the keys given, a RegExp tests a string. */
  json?: PartialExpectation;
  /** A predicate on the parsed JSON body (may be async): return `false` or a reason to fail. */
  jsonSatisfies?: Predicate<unknown>;
  /** A JSON Schema the body must validate against (or `jsonSchema(schema)` from `@shiftguard/kit/json-schema`). */
  jsonSchema?: SchemaExpectation;
  /** Longest acceptable round trip, body included, in milliseconds. */
  maxLatencyMs?: number;
}

const EXPECTATION_KEYS = [
  'status',
  'headers',
  'bodyContains',
  'json',
  'jsonSatisfies',
  'jsonSchema',
  'maxLatencyMs',
] as const;

/** What the judge sees of one exchange. */
export interface JudgedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly latencyMs: number;
}

/** `undefined` when the answer is good, else what was expected and what came back. */
export type ResponseJudge = (response: JudgedResponse) => Promise<string | undefined>;

/** Validates an expectation once, at construction, and returns its judge. */
export function compileHttpExpectation(
  expectation: unknown,
  validator: Validator,
  isSecretHeader: (name: string) => boolean,
): ResponseJudge {
  const record = validator.object(expectation, 'expect', EXPECTATION_KEYS, { noun: 'expectation' });
  const { headers, bodyContains, json, jsonSatisfies, jsonSchema, maxLatencyMs } = record as HttpExpectation;
  const status = compileStatusExpectation(record.status ?? '2xx', 'expect.status', validator);
  const headerTests = compileHeaders(headers, validator, isSecretHeader);
  if (bodyContains !== undefined && typeof bodyContains !== 'string' && !(bodyContains instanceof RegExp)) {
    validator.wrongType('expect.bodyContains', 'a string or a RegExp', bodyContains);
  }
  validator.func(jsonSatisfies, 'expect.jsonSatisfies');
  validator.number(maxLatencyMs, 'expect.maxLatencyMs', { positive: true });
  if (json !== undefined) assertJsonExpectation(json, 'expect.json', validator);
  const matchJson = json === undefined ? undefined : compilePartialMatcher(json);
  const validateSchema =
    jsonSchema === undefined
      ? undefined
      : compileSchemaExpectation(jsonSchema, 'expect.jsonSchema', validator);
  const wantsJson = matchJson !== undefined || jsonSatisfies !== undefined || validateSchema !== undefined;

  return async (response) => {
    const statusProblem = status(response.status);
    if (statusProblem) return statusProblem;
    const tooSlow = judgeLatency(response.latencyMs, maxLatencyMs);
    if (tooSlow) return tooSlow;
    for (const test of headerTests) {
      const problem = test(response.headers);
      if (problem) return problem;
    }
    if (bodyContains !== undefined && !bodyMatches(response.body, bodyContains)) {
      return `expected the body to ${typeof bodyContains === 'string' ? `contain ${JSON.stringify(preview(bodyContains, 100))}` : `match ${bodyContains}`}`;
    }
    if (!wantsJson) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      return `expected a JSON body, got ${response.body === '' ? 'an empty body' : 'non-JSON'}`;
    }
    if (matchJson) {
      const problems = matchJson(parsed);
      if (problems.length > 0) return `body does not match: ${problems.join('; ')}`;
    }
    if (validateSchema) {
      const problem = validateSchema(parsed);
      if (problem) return `body does not match the schema: ${problem}`;
    }
    if (jsonSatisfies) return judgePredicate(jsonSatisfies, parsed, 'jsonSatisfies');
    return undefined;
  };
}

type HeaderTest = (headers: JudgedResponse['headers']) => string | undefined;

function compileHeaders(
  spec: unknown,
  validator: Validator,
  isSecret: (name: string) => boolean,
): HeaderTest[] {
  if (spec === undefined) return [];
  if (!isPlainObject(spec))
    return validator.wrongType('expect.headers', 'an object of strings or RegExps', spec);
  return Object.entries(spec).map(([name, expected]): HeaderTest => {
    if (typeof expected !== 'string' && !(expected instanceof RegExp)) {
      validator.wrongType(`expect.headers.${name}`, 'a string or a RegExp', expected);
    }
    const key = name.toLowerCase();
    return (headers) => {
      const raw = headers[key];
      const actual = Array.isArray(raw) ? raw.join(', ') : raw;
      if (actual !== undefined && bodyMatches(actual, expected, true)) return undefined;
      const want = typeof expected === 'string' ? JSON.stringify(expected) : `matching ${expected}`;
      // The expectation is the user's own text; what came back may be a credential.
      const got =
        actual === undefined ? 'none' : isSecret(name) ? REDACTED : preview(JSON.stringify(actual), 200);
      return `expected header ${name} ${want}, got ${got}`;
    };
  });
}

/** A string is contained (or, for a header, equal); a RegExp tested afresh each time. */
function bodyMatches(text: string, expected: string | RegExp, exact = false): boolean {
  if (typeof expected === 'string') return exact ? text === expected : text.includes(expected);
  expected.lastIndex = 0;
  return expected.test(text);
}
