import { InvalidAlarmRuleError, InvalidParameterValueError } from './errors';
import type { AlarmStateValue } from './types';

// A composite alarm's AlarmRule, as the PutCompositeAlarm reference describes it: ALARM(x), OK(x) and
// INSUFFICIENT_DATA(x) of other alarms (names or ARNs, in double quotes or not), TRUE and FALSE, combined
// with AND, OR and NOT and grouped with parentheses. Keywords are upper case, as every AWS example
// writes them. AWS gives no precedence; the parser uses the usual one (NOT, then AND, then OR), so
// `ALARM(a) OR ALARM(b) AND ALARM(c)` is `ALARM(a) OR (ALARM(b) AND ALARM(c))`.

export type AlarmRuleNode =
  /** `ALARM(x)`: true when `alarm` is in `state`. `alarm` is the name or ARN as written. */
  | {
      readonly kind: 'state';
      readonly state: AlarmStateValue;
      readonly alarm: string;
      readonly position: number;
    }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'not'; readonly operand: AlarmRuleNode }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly AlarmRuleNode[] };

export interface ParsedAlarmRule {
  readonly root: AlarmRuleNode;
  /** The alarms the rule names, as written (name or ARN), each once, in order of first appearance. */
  readonly references: readonly string[];
  /** CloudWatch's "elements": child alarm functions, TRUE and FALSE, and parenthesized groups. */
  readonly elements: number;
}

/** PutCompositeAlarm's documented limits. Counting a pair of parentheses as one element is an assumption. */
export const ALARM_RULE_LIMITS = { maxLength: 10_240, maxChildren: 100, maxElements: 500 } as const;

const FUNCTIONS: Readonly<Record<string, AlarmStateValue>> = {
  ALARM: 'ALARM',
  OK: 'OK',
  INSUFFICIENT_DATA: 'INSUFFICIENT_DATA',
};
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const EXPECTED_OPERAND = 'ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE, NOT or "("';

/**
 * Parses an AlarmRule.
 *
 * @throws {InvalidAlarmRuleError} a syntax error, naming the character at fault.
 * @throws {InvalidParameterValueError} a rule over the documented limits.
 */
export function parseAlarmRule(rule: string): ParsedAlarmRule {
  if (rule.length > ALARM_RULE_LIMITS.maxLength) {
    throw new InvalidParameterValueError(
      `The AlarmRule is ${rule.length} characters long; at most ${ALARM_RULE_LIMITS.maxLength} are allowed.`,
      'AlarmRule',
    );
  }
  const parser = new RuleParser(rule);
  const root = parser.parse();
  if (parser.references.size > ALARM_RULE_LIMITS.maxChildren) {
    throw new InvalidParameterValueError(
      `The AlarmRule names ${parser.references.size} alarms; at most ${ALARM_RULE_LIMITS.maxChildren} are allowed.`,
      'AlarmRule',
    );
  }
  return { root, references: [...parser.references], elements: parser.elements };
}

/** The rule's truth, given each referenced alarm's state (`undefined`, for an alarm that does not exist, makes its functions false). */
export function evaluateAlarmRule(
  node: AlarmRuleNode,
  stateOf: (alarm: string) => AlarmStateValue | undefined,
): boolean {
  switch (node.kind) {
    case 'state':
      return stateOf(node.alarm) === node.state;
    case 'constant':
      return node.value;
    case 'not':
      return !evaluateAlarmRule(node.operand, stateOf);
    case 'and':
      return node.operands.every((operand) => evaluateAlarmRule(operand, stateOf));
    case 'or':
      return node.operands.some((operand) => evaluateAlarmRule(operand, stateOf));
  }
}

class RuleParser {
  private at = 0;
  readonly references = new Set<string>();
  elements = 0;

  constructor(private readonly text: string) {}

  parse(): AlarmRuleNode {
    this.skipSpace();
    if (this.at === this.text.length) this.fail('the rule is empty; expected ' + EXPECTED_OPERAND);
    const root = this.parseOr();
    this.skipSpace();
    if (this.at < this.text.length) {
      this.fail(`unexpected ${this.shown()}; expected AND, OR or the end of the rule`);
    }
    return root;
  }

