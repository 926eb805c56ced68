// A string as IAM sees it, where parts are known only once the stack is deployed: literal text plus
// symbolic tokens, one per intrinsic the template leaves unresolved (`${ServerlessDeploymentApplication}`,
// `!GetAtt Role.Arn`). Matching an IAM pattern against such a string answers yes, no or maybe.

/** A part of a string known only after deployment, named by the canonical JSON of its intrinsic. */
export interface SymbolToken {
  /** Canonical JSON of the intrinsic (`{"Ref":"ServerlessDeploymentApplication"}`): equal keys, equal strings. */
  readonly symbol: string;
  /** How a message writes it: `${ServerlessDeploymentApplication}`. */
  readonly shown: string;
  /**
   * The characters the string is made of, as a regular-expression class (`0-9` for a version number,
   * `a-z0-9-` for a region), when known: no other character can match any part of it.
   */
  readonly chars?: string;
}

/** Literal text and symbolic tokens, adjacent literals merged. */
export type Tokens = readonly (string | SymbolToken)[];

/** Three-valued truth: `maybe` where only the deployed stack could tell. */
export type Truth = 'yes' | 'no' | 'maybe';

export const and = (a: Truth, b: Truth): Truth =>
  a === 'no' || b === 'no' ? 'no' : a === 'yes' ? b : 'maybe';
export const or = (a: Truth, b: Truth): Truth =>
  a === 'yes' || b === 'yes' ? 'yes' : a === 'no' ? b : 'maybe';
export const not = (a: Truth): Truth => (a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe');

export const isSymbol = (part: string | SymbolToken): part is SymbolToken => typeof part !== 'string';

/** JSON with object keys sorted, so two spellings of one intrinsic give one key. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const literal = (text: string): Tokens => (text === '' ? [] : [text]);

export function symbol(intrinsic: unknown, shown: string, chars?: string): SymbolToken {
  return { symbol: canonicalJson(intrinsic), shown, ...(chars !== undefined && { chars }) };
}

export function concat(...parts: readonly (Tokens | string | SymbolToken)[]): Tokens {
  const out: (string | SymbolToken)[] = [];
  const push = (part: string | SymbolToken) => {
    if (part === '') return;
    const last = out[out.length - 1];
    if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
    else out.push(part);
  };
  for (const part of parts) {
    if (Array.isArray(part)) for (const item of part as Tokens) push(item);
    else push(part as string | SymbolToken);
  }
  return out;
}

/** The string when it holds no symbolic token. */
export function literalOf(tokens: Tokens): string | undefined {
  if (tokens.length === 0) return '';
  return tokens.length === 1 && typeof tokens[0] === 'string' ? tokens[0] : undefined;
}

/** As a message writes it: literal text with `${…}` for each symbolic token. */
export function showTokens(tokens: Tokens): string {
  return tokens.map((part) => (typeof part === 'string' ? part : part.shown)).join('');
}

/** Whether two token lists are written the same (symbolic tokens compared by their intrinsic). */
export function sameTokens(a: Tokens, b: Tokens): boolean {
  const key = (tokens: Tokens) =>
    tokens.map((part) => (typeof part === 'string' ? part : { symbol: part.symbol }));
  return canonicalJson(key(a)) === canonicalJson(key(b));
}

/** Whether `needle` occurs in `haystack` as a run of parts (a symbolic token only as itself). */
export function containsTokens(haystack: Tokens, needle: Tokens): boolean {
  if (needle.length === 0) return true;
  const flat = (tokens: Tokens) =>
    tokens.flatMap((part) => (typeof part === 'string' ? [...part] : [`\u0000${part.symbol}`]));
  const hay = flat(haystack);
  const want = flat(needle);
  outer: for (let start = 0; start + want.length <= hay.length; start++) {
    for (let index = 0; index < want.length; index++) if (hay[start + index] !== want[index]) continue outer;
    return true;
  }
  return false;
}

type PatternItem =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'symbol'; readonly symbol: string; readonly chars: RegExp | undefined }
  /** An IAM policy variable (`${aws:username}`): a string only the request knows. */
  | { readonly kind: 'variable' };

