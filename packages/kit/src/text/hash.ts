import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256, as AWS writes it (AppSpec `sha256`, SQS deduplication ids). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
