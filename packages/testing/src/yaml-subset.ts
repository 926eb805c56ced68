/**
 * A small YAML reader for the block-style subset AppSpec files use: nested mappings, `- ` sequences
 * (indented or not under their key), quoted and plain scalars, comments, `|`/`>` block scalars.
 * Scalars stay strings. Flow collections are read as JSON when they are JSON, else kept as text.
 * Anything outside the subset throws, which the caller treats as "unparsable" — the package takes no
 * YAML dependency for the sake of reading hook names.
 */
export function parseYamlSubset(text: string): unknown {
  const lines = tokenize(text);
  if (lines.length === 0) return null;
  const reader = new Reader(lines);
  const first = lines[0]!;
  const value = reader.block(first.indent);
  if (reader.position < lines.length) {
    throw new SyntaxError(`Unexpected content at line ${lines[reader.position]!.number}`);
  }
  return value;
}

interface Line {
  readonly number: number;
  readonly indent: number;
  readonly content: string;
}

function tokenize(text: string): Line[] {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*\t/.test(raw)) throw new SyntaxError(`Tab indentation at line ${index + 1}`);
    const content = stripComment(raw).trimEnd();
    if (content.trim() === '' || content.trim() === '---' || content.trim() === '...') {
      // Blank lines still matter inside block scalars; keep them with a sentinel indent.
      lines.push({ number: index + 1, indent: -1, content: '' });
      return;
    }
    lines.push({
      number: index + 1,
      indent: content.length - content.trimStart().length,
      content: content.trim(),
    });
  });
  while (lines.length > 0 && lines[0]!.indent === -1) lines.shift();
  return lines;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || line[i - 1] === ' ')) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** `key: value` / `key:` split at the first colon followed by a space or the line's end, outside quotes. */
function splitKey(content: string): { key: string; rest: string } | undefined {
  let quote: string | undefined;
  for (let i = 0; i < content.length; i += 1) {
    const char = content[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if ((char === '"' || char === "'") && i === 0) {
      quote = char;
    } else if (char === ':' && (i === content.length - 1 || content[i + 1] === ' ')) {
      return { key: scalar(content.slice(0, i).trim()) as string, rest: content.slice(i + 1).trim() };
    }
  }
  return undefined;
}

function scalar(text: string): unknown {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new SyntaxError(`Unterminated string ${text}`);
    return JSON.parse(text);
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new SyntaxError(`Unterminated string ${text}`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (text.startsWith('[') || text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

class Reader {
  position = 0;

  constructor(private readonly lines: Line[]) {}

  private peek(): Line | undefined {
    while (this.position < this.lines.length && this.lines[this.position]!.indent === -1) this.position += 1;
    return this.lines[this.position];
  }

  block(indent: number): unknown {
    const line = this.peek();
    if (line === undefined || line.indent !== indent) return null;
    return isSequenceItem(line.content) ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      // A key at the same indent ends an indentless sequence (`Hooks:\n- a\nNext: b`).
      if (!isSequenceItem(line.content)) break;
      const rest = line.content === '-' ? '' : line.content.slice(2).trim();
      if (rest === '') {
        this.position += 1;
        const next = this.peek();
        items.push(next !== undefined && next.indent > indent ? this.block(next.indent) : null);
      } else if (isSequenceItem(rest) || splitKey(rest) !== undefined) {
        // `- key: value` opens a mapping whose keys line up with `key`: re-read the line from there.
        const innerIndent = indent + (line.content.length - rest.length);
        this.lines[this.position] = { number: line.number, indent: innerIndent, content: rest };
        items.push(this.block(innerIndent));
      } else {
        this.position += 1;
        items.push(scalar(rest));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      if (isSequenceItem(line.content)) break;
      const entry = splitKey(line.content);
      if (entry === undefined) throw new SyntaxError(`Expected "key: value" at line ${line.number}`);
      this.position += 1;
      if (entry.rest === '') {
        const next = this.peek();
        if (next !== undefined && next.indent > indent) {
          result[entry.key] = this.block(next.indent);
        } else if (next !== undefined && next.indent === indent && isSequenceItem(next.content)) {
          result[entry.key] = this.sequence(indent);
        } else {
          result[entry.key] = null;
        }
      } else if (/^[|>][+-]?$/.test(entry.rest)) {
        result[entry.key] = this.blockScalar(indent, entry.rest.startsWith('>'));
      } else {
        result[entry.key] = scalar(entry.rest);
      }
    }
    const line = this.peek();
    if (line !== undefined && line.indent > indent)
      throw new SyntaxError(`Unexpected indentation at line ${line.number}`);
    return result;
  }

  private blockScalar(indent: number, folded: boolean): string {
    const parts: string[] = [];
    while (this.position < this.lines.length) {
      const line = this.lines[this.position]!;
      if (line.indent !== -1 && line.indent <= indent) break;
      parts.push(line.content);
      this.position += 1;
    }
    while (parts.at(-1) === '') parts.pop();
    return parts.join(folded ? ' ' : '\n');
  }
}

function isSequenceItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}
