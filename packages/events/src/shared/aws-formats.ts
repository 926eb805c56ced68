import { createHash, randomBytes } from 'node:crypto';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** API Gateway's `requestTime` / `time`: common log format in UTC, e.g. `09/Apr/2015:12:34:56 +0000`. */
export function requestTime(date: Date): string {
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}:${time} +0000`;
}

/** ISO 8601 to the second, as EventBridge writes `time` (`2024-01-02T03:04:05Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function randomBase64(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/** An X-Ray trace header as load balancers and API Gateway add it: epoch seconds in hex, then 96 random bits. */
export function traceHeader(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${seconds}-${randomHex(12)}`;
}

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}
