import { jsonSchema } from '../json-schema';
import { LatencyHistogram } from '../stats/histogram';
import { Validator } from '../validation/validator';
import { compiledSchema } from './compiled-schema';
import { compileSchemaExpectation } from './json-schema';
import { compileLatencyBudget } from './latency';
import { judgePredicate } from './predicate';
import { compileStatusExpectation } from './status';

const validator = new Validator({ prefix: 'probe: ', error: (message) => new Error(message) });

describe('status expectations', () => {
  it.each([
    [200, 200, undefined],
    [200, 201, 'expected status 200, got 201'],
    ['2xx', 204, undefined],
    ['2xx', 503, 'expected status 2xx, got 503'],
    [['2xx', 304], 304, undefined],
    [['2xx', 304], 404, 'expected status 2xx or 304, got 404'],
    [{ min: 200, max: 299 }, 299, undefined],
    [{ min: 200, max: 299 }, 300, 'expected status 200–299, got 300'],
    [200, undefined, 'expected status 200, got none'],
  ])('%j against %j', (spec, status, problem) => {
    expect(compileStatusExpectation(spec, 'expect.status', validator)(status)).toBe(problem);
  });

  it.each([
    ['2XX', 'probe: expect.status must be a status class such as \'2xx\', got "2XX"'],
    [99, 'probe: expect.status must be an integer from 100 to 599, got 99'],
    [[], 'probe: expect.status must not be an empty list'],
    [{ min: 300, max: 200 }, 'probe: expect.status must be a range { min, max } with min ≤ max'],
    [{ from: 200 }, 'probe: unknown range key "from"'],
    [true, 'probe: expect.status must be a status code'],
  ])('refuses %j at construction', (spec, message) => {
    expect(() => compileStatusExpectation(spec, 'expect.status', validator)).toThrow(message);
  });
});

describe('latency budgets', () => {
  const histogramOf = (...values: number[]) => {
    const histogram = new LatencyHistogram();
    for (const value of values) histogram.record(value);
    return histogram;
  };

  it('fails on the first percentile over budget, and on the slowest answer', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(
      compileLatencyBudget({ p95Ms: 99 }, 'thresholds', validator)(histogramOf(...values)),
    ).toBeUndefined();
    expect(compileLatencyBudget({ p50Ms: 40 }, 'thresholds', validator)(histogramOf(...values))).toMatch(
      /^p50 latency (49\.\d|50(\.\d)?) ms over the 40 ms budget$/,
    );
    expect(compileLatencyBudget({ maxMs: 99 }, 'thresholds', validator)(histogramOf(...values))).toBe(
      'slowest answer took 100 ms, over the 99 ms budget',
    );
    expect(compileLatencyBudget({ p99Ms: 1 }, 'thresholds', validator)(histogramOf())).toBeUndefined();
  });

  it('refuses a budget that cannot be met or is misspelt', () => {
    expect(() => compileLatencyBudget({ p95: 5 }, 'thresholds', validator)).toThrow('unknown option "p95"');
    expect(() => compileLatencyBudget({ p95Ms: 0 }, 'thresholds', validator)).toThrow(
      'thresholds.p95Ms must be a positive number, got 0',
    );
  });
});

describe('JSON Schema expectations', () => {
  const schema = { type: 'object', required: ['id'], properties: { email: { format: 'email' } } };

  it('validates with a schema object (ajv loaded on demand) and with a compiled one', () => {
    for (const given of [schema, jsonSchema(schema)]) {
      const validate = compileSchemaExpectation(given, 'expect.body', validator);
      expect(validate({ id: 1, email: 'a@example.com' })).toBeUndefined();
      expect(validate({ email: 'nope' })).toMatch(/must have required property 'id'/);
    }
  });

  it('refuses an invalid schema at construction, naming the path', () => {
    expect(() => compileSchemaExpectation({ type: 'nope' }, 'expect.body', validator)).toThrow(
      /^probe: expect\.body is not a valid JSON Schema/,
    );
    expect(() => jsonSchema({ type: 'string', format: 'e-mail' })).toThrow(/unknown format/);
    expect(() => compileSchemaExpectation('schema', 'expect.body', validator)).toThrow(
      'probe: expect.body must be a JSON Schema object, got string',
    );
  });

  it('takes boolean schemas, as draft-07 allows', () => {
    expect(compileSchemaExpectation(true, 'expect.body', validator)({ any: 1 })).toBeUndefined();
    expect(compileSchemaExpectation(false, 'expect.body', validator)({ any: 1 })).toMatch(
      /boolean schema is false/,
    );
  });

  it('takes any compiled validator', () => {
    const validate = compileSchemaExpectation(
      compiledSchema((value) => (value === 1 ? undefined : 'not one')),
      'x',
      validator,
    );
    expect([validate(1), validate(2)]).toEqual([undefined, 'not one']);
  });
});

describe('predicates', () => {
  it('passes on true or nothing, fails on false or a reason, and on a throw', async () => {
    expect(await judgePredicate(() => true, 1, 'satisfies')).toBeUndefined();
    expect(await judgePredicate(() => {}, 1, 'satisfies')).toBeUndefined();
    expect(await judgePredicate(async () => false, { a: 1 }, 'satisfies')).toBe('satisfies rejected {"a":1}');
    expect(await judgePredicate(() => 'too few', [1], 'satisfies')).toBe('too few: [1]');
    expect(
      await judgePredicate(
        () => {
          throw new Error('boom token=abc');
        },
        1,
        'satisfies',
      ),
    ).toBe('satisfies threw: boom token=[REDACTED]');
  });
});