type ValueItem =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'symbol'; readonly symbol: string; readonly chars: RegExp | undefined };

/**
 * IAM's wildcards: `*` any run of characters (colons too), `?` one character; `${*}`, `${?}` and `${$}`
 * are the literal characters, and any other `${…}` is a policy variable
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
function patternItems(pattern: Tokens, ignoreCase: boolean): PatternItem[] {
  const items: PatternItem[] = [];
  for (const part of pattern) {
    if (isSymbol(part)) {
      items.push({ kind: 'symbol', symbol: part.symbol, chars: charClass(part, ignoreCase) });
      continue;
    }
    const text = ignoreCase ? part.toLowerCase() : part;
    for (let index = 0; index < text.length; index++) {
      const char = text[index]!;
      if (char === '$' && text[index + 1] === '{') {
        const end = text.indexOf('}', index + 2);
        if (end > 0) {
          const name = text.slice(index + 2, end);
          items.push(
            name === '*' || name === '?' || name === '$'
              ? { kind: 'char', char: name }
              : { kind: 'variable' },
          );
          index = end;
          continue;
        }
      }
      items.push(char === '*' ? { kind: 'star' } : char === '?' ? { kind: 'one' } : { kind: 'char', char });
    }
  }
  return items;
}

const charClass = (part: SymbolToken, ignoreCase: boolean): RegExp | undefined =>
  part.chars === undefined ? undefined : new RegExp(`^[${part.chars}]$`, ignoreCase ? 'i' : '');

function valueItems(value: Tokens, ignoreCase: boolean): ValueItem[] {
  return value.flatMap((part): ValueItem[] =>
    isSymbol(part)
      ? [
          {
            kind: 'symbol',
            symbol: part.symbol,
            chars:
              part.chars === undefined ? undefined : new RegExp(`^[${part.chars}]$`, ignoreCase ? 'i' : ''),
          },
        ]
      : [...(ignoreCase ? part.toLowerCase() : part)].map((char) => ({ kind: 'char', char })),
  );
}

/**
 * Whether the IAM pattern matches the value, for every (`yes`), no (`no`) or only some (`maybe`) strings
 * the symbolic tokens may turn out to be. A `*` swallows anything, symbolic tokens included; a symbolic
 * token equals the same token (two references to one resource attribute are one string); a literal, a
 * `?` or a different token against a symbolic token is `maybe`, unless the token cannot hold what the
 * pattern needs there (a version number holds no letter, a generated name no colon). Symbolic tokens
 * stand for non-empty strings without wildcards.
 */
export function matchPattern(pattern: Tokens, value: Tokens, options: { ignoreCase: boolean }): Truth {
  const p = patternItems(pattern, options.ignoreCase);
  const v = valueItems(value, options.ignoreCase);
  if (certain(p, v)) return 'yes';
  return possible(p, v) ? 'maybe' : 'no';
}

/**
 * Whether it matches whatever the symbolic tokens are: only literal characters, `?` on a literal, `*`
 * over whole parts, and a symbolic token aligned with the same token count.
 */
function certain(p: readonly PatternItem[], v: readonly ValueItem[]): boolean {
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const key = i * (v.length + 1) + j;
    let known = memo.get(key);
    if (known === undefined) {
      known = step(i, j);
      memo.set(key, known);
    }
    return known;
  };
  const step = (i: number, j: number): boolean => {
    if (i === p.length) return j === v.length;
    const item = p[i]!;
    if (item.kind === 'star') return at(i + 1, j) || (j < v.length && at(i, j + 1));
    if (j === v.length || item.kind === 'variable') return false;
    const next = v[j]!;
    if (next.kind === 'symbol')
      return item.kind === 'symbol' && item.symbol === next.symbol && at(i + 1, j + 1);
    if (item.kind === 'symbol') return false;
    return (item.kind === 'one' || item.char === next.char) && at(i + 1, j + 1);
  };
  return at(0, 0);
}

