import { sha256Hex } from '@shiftguard/kit';
import { InvalidNextTokenError } from './errors';

// Opaque NextTokens: where the last page ended, bound to the operation and to the filters it was
// asked with, so a token reused with other filters (or made up) is refused with InvalidNextToken
// rather than silently answering another listing.

/** The position after which the next page starts: an alarm name, or a history item's time and sequence. */
export type PagePosition = readonly (string | number)[];

interface TokenBody {
  readonly o: string;
  readonly f: string;
  readonly a: PagePosition;
}

const MAX_TOKEN_LENGTH = 4096;

/** `filters` is any stable text of the request's filters (JSON of the normalized input). */
export function encodePageToken(operation: string, filters: string, after: PagePosition): string {
  const body: TokenBody = { o: operation, f: fingerprint(filters), a: after };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * The position a token carries.
 *
 * @throws {InvalidNextTokenError} a token this operation did not hand out for these filters.
 */
export function decodePageToken(token: unknown, operation: string, filters: string): PagePosition {
  if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidNextTokenError();
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidNextTokenError();
  }
  const candidate = body as Partial<TokenBody> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.o !== operation ||
    candidate.f !== fingerprint(filters) ||
    !Array.isArray(candidate.a) ||
    !candidate.a.every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    throw new InvalidNextTokenError();
  }
  return candidate.a;
}

function fingerprint(filters: string): string {
  return sha256Hex(filters).slice(0, 16);
}
