import { createRequire } from 'node:module';
import { DeploymentResolutionError } from '../errors';

/** A YAML parser, as `yaml`'s `parse(text, { schema: 'failsafe' })`. */
export type YamlParse = (text: string) => unknown;

/** Set by `@shiftguard/core/yaml`; shared through the global registry so both builds of core see it. */
const YAML_PARSER = Symbol.for('shiftguard.core.yaml-parser');

/** Lets YAML AppSpecs be read without loading `yaml` on demand (what `@shiftguard/core/yaml` does). */
export function registerYamlParser(parse: YamlParse): void {
  (globalThis as Record<symbol, unknown>)[YAML_PARSER] = parse;
}

/**
 * Reads an AppSpec document. JSON — what SAM and CloudFormation write — is parsed as JSON; only
 * other text needs a YAML parser, loaded then, so a hook never pays `yaml`'s load at cold start.
 * The require is hidden from bundlers on purpose: a bundled hook that must read YAML AppSpecs
 * imports `@shiftguard/core/yaml`, which a bundler follows.
 */
export function parseAppSpecDocument(content: string): unknown {
  if (/^\s*[{[]/.test(content)) {
    let document: unknown;
    try {
      document = JSON.parse(content);
    } catch {
      // Not strict JSON (a flow-style YAML mapping, say): YAML, a superset, gets its turn below.
    }
    if (document !== undefined) {
      // JSON.parse keeps the last of two equal keys; YAML refuses them, and so must this path: an
      // AppSpec naming two target versions must not judge one of them.
      const duplicate = firstDuplicateKey(content);
      if (duplicate !== undefined) {
        throw new DeploymentResolutionError(
          `AppSpec has the key ${JSON.stringify(duplicate)} twice in one mapping`,
        );
      }
      return document;
    }
  }
  const parse = yamlParser();
  try {
    return parse(content);
  } catch (error) {
    throw new DeploymentResolutionError(
      `AppSpec is neither valid YAML nor JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function yamlParser(): YamlParse {
  const registered = (globalThis as Record<symbol, unknown>)[YAML_PARSER];
  if (typeof registered === 'function') return registered as YamlParse;
  let yaml: { parse: (text: string, options: { schema: string }) => unknown };
  try {
    // From core's own location, in the ESM and the CJS build alike (tsup shims import.meta.url in CJS).
    const load = createRequire(import.meta.url);
    yaml = load('yaml');
  } catch (error) {
    throw new DeploymentResolutionError(
      `the AppSpec is YAML and the yaml package could not be loaded (${(error as Error).message.split('\n')[0]}): in a bundle, add import '@shiftguard/core/yaml' to the hook`,
      { cause: error },
    );
  }
  // failsafe: every scalar stays a string, so `Name: 0x1A` is not read as 26.
  const parse: YamlParse = (text) => yaml.parse(text, { schema: 'failsafe' });
  registerYamlParser(parse);
  return parse;
}

/** The first key that appears twice in one JSON object of `json` (already known to be valid JSON). */
function firstDuplicateKey(json: string): string | undefined {
  const scopes: (Set<string> | undefined)[] = [];
  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === '{') scopes.push(new Set());
    else if (char === '[') scopes.push(undefined);
    else if (char === '}' || char === ']') scopes.pop();
    else if (char === '"') {
      let end = index + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const keys = scopes[scopes.length - 1];
      let next = end + 1;
      while (/\s/.test(json[next] ?? '')) next++;
      if (keys && json[next] === ':') {
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      index = end;
    }
  }
  return undefined;
}
