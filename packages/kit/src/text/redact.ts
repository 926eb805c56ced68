/** What replaces a secret in logs and reports. */
export const REDACTED = '[REDACTED]';

/** Key endings that name a credential, compared with `-`, `_`, `.` and spaces removed. */
const SECRET_KEY_ENDINGS = [
  'authorization',
  'cookie',
  'password',
  'passwd',
  'secret',
  'secretkey',
  'secretaccesskey',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'signature',
  'sessionid',
  'auth',
];

const SECRET_NAME =
  '[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[-_]?key|apikey|signature|credential|private[-_]?key|session[-_]?id)[A-Za-z0-9_.-]*';

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Whole header values: every cookie, every auth scheme and its parameters.
  [/\b((?:proxy-)?authorization|set-cookie|cookie)(\s*[:=]\s*)("?)[^"\r\n]*/gi, `$1$2$3${REDACTED}`],
  [/\b(Bearer|Basic|Digest|Token|ApiKey|Negotiate|AWS4-HMAC-SHA256)\s+[^\s"',;]+/g, `$1 ${REDACTED}`],
  // name=value, name: value, "name": "value" for credential-like names (query strings, env dumps, JSON).
  [
    new RegExp(`(?<![A-Za-z0-9])(${SECRET_NAME})(["']?\\s*[:=]\\s*["']?)[^\\s"',;&}]+`, 'gi'),
    `$1$2${REDACTED}`,
  ],
  // user:password@ in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
];

/** True when a key (header, field, query parameter) names a credential. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  return SECRET_KEY_ENDINGS.some((ending) => normalized.endsWith(ending));
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
  if (Array.isArray(value)) return redactArray(value, depth, seen);
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (value instanceof Date) return value.toISOString();
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth - 1, seen);
  }
  return copy;
}

/** Node's `rawHeaders` is `[name, value, name, value, ...]`: a secret name masks the value after it. */
function redactArray(items: readonly unknown[], depth: number, seen: WeakSet<object>): unknown[] {
  return items.map((item, index) => {
    const previous = items[index - 1];
    if (typeof previous === 'string' && isSecretKey(previous) && typeof item === 'string') return REDACTED;
    return redactValue(item, depth - 1, seen);
  });
}
