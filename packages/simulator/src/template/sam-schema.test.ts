import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTemplate } from './parse';
import { SAM_SCHEMA_SHA256, samSchemaProblems, samSchemaText, sha256 } from './sam-schema.test-support';

const fixtures = path.join(__dirname, 'fixtures');
const files = (dir: string) =>
  readdirSync(path.join(fixtures, dir))
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => path.join(dir, name));

/** Error fixtures that are not YAML at all. */
const UNPARSEABLE = ['errors/yaml-syntax.yaml', 'errors/unknown-tag.yaml'];
/** Error fixtures the schema itself refuses (the others are valid SAM that only transforming or deploying refuses). */
const SCHEMA_INVALID = ['errors/globals-unsupported.yaml'];

describe('the fixtures are SAM templates the official SAM schema accepts', () => {
  const all = [...files('.'), ...files('errors')];

  it('holds the schema as published', () => {
    expect(sha256(samSchemaText())).toBe(SAM_SCHEMA_SHA256);
  });

  it('finds the fixtures', () => {
    expect(all).toEqual(expect.arrayContaining(['canary.yaml', 'canary.json', 'errors/hook-missing.yaml']));
  });

  it.each(all.filter((file) => !UNPARSEABLE.includes(file)))('%s', (file) => {
    const parsed = parseTemplate(readFileSync(path.join(fixtures, file), 'utf8'), '1.1');
    if (!parsed.ok) throw new Error(`${file}: ${parsed.problem.message}`);
    const problems = samSchemaProblems(parsed.template.value);
    if (SCHEMA_INVALID.includes(file)) expect(problems).not.toEqual([]);
    else expect(problems).toEqual([]);
  });

  it('refuses what SAM’s schema refuses, so a pass means something', () => {
    expect(
      samSchemaProblems({
        Resources: {
          Fn: {
            Type: 'AWS::Serverless::Function',
            Properties: { DeploymentPreference: { Type: 'AllAtOnce', Hooks: { BeforeTraffic: 'x' } } },
          },
        },
      }),
    ).not.toEqual([]);
  });
});
