const COMPILED_SCHEMA = Symbol.for('shiftguard.compiled-schema');

/**
 * A JSON Schema compiled ahead, by `jsonSchema()` from `@shiftguard/kit/json-schema`. Passing one
 * instead of a schema object keeps `ajv` in a bundle: a bundler sees that import and includes it.
 */
export interface CompiledSchema {
  readonly [COMPILED_SCHEMA]: true;
  /** `undefined` when `value` is valid, else what is wrong (the first few errors). */
  validate(value: unknown): string | undefined;
}

export function isCompiledSchema(value: unknown): value is CompiledSchema {
  return typeof value === 'object' && value !== null && (value as CompiledSchema)[COMPILED_SCHEMA] === true;
}

/** Wraps a validate function as a {@link CompiledSchema}. */
export function compiledSchema(validate: (value: unknown) => string | undefined): CompiledSchema {
  return { [COMPILED_SCHEMA]: true, validate };
}
