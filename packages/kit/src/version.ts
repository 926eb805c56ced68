/** The kit's version, sent in the user agent of every client shiftguard creates (kept equal to package.json by a test). */
export const KIT_VERSION = '0.1.0';
