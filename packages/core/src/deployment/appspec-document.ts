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
    try {
      return JSON.parse(content);
    } catch {
      // Not strict JSON (a flow-style YAML mapping, say): YAML, a superset, gets its turn.
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
    const load = typeof require === 'function' ? require : createRequire(import.meta.url);
    yaml = load('yaml');
  } catch (error) {
    throw new DeploymentResolutionError(
      "the AppSpec is YAML and the yaml package is not available (a bundle leaves it out): add import '@shiftguard/core/yaml' to the hook",
      { cause: error },
    );
  }
  // failsafe: every scalar stays a string, so `Name: 0x1A` is not read as 26.
  const parse: YamlParse = (text) => yaml.parse(text, { schema: 'failsafe' });
  registerYamlParser(parse);
  return parse;
}
