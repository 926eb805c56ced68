import { createRequire } from 'node:module';
import type { Validator } from '../validation/validator';
import { type AjvModules, compileWithAjv } from './ajv-schema';
import { type CompiledSchema, isCompiledSchema } from './compiled-schema';

/** A schema (an object, or `true`/`false`), or one compiled ahead with `jsonSchema()` from `@shiftguard/kit/json-schema`. */
export type SchemaExpectation = Record<string, unknown> | boolean | CompiledSchema;

/**
 * Turns a schema expectation into a validate function, at construction. A schema object loads
 * `ajv` only now, the first time one is built, so a hook that never uses a schema never loads it;
 * the require is hidden from bundlers on purpose, and a bundle without ajv gets a typed error
 * saying to compile the schema with `jsonSchema()`, whose static import a bundler follows.
 */
export function compileSchemaExpectation(
  schema: unknown,
  path: string,
  validator: Validator,
): (value: unknown) => string | undefined {
  if (isCompiledSchema(schema)) return (value) => schema.validate(value);
  const isSchema =
    typeof schema === 'boolean' || (typeof schema === 'object' && schema !== null && !Array.isArray(schema));
  if (!isSchema) return validator.wrongType(path, 'a JSON Schema object', schema);
  const modules = loadAjv(path, validator);
  try {
    return compileWithAjv(schema as Record<string, unknown> | boolean, modules);
  } catch (error) {
    return validator.fail(path, `is not a valid JSON Schema: ${(error as Error).message}`, error);
  }
}

let ajvModules: AjvModules | undefined;

function loadAjv(path: string, validator: Validator): AjvModules {
  if (ajvModules) return ajvModules;
  try {
    // From the kit's own location, in the ESM and the CJS build alike (tsup shims import.meta.url in CJS).
    const load = createRequire(import.meta.url);
    const ajv = load('ajv') as { default?: AjvModules['Ajv'] } & AjvModules['Ajv'];
    const formats = load('ajv-formats') as { default?: AjvModules['addFormats'] } & AjvModules['addFormats'];
    ajvModules = { Ajv: ajv.default ?? ajv, addFormats: formats.default ?? formats };
    return ajvModules;
  } catch (error) {
    return validator.fail(
      path,
      `needs the ajv package, which could not be loaded (${(error as Error).message.split('\n')[0]}): in a bundle, compile the schema with jsonSchema() from '@shiftguard/kit/json-schema' (a bundler then includes ajv) and pass that instead`,
      error,
    );
  }
}
