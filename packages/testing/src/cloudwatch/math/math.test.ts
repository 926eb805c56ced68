import { evaluate, type MathContext, type TimeSeries } from './evaluate';
import { MathSyntaxError, parseExpression } from './parse';

const series = (label: string, points: [number, number][]): TimeSeries => ({
  label,
  points: new Map(points),
});
const a = series('a', [
  [0, 1],
  [1, 2],
  [3, 4],
]);
const b = series('b', [
  [0, 10],
  [1, 0],
  [2, 5],
]);
const context: MathContext = {
  grid: [0, 1, 2, 3, 4],
  resolve: (id) => ({ a, b })[id],
  metrics: () => [
    { id: 'a', series: a },
    { id: 'b', series: b },
  ],
};
const points = (source: string) => {
  const value = evaluate(parseExpression(source), context);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => [...item.points]);
  return [...(value as TimeSeries).points];
};

describe('metric math', () => {
  it('binds * tighter than +, ^ tightest and to the right, unary minus above all', () => {
    expect(points('1 + 2 * 3')).toBe(7);
    expect(points('(1 + 2) * 3')).toBe(9);
    expect(points('2 ^ 3 ^ 2')).toBe(512);
    expect(points('-2 ^ 2')).toBe(4);
    expect(points('1 + 2 > 2 AND 0 || 1')).toBe(1);
    expect(points('NOT 0 && !1')).toBe(0);
  });

  it('applies arithmetic point by point, a missing side counting 0, a division by zero dropping the point', () => {
    expect(points('a + b')).toEqual([
      [0, 11],
      [1, 2],
      [2, 5],
      [3, 4],
    ]);
    expect(points('a / b')).toEqual([
      [0, 0.1],
      [2, 0],
    ]);
    expect(points('b - 1')).toEqual([
      [0, 9],
      [1, -1],
      [2, 4],
    ]);
    expect(points('a == 2')).toEqual([
      [0, 0],
      [1, 1],
      [3, 0],
    ]);
  });

  it('fills gaps of the grid with a value, the last value or a line', () => {
    expect(points('FILL(a, 0)')).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 0],
    ]);
    expect(points('FILL(a, REPEAT)')).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
      [3, 4],
      [4, 4],
    ]);
    expect(points('FILL(a, LINEAR)')).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('chooses with IF, dropping false points without an else', () => {
    expect(points('IF(b > 1, b)')).toEqual([
      [0, 10],
      [2, 5],
    ]);
    expect(points('IF(b, 1, a)')).toEqual([
      [0, 1],
      [1, 2],
      [2, 1],
    ]);
  });

  it('aggregates arrays per timestamp and single series to a scalar', () => {
    expect(points('METRICS("b")')).toEqual([[...b.points]]);
    expect(points('MAX(METRICS())')).toEqual([
      [0, 10],
      [1, 2],
      [2, 5],
      [3, 4],
    ]);
    expect(points('AVG([a, b])')).toEqual([
      [0, 5.5],
      [1, 1],
      [2, 5],
      [3, 4],
    ]);
    expect(points('SUM(a)')).toBe(7);
    expect(points('METRICS() * 2')).toEqual([
      [
        [0, 2],
        [1, 4],
        [3, 8],
      ],
      [
        [0, 20],
        [1, 0],
        [2, 10],
      ],
    ]);
  });

  it.each([
    ['a +', 'Unexpected end of expression at position 4'],
    ['a b', "Unexpected 'b' at position 3"],
    ['(a', "Expected ')' but found end of expression at position 3"],
    ['FILL(a 1)', "Unexpected '1' at position 8"],
    ['[a, b', "Expected ',' or ']' but found end of expression at position 6"],
    ['a % 2', "Unexpected character '%' at position 3"],
    ['"open', 'Unterminated string at position 1'],
  ])('names the position of a syntax error in %j', (source, message) => {
    expect(() => parseExpression(source)).toThrow(
      new MathSyntaxError(message.replace(/ at position \d+$/, ''), Number(/\d+$/.exec(message)?.[0])),
    );
    expect(() => parseExpression(source)).toThrow(message);
  });

  it('names the position of an evaluation error', () => {
    expect(() => points('a + nope')).toThrow("Unrecognized metric or expression id 'nope' at position 5");
    expect(() => points('BOGUS(a)')).toThrow('Unrecognized function BOGUS at position 1');
    expect(() => points('FILL(a)')).toThrow('FILL takes 2 arguments, got 1 at position 1');
  });
});
