import { isScalar, parseDocument, Scalar, visit } from 'yaml';

/**
 * Reads a YAML AppSpec with the `yaml` package, shaped the way the emulator's AppSpec reader (and the
 * seed files written for it) have always read it:
 * - every scalar stays a string (the failsafe schema), so `version: 0.0` is `'0.0'` and a version or a
 *   name is never turned into a number;
 * - a key with no value is `null`, not `''`;
 * - block scalars (`|`, `>`) lose their final line breaks: a name written as one names the function,
 *   not the function and a newline;
 * - a flow collection that is valid JSON (`[1, 2]`, `{"a": 1}`) is read as that JSON;
 * - a document that is a bare scalar is refused, as is anything that is not valid YAML.
 *
 * @throws SyntaxError for content that is not such a document; the AppSpec reader treats it as unparsable.
 * @example
 * ```ts
 * parseAppSpecYaml('version: 0.0\nHooks:\n  - BeforeAllowTraffic: pre\n');
 * // { version: '0.0', Hooks: [{ BeforeAllowTraffic: 'pre' }] }
 * ```
 */
export function parseAppSpecYaml(text: string): unknown {
  // Duplicate keys are not an error, the later one wins: the reader is lenient, CodeDeploy judges.
  const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  const [error] = document.errors;
  if (error !== undefined) throw new SyntaxError(error.message, { cause: error });
  if (isScalar(document.contents)) {
    throw new SyntaxError('An AppSpec is a mapping, not a bare scalar');
  }
  visit(document, {
    Collection(_key, node) {
      if (!node.flow || node.range === undefined || node.range === null) return undefined;
      try {
        return new Scalar(JSON.parse(text.slice(node.range[0], node.range[1])));
      } catch {
        return undefined; // not JSON: read as YAML
      }
    },
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (node.type === Scalar.PLAIN && node.value === '') node.value = null;
      else if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
        node.value = node.value.replace(/\n+$/, '');
      }
    },
  });
  return document.toJS();
}
