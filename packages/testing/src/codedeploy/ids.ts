import { randomBytes, randomInt } from 'node:crypto';

/** Real deployment ids are `d-` and 9 uppercase alphanumerics, e.g. `d-A1B2C3D4E`. */
export const DEPLOYMENT_ID_PATTERN = /^d-[A-Z0-9]{9}$/;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Where ids get their randomness: an integer from 0 to `bound - 1`. */
export type IdSource = (bound: number) => number;

/** Ids as AWS's look: unpredictable. */
export const cryptoIds: IdSource = (bound) => randomInt(bound);

/** Ids from a seeded generator in [0, 1): the same sequence of ids for the same seed. */
export function seededIds(random: () => number): IdSource {
  return (bound) => Math.floor(random() * bound);
}

export function newDeploymentId(ids: IdSource = cryptoIds): string {
  let id = 'd-';
  for (let i = 0; i < 9; i += 1) id += ALPHANUMERIC[ids(ALPHANUMERIC.length)];
  return id;
}

/**
 * Real hook execution ids are opaque base64 of a JSON envelope around encrypted data, a few hundred
 * characters long. Mimicking the shape catches code that assumes they are short or meaningful.
 */
export function newHookExecutionId(ids: IdSource = cryptoIds): string {
  const bytes = (count: number) =>
    ids === cryptoIds ? randomBytes(count) : Buffer.from(Array.from({ length: count }, () => ids(256)));
  const envelope = {
    encryptedData: bytes(96).toString('base64'),
    ivParameterSpec: bytes(16).toString('base64'),
    materialSetSerial: 1,
  };
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
}
