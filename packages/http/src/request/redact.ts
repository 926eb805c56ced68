import { isSecretKey, REDACTED, redactText } from '@shiftguard/kit';

/** Headers whose whole value is a credential, whatever the kit's name heuristics say. */
const ALWAYS_SECRET = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/** Short query parameter names that carry credentials but that no key-ending rule can recognise. */
const SECRET_QUERY = /^(?:key|sig|code|jwt|pass|pwd|auth|access[-_]?key)$/i;

/** Decides which header names are secret: the fixed list, the user's `redactHeaders`, and credential-like names. */
export function headerRedactor(extra: readonly string[]): (name: string) => boolean {
  const names = new Set([...ALWAYS_SECRET, ...extra.map((name) => name.toLowerCase())]);
  return (name) => names.has(name.toLowerCase()) || isSecretKey(name);
}

/** A copy of headers for a report: secret values replaced, the rest with secrets masked inside them. */
export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  isSecret: (name: string) => boolean,
): Record<string, string | string[]> {
  const copy: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (isSecret(name)) copy[name] = REDACTED;
    else copy[name] = Array.isArray(value) ? value.map(redactText) : redactText(value);
  }
  return copy;
}

/**
 * A URL fit for a report: credentials (`user:pass@`) and token-like query parameters replaced.
 * Built by hand because the URL setters would percent-encode the `[REDACTED]` marker.
 */
export function redactUrl(url: URL): string {
  const credentials = url.username !== '' || url.password !== '' ? `${REDACTED}@` : '';
  const query = [...url.searchParams]
    .map(([key, value]) => {
      const secret = isSecretKey(key) || SECRET_QUERY.test(key);
      return `${encodeURIComponent(key)}=${secret ? REDACTED : encodeURIComponent(value)}`;
    })
    .join('&');
  return `${url.protocol}//${credentials}${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}
