import { isPlainObject, showValue, typeName } from './describe';

/** Builds the error a package throws for bad input; `path` names the bad value (`''` for the whole input). */
export type ValidationErrorFactory = (message: string, details: { path: string; cause?: unknown }) => Error;

/** How a package's validation messages read; every package speaks the same grammar through it. */
export interface ValidatorSettings {
  /** Starts every message: the factory or input being validated, e.g. `invokeCheck: `. Default none. */
  readonly prefix?: string;
  /**
   * Quote paths (`"seed.functions[0]" must be …`) and name an unknown key by its whole path, for
   * inputs whose paths are long. Default `false`.
   */
  readonly quotePaths?: boolean;
  readonly error: ValidationErrorFactory;
}

/** Options of {@link Validator.object}. */
export interface ObjectRules {
  /** How an unknown key is named: `unknown <noun> "key"`. Default `option`. */
  readonly noun?: string;
  /** What the object is, when it is not one: `<path> must be <expected>`. Default `an object`. */
  readonly expected?: string;
}

/**
 * The one vocabulary for validating options and inputs across shiftguard: every message names the
 * path of the bad value, what was expected and what was given (`repeat must be an integer from 1 to
 * 10000, got 0`), and unknown keys are named with the known ones, because a misspelt option would
 * otherwise be ignored silently. Each package makes one with its own error class.
 *
 * @example
 * ```ts
 * const v = new Validator({ prefix: 'invokeCheck: ', error: (message) => new MyOptionsError(message) });
 * const options = v.object(input, '', ['repeat', 'name']);
 * const repeat = v.integer(options.repeat, 'repeat', { min: 1, max: 10_000 }) ?? 1;
 * ```
 */
export class Validator {
  constructor(private readonly settings: ValidatorSettings) {}

  /** Joins a path: `''` + `a` → `a`, `a` + `b` → `a.b`, `a` + 0 → `a[0]`. */
  static join(path: string, key: string | number): string {
    if (typeof key === 'number') return `${path}[${key}]`;
    return path === '' ? key : `${path}.${key}`;
  }

  /** A validator for a nested input with its own prefix, throwing the same errors. */
  withPrefix(prefix: string): Validator {
    return new Validator({ ...this.settings, prefix });
  }

  /** Throws the package's error: `<prefix><path> <problem>`. */
  fail(path: string, problem: string, cause?: unknown): never {
    const where = path === '' ? '' : `${this.settings.quotePaths ? `"${path}"` : path} `;
    throw this.settings.error(`${this.settings.prefix ?? ''}${where}${problem}`, {
      path,
      ...(cause !== undefined && { cause }),
    });
  }

  /** Throws the package's error with a message of its own, keeping the prefix. */
  failWith(path: string, message: string, cause?: unknown): never {
    throw this.settings.error(`${this.settings.prefix ?? ''}${message}`, {
      path,
      ...(cause !== undefined && { cause }),
    });
  }

  /** `<path> must be <expected>, got <kind of value>`. */
  wrongType(path: string, expected: string, value: unknown): never {
    return this.fail(path, `must be ${expected}, got ${typeName(value)}`);
  }

  /** `<path> must be <expected>, got <value>`. */
  wrongValue(path: string, expected: string, value: unknown): never {
    return this.fail(path, `must be ${expected}, got ${showValue(value)}`);
  }

  /** A plain object whose keys are all `known`; the first stranger is named. */
  object(
    value: unknown,
    path: string,
    known: readonly string[],
    rules: ObjectRules = {},
  ): Record<string, unknown> {
    if (!isPlainObject(value)) this.wrongType(path, rules.expected ?? 'an object', value);
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const keyPath = Validator.join(path, key);
      // Inputs with long paths (seed files) name the stranger by its whole path: the key alone would
      // not say which entry to fix.
      if (this.settings.quotePaths) this.fail(keyPath, `is not a known key; known keys: ${known.join(', ')}`);
      const noun = rules.noun ?? 'option';
      this.failWith(keyPath, `unknown ${noun} "${key}"; known ${plural(noun)}: ${known.join(', ')}`);
    }
    return value;
  }

  string(
    value: unknown,
    path: string,
    rules: { allowEmpty?: boolean; maxLength?: number; pattern?: RegExp; patternHint?: string } = {},
  ): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.wrongType(path, 'a string', value);
    if (!rules.allowEmpty && value.trim() === '') this.fail(path, 'must be a non-empty string');
    if (rules.maxLength !== undefined && value.length > rules.maxLength) {
      this.fail(path, `must be at most ${rules.maxLength} characters, got ${value.length}`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      this.wrongValue(path, rules.patternHint ?? `like ${rules.pattern}`, value);
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.wrongType(path, 'a boolean', value);
    return value;
  }

  /** An integer within `[min, max]` (inclusive). */
  integer(value: unknown, path: string, range: { min: number; max?: number }): number | undefined {
    if (value === undefined) return undefined;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > max) {
      const expected =
        range.max === undefined ? `an integer ≥ ${range.min}` : `an integer from ${range.min} to ${max}`;
      return this.wrongValue(path, expected, value);
    }
    return value;
  }

  /** A finite number, optionally above a floor (`min`, inclusive) or strictly positive. */
  number(value: unknown, path: string, rules: { min?: number; positive?: boolean } = {}): number | undefined {
    if (value === undefined) return undefined;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (rules.min === undefined || value >= rules.min) &&
      (!rules.positive || value > 0);
    if (!ok) {
      const expected = rules.positive
        ? 'a positive number'
        : rules.min === undefined
          ? 'a finite number'
          : `a finite number ≥ ${rules.min}`;
      return this.wrongValue(path, expected, value);
    }
    return value as number;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.wrongValue(path, `one of ${allowed.join(', ')}`, value);
    }
    return value as T;
  }

  func<T extends (...args: never[]) => unknown>(value: unknown, path: string): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'function') return this.wrongType(path, 'a function', value);
    return value as T;
  }

  /** An object with the named methods (a logger, a client, a clock). */
  methods<T>(value: unknown, path: string, names: readonly string[]): T | undefined {
    if (value === undefined) return undefined;
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      return this.wrongType(path, `an object with ${names.map((name) => `${name}()`).join(', ')}`, value);
    }
    for (const name of names) {
      if (typeof (value as Record<string, unknown>)[name] !== 'function') {
        this.fail(path, `must have a ${name}() method`);
      }
    }
    return value as T;
  }

  array(value: unknown, path: string, rules: { nonEmpty?: boolean } = {}): readonly unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      return this.wrongType(path, rules.nonEmpty ? 'a non-empty array' : 'an array', value);
    if (rules.nonEmpty && value.length === 0) this.fail(path, 'must be a non-empty array');
    return value;
  }

  /** An object of strings (headers, path parameters, environment variables). */
  stringMap(value: unknown, path: string): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) return this.wrongType(path, 'an object of strings', value);
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') this.wrongType(Validator.join(path, key), 'a string', entry);
    }
    return value as Record<string, string>;
  }
}

function plural(noun: string): string {
  return noun.endsWith('s') ? noun : `${noun}s`;
}
