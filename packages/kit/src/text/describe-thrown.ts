const MAX_MESSAGE_LENGTH = 2000;

/** A one-line description of anything a check may throw, including non-Error values. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error)
    return truncate(thrown.message ? `${thrown.name}: ${thrown.message}` : thrown.name);
  if (typeof thrown === 'string') return truncate(thrown === '' ? 'an empty string was thrown' : thrown);
  if (thrown === undefined || thrown === null) return `${String(thrown)} was thrown`;
  try {
    return truncate(`non-Error value thrown: ${JSON.stringify(thrown) ?? String(thrown)}`);
  } catch {
    return truncate(`non-Error value thrown: ${Object.prototype.toString.call(thrown)}`);
  }
}

export function truncate(text: string, max = MAX_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
