import { redactText, truncate } from '@shiftguard/kit';

/** An absolute `http:` or `https:` URL, or why the input is not one (with any secret in it masked). */
export function parseHttpUrl(value: unknown): URL | string {
  if (typeof value !== 'string') return `must be an absolute http: or https: URL, got ${typeof value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute http: or https: URL, got ${JSON.stringify(truncate(redactText(value), 200))}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http: or https: URL, got a ${url.protocol} URL`;
  }
  return url;
}
