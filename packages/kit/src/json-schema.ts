/**
 * `@shiftguard/kit/json-schema`: schemas compiled at import time, for bundled hooks. Importing this
 * entry is what brings `ajv` into a bundle; the main entry never imports it.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { InvalidKitOptionsError } from './errors/errors';
import { compileWithAjv } from './expect/ajv-schema';
import { type CompiledSchema, compiledSchema } from './expect/compiled-schema';

export type { CompiledSchema } from './expect/compiled-schema';

/**
 * Compiles a JSON Schema (draft-07, with ajv-formats) for an expectation such as `payloadSchema`.
 *
 * @throws InvalidKitOptionsError when the schema is not valid.
 * @example
 * ```ts
 * import { jsonSchema } from '@shiftguard/kit/json-schema';
 * invokeCheck({ expect: { payloadSchema: jsonSchema({ type: 'object', required: ['id'] }) } });
 * ```
 */
export function jsonSchema(schema: Record<string, unknown> | boolean): CompiledSchema {
  try {
    return compiledSchema(compileWithAjv(schema, { Ajv, addFormats }));
  } catch (error) {
    throw new InvalidKitOptionsError(`jsonSchema: not a valid JSON Schema: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
