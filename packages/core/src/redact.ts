/** What replaces a secret in logs and reports. */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|x-amz-security-token|secret|client[-_]?secret|password|passwd|token|access[-_]?token|refresh[-_]?token|id[-_]?token|session[-_]?token|private[-_]?key|secret[-_]?access[-_]?key)$/i;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic|Digest|AWS4-HMAC-SHA256)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [
    /\b(authorization|cookie|x-api-key|api[-_]?key|password|token|secret)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
    `$1$2${REDACTED}`,
  ],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
];

/** True when a key (header, field, query parameter) names a credential. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Masks credentials that appear inside free text (error messages, response bodies). */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * A deep copy of `value` with secret-named fields replaced and secrets in strings masked. Cycles and
 * depth are bounded so a report can never blow up on a strange object.
 *
 * @example
 * ```ts
 * redact({ headers: { Authorization: 'Bearer abc' } }); // { headers: { Authorization: '[REDACTED]' } }
 * ```
 */
export function redact<T>(value: T, maxDepth = 8): T {
  return redactValue(value, maxDepth, new WeakSet()) as T;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth <= 0) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth - 1, seen));
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (value instanceof Date) return value.toISOString();
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth - 1, seen);
  }
  return copy;
}
