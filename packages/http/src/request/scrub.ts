import { REDACTED } from '@shiftguard/kit';

/** Secrets shorter than this are not scrubbed by value: replacing "a" everywhere would garble the report. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces the literal values of the credentials a check sends wherever they appear in a report: a
 * server that echoes a token back (in a body, an error page, a header) must not put it in the verdict,
 * and no pattern can recognise a bare token.
 */
export function secretScrubber(secrets: readonly string[]): <T>(value: T) => T {
  const values = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (value) => value;
  const scrubText = (text: string) =>
    values.reduce((result, secret) => result.split(secret).join(REDACTED), text);
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrubText(value);
    if (depth <= 0 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth - 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth - 1)]));
  };
  return <T>(value: T) => scrub(value, 8) as T;
}

/** The secret parts of a credential header's value: the whole value and, after a scheme, the token alone. */
export function secretParts(value: string): string[] {
  const match = /^\s*[A-Za-z0-9-]+\s+(\S.*)$/.exec(value);
  return match?.[1] ? [value, match[1]] : [value];
}
