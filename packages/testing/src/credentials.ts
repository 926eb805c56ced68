/**
 * The dummy credentials of the emulator: what `clientConfig()` hands test clients and what handlers see
 * in `process.env`. The emulator checks no signature, but SDK clients refuse to sign without some.
 */
export const EMULATOR_CREDENTIALS = {
  accessKeyId: 'AKIAEMULATOR',
  secretAccessKey: 'emulator-secret',
  sessionToken: 'emulator-session-token',
} as const;
