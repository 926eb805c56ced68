import { InvalidEventOptionsError } from '../errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `application/x-www-form-urlencoded` encoding, as `URLSearchParams` and Java's `URLEncoder` write it:
 * letters, digits and `*-._` stay, a space becomes `+`, every other byte of the UTF-8 form becomes `%XX`.
 */
export function formEncode(text: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new InvalidEventOptionsError(
      `cannot URL-encode ${JSON.stringify(text)}: it holds a lone UTF-16 surrogate`,
    );
  }
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The inverse of {@link formEncode}; `undefined` for a malformed escape such as `%E0%A4%A`. */
export function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * An object key as S3 writes it into event notifications: form-encoded, except that `/` stays as is
 * (`photos/red flower (1).jpg` → `photos/red+flower+%281%29.jpg`). Handlers are expected to undo it
 * with `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function s3EventKey(key: string): string {
  return key.split('/').map(formEncode).join('/');
}
