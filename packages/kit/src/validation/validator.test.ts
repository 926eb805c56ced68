import { Validator } from './validator';

class TestOptionsError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const validator = new Validator({
  prefix: 'probe: ',
  error: (message, { path }) => new TestOptionsError(message, path),
});

function thrown(run: () => unknown): TestOptionsError {
  try {
    run();
  } catch (error) {
    return error as TestOptionsError;
  }
  throw new Error('expected a throw');
}

describe('Validator', () => {
  it('names an unknown key, the known ones and its path', () => {
    const error = thrown(() => validator.object({ url: 'x', tiemout: 5 }, 'http', ['url', 'timeout']));
    expect(error.message).toBe('probe: unknown option "tiemout"; known options: url, timeout');
    expect(error.path).toBe('http.tiemout');
  });

  it.each([
    [
      () => validator.integer(0, 'repeat', { min: 1, max: 10 }),
      'probe: repeat must be an integer from 1 to 10, got 0',
    ],
    [() => validator.integer(1.5, 'repeat', { min: 1 }), 'probe: repeat must be an integer ≥ 1, got 1.5'],
    [() => validator.boolean('no', 'logTail'), 'probe: logTail must be a boolean, got string'],
    [() => validator.string('', 'name'), 'probe: name must be a non-empty string'],
    [() => validator.string(5, 'name'), 'probe: name must be a string, got number'],
    [
      () => validator.oneOf('GETT', 'method', ['GET', 'POST']),
      'probe: method must be one of GET, POST, got "GETT"',
    ],
    [
      () => validator.number(-1, 'p95Ms', { positive: true }),
      'probe: p95Ms must be a positive number, got -1',
    ],
    [() => validator.stringMap({ a: 1 }, 'headers'), 'probe: headers.a must be a string, got number'],
    [() => validator.methods({ now: 1 }, 'clock', ['now']), 'probe: clock must have a now() method'],
    [() => validator.object([], 'expect', []), 'probe: expect must be an object, got array'],
    [() => validator.array([], 'steps', { nonEmpty: true }), 'probe: steps must be a non-empty array'],
  ])('%#: says what was expected and what was given', (run, message) => {
    expect(thrown(run).message).toBe(message);
  });

  it('passes good values through and leaves undefined alone', () => {
    expect(validator.integer(3, 'repeat', { min: 1, max: 10 })).toBe(3);
    expect(validator.integer(undefined, 'repeat', { min: 1 })).toBeUndefined();
    expect(validator.oneOf('GET', 'method', ['GET'])).toBe('GET');
    expect(validator.object({ url: 'x' }, '', ['url'])).toEqual({ url: 'x' });
  });

  it('quotes paths where asked, and keeps a nested validator on the same errors', () => {
    const quoting = new Validator({
      prefix: 'Invalid seed: ',
      quotePaths: true,
      error: (message, { path }) => new TestOptionsError(message, path),
    });
    const error = thrown(() => quoting.integer(70_000, 'port', { min: 0, max: 65_535 }));
    expect(error.message).toBe('Invalid seed: "port" must be an integer from 0 to 65535, got 70000');
    expect(thrown(() => quoting.withPrefix('x: ').fail('a', 'is wrong'))).toBeInstanceOf(TestOptionsError);
    const stranger = thrown(() => quoting.object({ app: 'x' }, 'deployments[1]', ['appSpec']));
    expect(stranger.message).toBe(
      'Invalid seed: "deployments[1].app" is not a known key; known keys: appSpec',
    );
    expect(stranger.path).toBe('deployments[1].app');
    expect(Validator.join('a', 'b')).toBe('a.b');
    expect(Validator.join('a', 0)).toBe('a[0]');
    expect(Validator.join('', 'b')).toBe('b');
  });
});
