/**
 * Reads the query protocol's XML the way botocore's QueryParser does, for the tests: elements to
 * nested records, `<member>` children to lists (a list element with none is `[]`), text unescaped.
 * `lists` names the elements that are lists, as botocore knows them from the model.
 */
export function parseQueryXml(xml: string, lists: ReadonlySet<string>): Record<string, unknown> {
  const tokens = xml.replace(/<\?xml[^>]*\?>/, '').match(/<[^>]+>|[^<]+/g) ?? [];
  let index = 0;
  const element = (name: string): unknown => {
    const children: [string, unknown][] = [];
    let text = '';
    while (index < tokens.length) {
      const token = tokens[index++] as string;
      if (token.startsWith('</')) break;
      if (token.startsWith('<')) {
        const childName = /^<([^\s/>]+)/.exec(token)?.[1] as string;
        children.push([
          childName,
          token.endsWith('/>') ? (lists.has(childName) ? [] : '') : element(childName),
        ]);
      } else {
        text += token;
      }
    }
    if (lists.has(name)) return children.filter(([child]) => child === 'member').map(([, value]) => value);
    if (children.length === 0) return unescapeXml(text);
    return Object.fromEntries(children);
  };
  return element('#document') as Record<string, unknown>;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#xD;/g, '\r')
    .replace(/&amp;/g, '&');
}
