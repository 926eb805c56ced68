import { redact, redactText } from '@shiftguard/core';

const MAX_PREVIEW_CHARS = 500;

/** A short, secret-free rendering of a value for a failure message. */
export function preview(value: unknown, maxChars = MAX_PREVIEW_CHARS): string {
  let text: string;
  if (typeof value === 'string') text = redactText(value);
  else {
    try {
      text = JSON.stringify(redact(value)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/** Like {@link preview}, but a string is shown quoted: it is a JSON value, not raw text. */
export function previewValue(value: unknown, maxChars = MAX_PREVIEW_CHARS): string {
  return typeof value === 'string' ? preview(JSON.stringify(value), maxChars) : preview(value, maxChars);
}

const LOG_TAIL_LINES = 15;

/** The last lines of a function's log, secrets masked, for a failure message. */
export function logTailExcerpt(logTail: string | undefined): string | undefined {
  if (!logTail) return undefined;
  const lines = logTail.trimEnd().split('\n');
  return redactText(lines.slice(-LOG_TAIL_LINES).join('\n'));
}
