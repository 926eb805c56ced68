// The official SAM JSON Schema, kept gzipped beside the fixtures (see fixtures/sam-schema/README.md),
// compiled once for the tests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';

const SCHEMA = path.join(__dirname, 'fixtures', 'sam-schema', 'sam.schema.json.gz');

/** The SHA-256 of the schema as published (aws/serverless-application-model 7000d0a). */
export const SAM_SCHEMA_SHA256 = '18a02eee06fa707271eb41ccb95d88b38a4f288772466ab9f9c3e780b549a283';

let validate: ((value: unknown) => string[]) | undefined;

/** The schema's text, as published. */
export function samSchemaText(): Buffer {
  return gunzipSync(readFileSync(SCHEMA));
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The schema's problems with a template (already in the long form), none for a valid one. The schema
 * is draft-04 with non-standard annotation keywords, so ajv 8 loads it without strict mode and without
 * validating the schema itself.
 */
export function samSchemaProblems(template: unknown): string[] {
  if (!validate) {
    const schema = JSON.parse(samSchemaText().toString('utf8')) as Record<string, unknown>;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
    const compiled = ajv.compile(schema);
    validate = (value) =>
      compiled(value)
        ? []
        : (compiled.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
  }
  return validate(template);
}