  private parseOr(): AlarmRuleNode {
    const operands = [this.parseAnd()];
    while (this.keyword('OR')) operands.push(this.parseAnd());
    return operands.length === 1 ? (operands[0] as AlarmRuleNode) : { kind: 'or', operands };
  }

  private parseAnd(): AlarmRuleNode {
    const operands = [this.parseNot()];
    while (this.keyword('AND')) operands.push(this.parseNot());
    return operands.length === 1 ? (operands[0] as AlarmRuleNode) : { kind: 'and', operands };
  }

  private parseNot(): AlarmRuleNode {
    let negations = 0;
    while (this.keyword('NOT')) negations += 1;
    let node = this.parsePrimary();
    for (; negations > 0; negations -= 1) node = { kind: 'not', operand: node };
    return node;
  }

  private parsePrimary(): AlarmRuleNode {
    this.skipSpace();
    const start = this.at;
    if (this.text[this.at] === '(') {
      this.count(start);
      this.at += 1;
      const inner = this.parseOr();
      this.skipSpace();
      if (this.text[this.at] !== ')') {
        this.fail(`expected ")" to close the "(" at character ${start + 1}, got ${this.shown()}`);
      }
      this.at += 1;
      return inner;
    }
    const word = this.word();
    if (word === '') this.fail(`unexpected ${this.shown()}; expected ${EXPECTED_OPERAND}`);
    if (word === 'TRUE' || word === 'FALSE') {
      this.count(start);
      return { kind: 'constant', value: word === 'TRUE' };
    }
    const state = Object.hasOwn(FUNCTIONS, word) ? FUNCTIONS[word] : undefined;
    if (state === undefined) {
      this.fail(`unknown word "${word}"; expected ${EXPECTED_OPERAND}`, start);
    }
    this.count(start);
    this.skipSpace();
    if (this.text[this.at] !== '(') this.fail(`expected "(" after ${word}, got ${this.shown()}`);
    this.at += 1;
    const alarm = this.alarmName();
    this.references.add(alarm);
    return { kind: 'state', state, alarm, position: start };
  }

  /** The alarm inside `ALARM(...)`, quoted or not, and the closing parenthesis. */
  private alarmName(): string {
    this.skipSpace();
    const start = this.at;
    let name: string;
    if (this.text[this.at] === '"') {
      const close = this.text.indexOf('"', this.at + 1);
      if (close === -1) this.fail('the quoted alarm name starting here is not closed', start);
      name = this.text.slice(this.at + 1, close);
      this.at = close + 1;
      this.skipSpace();
    } else {
      const close = this.text.indexOf(')', this.at);
      if (close === -1) this.fail('expected an alarm name and ")"', start);
      name = this.text.slice(this.at, close).trim();
      this.at = close;
    }
    if (name === '') this.fail('the alarm name is empty', start);
    if (this.text[this.at] !== ')') this.fail(`expected ")" after the alarm name, got ${this.shown()}`);
    this.at += 1;
    return name;
  }

  /** Consumes `keyword` when it comes next as a whole word. */
  private keyword(keyword: string): boolean {
    this.skipSpace();
    const save = this.at;
    if (this.word() === keyword) return true;
    this.at = save;
    return false;
  }

  private word(): string {
    WORD.lastIndex = this.at;
    const match = WORD.exec(this.text);
    if (match === null) return '';
    this.at += match[0].length;
    return match[0];
  }

  private count(position: number): void {
    this.elements += 1;
    if (this.elements > ALARM_RULE_LIMITS.maxElements) {
      this.fail(`the rule has more than ${ALARM_RULE_LIMITS.maxElements} elements`, position);
    }
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at += 1;
  }

  private shown(): string {
    return this.at >= this.text.length ? 'end of rule' : JSON.stringify(this.text[this.at]);
  }

  private fail(problem: string, position = this.at): never {
    throw new InvalidAlarmRuleError(problem, position);
  }
}
