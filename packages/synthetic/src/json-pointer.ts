import { InvalidJourneyError } from './errors';

/**
 * Splits an RFC 6901 JSON Pointer into its reference tokens, unescaped (`~1` is `/`, `~0` is `~`).
 * Throws {@link InvalidJourneyError} for a pointer that is not one, so a typo fails when the journey
 * is built rather than in the middle of a deployment.
 *
 * @example
 * ```ts
 * parseJsonPointer('/items/0/a~1b'); // ['items', '0', 'a/b']
 * ```
 */
export function parseJsonPointer(pointer: string): string[] {
  if (typeof pointer !== 'string') {
    throw new InvalidJourneyError(`a JSON Pointer must be a string, got ${typeof pointer}`);
  }
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new InvalidJourneyError(`JSON Pointer ${JSON.stringify(pointer)} must be empty or start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) {
        throw new InvalidJourneyError(
          `JSON Pointer ${JSON.stringify(pointer)} has a "~" not followed by 0 or 1 (write "~0" for "~")`,
        );
      }
      // ~1 first: "~01" is the token "~1", not "/".
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/**
 * Reads the value a JSON Pointer (RFC 6901) designates in a parsed JSON document, or `undefined` when
 * there is none. Only own properties count, and an array index must be written as JSON Pointer
 * says (`0`, `12`; not `01`, not `-`).
 *
 * @example
 * ```ts
 * jsonPointer({ items: [{ id: 'o-1' }] }, '/items/0/id'); // 'o-1'
 * jsonPointer({ 'a/b': 1 }, '/a~1b'); // 1
 * ```
 */
export function jsonPointer(document: unknown, pointer: string): unknown {
  return resolveTokens(document, parseJsonPointer(pointer));
}

/** {@link jsonPointer} with the pointer already parsed (what a step does on every run). */
export function resolveTokens(document: unknown, tokens: readonly string[]): unknown {
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.hasOwn(current, token)) return undefined;
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
