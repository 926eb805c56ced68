import { randomBytes, randomInt } from 'node:crypto';

/** Real deployment ids are `d-` and 9 uppercase alphanumerics, e.g. `d-A1B2C3D4E`. */
export const DEPLOYMENT_ID_PATTERN = /^d-[A-Z0-9]{9}$/;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newDeploymentId(): string {
  let id = 'd-';
  for (let i = 0; i < 9; i += 1) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/**
 * Real hook execution ids are opaque base64 of a JSON envelope around encrypted data, a few hundred
 * characters long. Mimicking the shape catches code that assumes they are short or meaningful.
 */
export function newHookExecutionId(): string {
  const envelope = {
    encryptedData: randomBytes(96).toString('base64'),
    ivParameterSpec: randomBytes(16).toString('base64'),
    materialSetSerial: 1,
  };
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
}
