/** XML text with the five characters XML reserves escaped, and carriage returns kept (`&#xD;`). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (char) => XML_ESCAPES[char] as string);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

/**
 * One value as the query protocol writes it: a list's items as `<member>`, a `Map` as
 * `<entry><key>…</key><value>…</value></entry>`, a `Date` in ISO 8601 (seconds unless it has
 * milliseconds), `undefined` members left out.
 */
export function xmlValue(value: unknown): string {
  if (value instanceof Date) return escapeXml(isoTimestamp(value));
  if (Array.isArray(value)) return value.map((item) => `<member>${xmlValue(item)}</member>`).join('');
  if (value instanceof Map) {
    return [...value.entries()]
      .map(
        ([key, item]) =>
          `<entry><key>${escapeXml(String(key))}</key><value>${xmlValue(item)}</value></entry>`,
      )
      .join('');
  }
  if (typeof value === 'object' && value !== null) return xmlMembers(value as Record<string, unknown>);
  return escapeXml(String(value));
}

/** A structure's members as elements, in key order. */
export function xmlMembers(members: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const [name, value] of Object.entries(members)) {
    if (value === undefined || value === null) continue;
    const inner = xmlValue(value);
    out += inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
  }
  return out;
}

export function isoTimestamp(date: Date): string {
  const iso = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso;
}
