import type AjvType from 'ajv';
import type addFormatsType from 'ajv-formats';

/** The two modules a schema needs, given by whoever loaded them (statically or on demand). */
export interface AjvModules {
  readonly Ajv: typeof AjvType;
  readonly addFormats: typeof addFormatsType;
}

/**
 * Compiles a JSON Schema (draft-07). Throws ajv's own error for an invalid schema; callers wrap it
 * in their package's error. strictSchema: an unknown keyword or format is a typo that would
 * otherwise validate nothing; the other strict rules judge style (unlisted required properties).
 */
export function compileWithAjv(
  schema: Record<string, unknown> | boolean,
  { Ajv, addFormats }: AjvModules,
): (value: unknown) => string | undefined {
  const ajv = new Ajv({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return undefined;
    return ajv.errorsText(validate.errors?.slice(0, 5), { dataVar: '$' });
  };
}
