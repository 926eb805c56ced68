// Everything a report shows comes from user code (check names, messages, logs): it goes into the
// page only through these functions.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/**
 * JSON for a `<script type="application/json">` element. Every `<` is written as `\u003c`, so no
 * `</script>` or `<!--` in a string can end the element or switch the parser's script state; U+2028
 * and U+2029 are escaped for readers that take the text as JavaScript.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Throws when a script or style inlined as is (uPlot's files) holds what would end its element early:
 * a silent rewrite could change the code's meaning, a new uPlot release should be looked at instead.
 */
export function assertInlinable(text: string, element: 'script' | 'style', what: string): string {
  const closing = new RegExp(`</${element}|<!--`, 'i');
  if (closing.test(text)) {
    throw new Error(`${what} holds "</${element}" or "<!--" and cannot be inlined in a <${element}> element`);
  }
  return text;
}