/** The printable ASCII characters, to tell whether two character classes share one. */
const PRINTABLE = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));

/** A set of characters: one, a class, or any. */
type CharSet = { readonly char: string } | { readonly chars: RegExp | undefined };

function shares(a: CharSet, b: CharSet): boolean {
  const test = (set: CharSet, char: string) =>
    'char' in set ? set.char === char : set.chars === undefined || set.chars.test(char);
  if ('char' in a) return test(b, a.char);
  if ('char' in b) return test(a, b.char);
  if (a.chars === undefined || b.chars === undefined) return true;
  return PRINTABLE.some((char) => test(a, char) && test(b, char));
}

/**
 * Whether it may match for some strings (an over-approximation: `no` only when no string could match).
 * A symbolic token of either side is a non-empty run of its characters (any, when they are not known);
 * a policy variable, a `*` does. The state is (pattern index, value index, inside a value run, inside a
 * pattern run).
 */
function possible(p: readonly PatternItem[], v: readonly ValueItem[]): boolean {
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number, valueRun: boolean, patternRun: boolean): boolean => {
    const key = ((i * (v.length + 1) + j) * 2 + (valueRun ? 1 : 0)) * 2 + (patternRun ? 1 : 0);
    let known = memo.get(key);
    if (known === undefined) {
      memo.set(key, false); // a state that leads back to itself adds nothing
      known = step(i, j, valueRun, patternRun);
      memo.set(key, known);
    }
    return known;
  };
  /** What the value offers next, and the state after it. */
  const moves = (j: number, valueRun: boolean): { set: CharSet; j: number; run: boolean }[] => {
    const item = v[j];
    if (item === undefined) return [];
    if (item.kind === 'char') return valueRun ? [] : [{ set: { char: item.char }, j: j + 1, run: false }];
    return [{ set: { chars: item.chars }, j, run: true }];
  };
  const step = (i: number, j: number, valueRun: boolean, patternRun: boolean): boolean => {
    // A run may end once it has a character.
    if (valueRun && at(i, j + 1, false, patternRun)) return true;
    if (patternRun && at(i + 1, j, valueRun, false)) return true;
    if (i === p.length) return j === v.length && !valueRun;
    const item = p[i]!;
    if (item.kind === 'star' || item.kind === 'variable') {
      if (!patternRun && at(i + 1, j, valueRun, false)) return true;
      return moves(j, valueRun).some((move) => at(i, move.j, move.run, true));
    }
    if (item.kind === 'symbol') {
      const set: CharSet = { chars: item.chars };
      return moves(j, valueRun).some((move) => shares(set, move.set) && at(i, move.j, move.run, true));
    }
    if (patternRun) return false;
    const set: CharSet = item.kind === 'one' ? { chars: undefined } : { char: item.char };
    return moves(j, valueRun).some((move) => shares(set, move.set) && at(i + 1, move.j, move.run, false));
  };
  return at(0, 0, false, false);
}

/**
 * Whether two strings are equal: `yes` when written the same, `no` when their literal start or end
 * already differ (or both are literal and differ), `maybe` otherwise.
 */
export function sameString(a: Tokens, b: Tokens): Truth {
  if (sameTokens(a, b)) return 'yes';
  const left = literalOf(a);
  const right = literalOf(b);
  if (left !== undefined && right !== undefined) return 'no';
  const head = (tokens: Tokens) => (typeof tokens[0] === 'string' ? tokens[0] : '');
  const tail = (tokens: Tokens) => {
    const last = tokens[tokens.length - 1];
    return typeof last === 'string' ? last : '';
  };
  const [ha, hb] = [head(a), head(b)];
  const [ta, tb] = [tail(a), tail(b)];
  if (!ha.startsWith(hb) && !hb.startsWith(ha)) return 'no';
  if (!ta.endsWith(tb) && !tb.endsWith(ta)) return 'no';
  return 'maybe';
}
