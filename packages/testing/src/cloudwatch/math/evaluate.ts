import type { BinaryOperator, Expression } from './parse';

/** A time series: timestamp (epoch ms) → value, in ascending order. */
export interface TimeSeries {
  readonly label: string;
  readonly points: ReadonlyMap<number, number>;
}

export type MathValue = number | string | TimeSeries | readonly TimeSeries[];

export class MathEvaluationError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

export interface MathContext {
  /** The series of another query of the call, by id; `undefined` when no query has that id. */
  resolve(id: string): TimeSeries | readonly TimeSeries[] | undefined;
  /** The metric (MetricStat) queries of the call, in order, for `METRICS()`. */
  metrics(): readonly { readonly id: string; readonly series: TimeSeries }[];
  /** Every period start of the query window, ascending: where FILL puts values. */
  readonly grid: readonly number[];
}

const isSeries = (value: MathValue): value is TimeSeries =>
  typeof value === 'object' && !Array.isArray(value);
const isSeriesArray = (value: MathValue): value is readonly TimeSeries[] => Array.isArray(value);

/**
 * Evaluates metric math as the CloudWatch user guide describes it: arithmetic and comparisons
 * apply point by point, a point one side lacks counting as 0; a division by zero drops the point;
 * comparisons and logic give 1 or 0; an operation on an array of series applies to each.
 */
export function evaluate(expression: Expression, context: MathContext): MathValue {
  const value = (node: Expression): MathValue => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'string':
        return node.value;
      case 'name': {
        const resolved = context.resolve(node.name);
        if (resolved === undefined) {
          throw new MathEvaluationError(`Unrecognized metric or expression id '${node.name}'`, node.at);
        }
        return resolved;
      }
      case 'array': {
        const items = node.items.map(value);
        const series: TimeSeries[] = [];
        for (const [index, item] of items.entries()) {
          if (isSeries(item)) series.push(item);
          else if (isSeriesArray(item)) series.push(...item);
          else
            throw new MathEvaluationError(
              'An array may hold only time series',
              (node.items[index] as Expression).at,
            );
        }
        return series;
      }
      case 'unary': {
        const operand = value(node.operand);
        const apply = node.op === '-' ? (x: number) => -x : (x: number) => (x === 0 ? 1 : 0);
        return map(operand, apply, node.at);
      }
      case 'binary':
        return binary(node.op, value(node.left), value(node.right), node.at);
      case 'call':
        return call(node, value);
    }
  };

  const call = (
    node: Extract<Expression, { kind: 'call' }>,
    value: (node: Expression) => MathValue,
  ): MathValue => {
    const arity = (min: number, max = min) => {
      if (node.args.length < min || node.args.length > max) {
        const expected = min === max ? `${min}` : `${min} to ${max}`;
        throw new MathEvaluationError(
          `${node.name} takes ${expected} arguments, got ${node.args.length}`,
          node.at,
        );
      }
    };
    switch (node.name) {
      case 'METRICS': {
        arity(0, 1);
        const filter = node.args[0] === undefined ? '' : value(node.args[0]);
        if (typeof filter !== 'string') throw new MathEvaluationError('METRICS takes a string', node.at);
        return context
          .metrics()
          .filter((metric) => metric.id.includes(filter))
          .map((metric) => metric.series);
      }
      case 'FILL': {
        arity(2);
        const target = value(node.args[0] as Expression);
        const how = node.args[1] as Expression;
        const fill =
          how.kind === 'name' && (how.name === 'REPEAT' || how.name === 'LINEAR') ? how.name : value(how);
        if (typeof fill !== 'number' && fill !== 'REPEAT' && fill !== 'LINEAR') {
          throw new MathEvaluationError('FILL takes a number, REPEAT or LINEAR', how.at);
        }
        return eachSeries(target, node.at, (series) => filled(series, fill, context.grid));
      }
      case 'IF': {
        arity(2, 3);
        const condition = value(node.args[0] as Expression);
        const whenTrue = value(node.args[1] as Expression);
        const whenFalse = node.args[2] === undefined ? undefined : value(node.args[2]);
        return eachSeries(condition, node.at, (series) => choose(series, whenTrue, whenFalse, node.at));
      }
      case 'SUM':
      case 'AVG':
      case 'MAX':
      case 'MIN':
      case 'STDDEV': {
        arity(1);
        return aggregate(node.name, value(node.args[0] as Expression), node.at);
      }
      case 'ABS':
      case 'CEIL':
      case 'FLOOR': {
        arity(1);
        const fn = { ABS: Math.abs, CEIL: Math.ceil, FLOOR: Math.floor }[node.name];
        return map(value(node.args[0] as Expression), fn, node.at);
      }
      default:
        throw new MathEvaluationError(`Unrecognized function ${node.name}`, node.at);
    }
  };

  return value(expression);
}

function map(operand: MathValue, apply: (x: number) => number, at: number): MathValue {
  if (typeof operand === 'number') return apply(operand);
  if (typeof operand === 'string') throw new MathEvaluationError('A string is not a number', at);
  return eachSeries(operand, at, (series) =>
    seriesOf(
      series.label,
      [...series.points].map(([t, v]) => [t, apply(v)]),
    ),
  );
}

function eachSeries(value: MathValue, at: number, apply: (series: TimeSeries) => TimeSeries): MathValue {
  if (isSeries(value)) return apply(value);
  if (isSeriesArray(value)) return value.map(apply);
  throw new MathEvaluationError('Expected a time series', at);
}

