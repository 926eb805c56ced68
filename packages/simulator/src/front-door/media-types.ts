// Whether a body travels as text or as base64, decided by its media type.

/**
 * The request bodies an HTTP API or a function URL hands over as text; any other body, one without a
 * `Content-Type` included, arrives base64-encoded with `isBase64Encoded: true`. AWS documents only
 * that "binary" bodies are encoded, not which types count: this is the split observed on AWS and
 * reported with ministack's payload 2.0 support (text/*, JSON, XML, JavaScript; not even form data).
 */
export const DEFAULT_TEXT_MEDIA_TYPES: readonly string[] = Object.freeze([
  'text/*',
  'application/json',
  'application/xml',
  'application/javascript',
]);

/** `image/png; charset=…` → `image/png`, lower case; undefined when there is none. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/**
 * Whether a media type is among patterns written as API Gateway's `binaryMediaTypes` are: exact
 * (`image/png`), any subtype (`image/*`) or anything (a star for both parts); SAM's `~1` for `/` is
 * understood too.
 */
export function matchesMediaType(mediaType: string | undefined, patterns: readonly string[]): boolean {
  if (mediaType === undefined) return false;
  const [type, subtype] = mediaType.split('/');
  return patterns.some((written) => {
    const pattern = written.replace(/~1/g, '/').toLowerCase();
    if (pattern === '*/*') return true;
    const [patternType, patternSubtype] = pattern.split('/');
    return patternType === type && (patternSubtype === '*' || patternSubtype === subtype);
  });
}
