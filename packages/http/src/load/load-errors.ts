/** What a failed request is counted as: its status class, or what happened on the wire. */
export type LoadErrorKind = `${1 | 2 | 3 | 4 | 5}xx` | 'timeout' | 'reset' | 'refused' | 'other';

export function statusClass(status: number): LoadErrorKind {
  const digit = Math.floor(status / 100);
  return digit >= 1 && digit <= 5 ? (`${digit}xx` as LoadErrorKind) : 'other';
}

export function describeErrors(errors: Partial<Record<LoadErrorKind, number>>): string {
  return Object.entries(errors)
    .map(([kind, n]) => `${kind}: ${n}`)
    .join(', ');
}

/** The kind of a failed request, by undici's and Node's stable codes anywhere in its cause chain. */
export function errorKind(error: unknown): LoadErrorKind {
  const seen = new Set<unknown>();
  let current = error;
  let sawSocket = false;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
      case 'ETIMEDOUT':
        return 'timeout';
      case 'ECONNREFUSED':
        return 'refused';
      case 'ECONNRESET':
      case 'EPIPE':
        return 'reset';
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        sawSocket = true;
        break;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return sawSocket ? 'reset' : 'other';
}