/** Drops points that are not finite numbers (a division by zero). */
function seriesOf(label: string, points: Iterable<readonly [number, number]>): TimeSeries {
  const kept = new Map<number, number>();
  for (const [timestamp, value] of points) if (Number.isFinite(value)) kept.set(timestamp, value);
  return { label, points: new Map([...kept].sort(([a], [b]) => a - b)) };
}

const OPERATIONS: Readonly<Record<BinaryOperator, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? Number.NaN : a / b),
  '^': (a, b) => a ** b,
  '<': (a, b) => Number(a < b),
  '<=': (a, b) => Number(a <= b),
  '>': (a, b) => Number(a > b),
  '>=': (a, b) => Number(a >= b),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
  AND: (a, b) => Number(a !== 0 && b !== 0),
  OR: (a, b) => Number(a !== 0 || b !== 0),
};

function binary(op: BinaryOperator, left: MathValue, right: MathValue, at: number): MathValue {
  const apply = OPERATIONS[op];
  if (typeof left === 'string' || typeof right === 'string') {
    throw new MathEvaluationError(`'${op}' takes numbers or time series, not strings`, at);
  }
  if (typeof left === 'number' && typeof right === 'number') return apply(left, right);
  if (isSeriesArray(left) || isSeriesArray(right)) {
    if (isSeriesArray(left) && isSeriesArray(right)) {
      if (left.length !== right.length) {
        throw new MathEvaluationError(
          `'${op}' between arrays of ${left.length} and ${right.length} time series`,
          at,
        );
      }
      return left.map((series, index) => binary(op, series, right[index] as TimeSeries, at) as TimeSeries);
    }
    return isSeriesArray(left)
      ? left.map((series) => binary(op, series, right, at) as TimeSeries)
      : (right as readonly TimeSeries[]).map((series) => binary(op, left, series, at) as TimeSeries);
  }
  if (typeof right === 'number') {
    const series = left as TimeSeries;
    return seriesOf(
      series.label,
      [...series.points].map(([t, v]) => [t, apply(v, right)]),
    );
  }
  if (typeof left === 'number') {
    return seriesOf(
      right.label,
      [...right.points].map(([t, v]) => [t, apply(left, v)]),
    );
  }
  const a = left as TimeSeries;
  const timestamps = new Set([...a.points.keys(), ...right.points.keys()]);
  return seriesOf(
    a.label,
    [...timestamps].map((t) => [t, apply(a.points.get(t) ?? 0, right.points.get(t) ?? 0)]),
  );
}

function filled(series: TimeSeries, fill: number | 'REPEAT' | 'LINEAR', grid: readonly number[]): TimeSeries {
  const points = new Map(series.points);
  const known = [...series.points.keys()];
  for (const timestamp of grid) {
    if (points.has(timestamp)) continue;
    if (typeof fill === 'number') {
      points.set(timestamp, fill);
      continue;
    }
    const before = known.filter((t) => t < timestamp).at(-1);
    if (fill === 'REPEAT') {
      if (before !== undefined) points.set(timestamp, series.points.get(before) as number);
      continue;
    }
    const after = known.find((t) => t > timestamp);
    if (before === undefined || after === undefined) continue;
    const from = series.points.get(before) as number;
    const to = series.points.get(after) as number;
    points.set(timestamp, from + ((to - from) * (timestamp - before)) / (after - before));
  }
  return seriesOf(series.label, points);
}

function choose(
  condition: TimeSeries,
  whenTrue: MathValue,
  whenFalse: MathValue | undefined,
  at: number,
): TimeSeries {
  const pick = (branch: MathValue | undefined, timestamp: number): number | undefined => {
    if (branch === undefined || typeof branch === 'number') return branch;
    if (isSeries(branch)) return branch.points.get(timestamp);
    throw new MathEvaluationError('IF takes numbers or single time series as its branches', at);
  };
  const points: [number, number][] = [];
  for (const [timestamp, test] of condition.points) {
    const chosen = pick(test !== 0 ? whenTrue : whenFalse, timestamp);
    if (chosen !== undefined) points.push([timestamp, chosen]);
  }
  return seriesOf(condition.label, points);
}

/**
 * SUM, AVG, MAX, MIN, STDDEV: of an array of series, one series with the statistic across them at
 * each timestamp any has; of one series, the scalar over its points.
 */
function aggregate(name: string, target: MathValue, at: number): MathValue {
  const reduce = (values: number[]): number => {
    switch (name) {
      case 'SUM':
        return values.reduce((a, b) => a + b, 0);
      case 'AVG':
        return values.reduce((a, b) => a + b, 0) / values.length;
      case 'MAX':
        return Math.max(...values);
      case 'MIN':
        return Math.min(...values);
      default: {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      }
    }
  };
  if (isSeries(target)) return target.points.size === 0 ? Number.NaN : reduce([...target.points.values()]);
  if (!isSeriesArray(target))
    throw new MathEvaluationError(`${name} takes a time series or an array of them`, at);
  const byTime = new Map<number, number[]>();
  for (const series of target) {
    for (const [timestamp, value] of series.points) {
      const values = byTime.get(timestamp) ?? [];
      values.push(value);
      byTime.set(timestamp, values);
    }
  }
  return seriesOf(
    name,
    [...byTime].map(([timestamp, values]) => [timestamp, reduce(values)]),
  );
}
