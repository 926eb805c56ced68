import { truncate } from './describe-thrown';
import { redact, redactText } from './redact';

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
  return truncate(text, maxChars);
}

/**
 * Like {@link preview}, but a string is shown quoted: it is a JSON value, not raw text. Redaction
 * happens before quoting, since escaped quotes would hide `"apiKey":"…"` from the patterns.
 */
export function previewValue(value: unknown, maxChars = MAX_PREVIEW_CHARS): string {
  return typeof value === 'string'
    ? truncate(JSON.stringify(redactText(value)), maxChars)
    : preview(value, maxChars);
}

const LOG_TAIL_LINES = 15;

/** The last lines of a function's log, secrets masked, for a failure message. */
export function logTailExcerpt(logTail: string | undefined): string | undefined {
  if (!logTail) return undefined;
  const lines = logTail.trimEnd().split('\n');
  // Lambda cuts the tail at 4 KB, mid-line: a partial first line could hold half a secret the
  // patterns no longer recognise ("rer eyJ…" of "Bearer eyJ…"), so it is dropped.
  if (!lines[0]?.startsWith('START ') && lines.length > 1) lines.shift();
  return redactText(lines.slice(-LOG_TAIL_LINES).join('\n'));
}
