/**
 * Metric math expressions, parsed by precedence climbing (a Pratt parser): each token knows how it
 * starts an expression (`prefix`) and how tightly it binds as an operator (`infix`). Errors name the
 * 1-based character position where the problem is.
 */

export type Expression =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  /** A query id (`m1`) or a bare upper-case word such as FILL's `REPEAT`. */
  | { readonly kind: 'name'; readonly name: string; readonly at: number }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expression[];
      readonly at: number;
    }
  | { readonly kind: 'array'; readonly items: readonly Expression[]; readonly at: number }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: Expression; readonly at: number }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: Expression;
      readonly right: Expression;
      readonly at: number;
    };

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '^'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | 'AND'
  | 'OR';

export class MathSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based character position in the expression. */
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

interface Token {
  readonly type: 'number' | 'string' | 'word' | 'op' | 'end';
  readonly text: string;
  /** 1-based. */
  readonly at: number;
}

const OPERATORS = [
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '^',
  '<',
  '>',
  '!',
  '(',
  ')',
  '[',
  ']',
  ',',
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const at = index + 1;
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(index));
    if (number !== null) {
      tokens.push({ type: 'number', text: number[0], at });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(index));
    if (word !== null) {
      tokens.push({ type: 'word', text: word[0], at });
      index += word[0].length;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = source.indexOf(char, index + 1);
      if (end < 0) throw new MathSyntaxError('Unterminated string', at);
      tokens.push({ type: 'string', text: source.slice(index + 1, end), at });
      index = end + 1;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (op === undefined) throw new MathSyntaxError(`Unexpected character '${char}'`, at);
    tokens.push({ type: 'op', text: op, at });
    index += op.length;
  }
  tokens.push({ type: 'end', text: '', at: source.length + 1 });
  return tokens;
}

/** Binding power of each infix operator; `^` is right-associative. */
const INFIX: Readonly<Record<string, { readonly power: number; readonly op: BinaryOperator }>> = {
  OR: { power: 1, op: 'OR' },
  '||': { power: 1, op: 'OR' },
  AND: { power: 2, op: 'AND' },
  '&&': { power: 2, op: 'AND' },
  '==': { power: 3, op: '==' },
  '!=': { power: 3, op: '!=' },
  '<': { power: 3, op: '<' },
  '<=': { power: 3, op: '<=' },
  '>': { power: 3, op: '>' },
  '>=': { power: 3, op: '>=' },
  '+': { power: 4, op: '+' },
  '-': { power: 4, op: '-' },
  '*': { power: 5, op: '*' },
  '/': { power: 5, op: '/' },
  '^': { power: 6, op: '^' },
};
const UNARY_POWER = 7;

export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token => tokens[position] as Token;
  const next = (): Token => tokens[position++] as Token;
  const describe = (token: Token) => (token.type === 'end' ? 'end of expression' : `'${token.text}'`);
  const expect = (text: string): Token => {
    const token = next();
    if (token.text !== text || token.type === 'string') {
      throw new MathSyntaxError(`Expected '${text}' but found ${describe(token)}`, token.at);
    }
    return token;
  };

  const list = (close: string): Expression[] => {
    const items: Expression[] = [];
    if (peek().text === close && peek().type === 'op') {
      next();
      return items;
    }
    for (;;) {
      items.push(parse(0));
      const token = next();
      if (token.type === 'op' && token.text === close) return items;
      if (token.type !== 'op' || token.text !== ',') {
        throw new MathSyntaxError(`Expected ',' or '${close}' but found ${describe(token)}`, token.at);
      }
    }
  };

  const prefix = (token: Token): Expression => {
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: Number(token.text), at: token.at };
      case 'string':
        return { kind: 'string', value: token.text, at: token.at };
      case 'word':
        if (token.text === 'NOT')
          return { kind: 'unary', op: '!', operand: parse(UNARY_POWER), at: token.at };
        if (peek().type === 'op' && peek().text === '(') {
          next();
          return { kind: 'call', name: token.text, args: list(')'), at: token.at };
        }
        return { kind: 'name', name: token.text, at: token.at };
      case 'op':
        if (token.text === '(') {
          const inner = parse(0);
          expect(')');
          return inner;
        }
        if (token.text === '[') return { kind: 'array', items: list(']'), at: token.at };
        if (token.text === '-' || token.text === '!') {
          return { kind: 'unary', op: token.text, operand: parse(UNARY_POWER), at: token.at };
        }
        break;
      default:
        break;
    }
    throw new MathSyntaxError(`Unexpected ${describe(token)}`, token.at);
  };

  function parse(minPower: number): Expression {
    let left = prefix(next());
    for (;;) {
      const token = peek();
      const infix = token.type === 'op' || token.type === 'word' ? INFIX[token.text] : undefined;
      if (infix === undefined || infix.power <= minPower) {
        if (
          infix === undefined &&
          token.type !== 'end' &&
          !(token.type === 'op' && [')', ']', ','].includes(token.text))
        ) {
          throw new MathSyntaxError(`Unexpected ${describe(token)}`, token.at);
        }
        return left;
      }
      next();
      const right = parse(infix.op === '^' ? infix.power - 1 : infix.power);
      left = { kind: 'binary', op: infix.op, left, right, at: token.at };
    }
  }

  const expression = parse(0);
  const rest = peek();
  if (rest.type !== 'end') throw new MathSyntaxError(`Unexpected ${describe(rest)}`, rest.at);
  return expression;
}

/** The query ids an expression names, so queries can be evaluated in dependency order. */
export function referencedIds(expression: Expression): Set<string> {
  const ids = new Set<string>();
  const walk = (node: Expression): void => {
    switch (node.kind) {
      case 'name':
        ids.add(node.name);
        break;
      case 'call':
        node.args.forEach(walk);
        break;
      case 'array':
        node.items.forEach(walk);
        break;
      case 'unary':
        walk(node.operand);
        break;
      case 'binary':
        walk(node.left);
        walk(node.right);
        break;
      default:
        break;
    }
  };
  walk(expression);
  return ids;
}

/** Whether the expression calls METRICS(), which depends on every metric query of the call. */
export function callsMetrics(expression: Expression): boolean {
  switch (expression.kind) {
    case 'call':
      return expression.name === 'METRICS' || expression.args.some(callsMetrics);
    case 'array':
      return expression.items.some(callsMetrics);
    case 'unary':
      return callsMetrics(expression.operand);
    case 'binary':
      return callsMetrics(expression.left) || callsMetrics(expression.right);
    default:
      return false;
  }
}
