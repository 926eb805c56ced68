import { createRequire } from 'node:module';
import type { Validator } from '../validation/validator';
import { type AjvModules, compileWithAjv } from './ajv-schema';
import { type CompiledSchema, isCompiledSchema } from './compiled-schema';

/** A schema object, or one compiled ahead with `jsonSchema()` from `@shiftguard/kit/json-schema`. */
export type SchemaExpectation = Record<string, unknown> | CompiledSchema;

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
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return validator.wrongType(path, 'a JSON Schema object', schema);
  }
  const modules = loadAjv(path, validator);
  try {
    return compileWithAjv(schema as Record<string, unknown>, modules);
  } catch (error) {
    return validator.fail(path, `is not a valid JSON Schema: ${(error as Error).message}`, error);
  }
}

let ajvModules: AjvModules | undefined;

function loadAjv(path: string, validator: Validator): AjvModules {
  if (ajvModules) return ajvModules;
  try {
    const load = typeof require === 'function' ? require : createRequire(import.meta.url);
    const ajv = load('ajv') as { default?: AjvModules['Ajv'] } & AjvModules['Ajv'];
    const formats = load('ajv-formats') as { default?: AjvModules['addFormats'] } & AjvModules['addFormats'];
    ajvModules = { Ajv: ajv.default ?? ajv, addFormats: formats.default ?? formats };
    return ajvModules;
  } catch (error) {
    return validator.fail(
      path,
      "needs the ajv package, which this bundle does not include: compile the schema with jsonSchema() from '@shiftguard/kit/json-schema' (a bundler then includes ajv) and pass that instead",
      error,
    );
  }
}
