import { describeType, fail } from './validate';

/**
 * A message body as AWS carries it: a string is sent as is, anything else as its JSON text — the way a
 * producer calling `JSON.stringify` before `SendMessage`/`Publish`/`fetch` would.
 */
export function payloadText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    fail(
      `${what} is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  if (text === undefined)
    fail(`${what} must be a string or a JSON-serialisable value, got ${describeType(value)}`);
  return text;
}

/** Bytes are carried as standard base64 everywhere AWS puts binary into a JSON event. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
