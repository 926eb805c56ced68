import type { Validator } from '@shiftguard/kit';

/**
 * A CloudWatch statistic: `Sum`, `Average`, `SampleCount`, `Minimum`, `Maximum`, a percentile
 * (`p99`, `p99.9`), a trimmed mean (`tm90`, `TM(10%:90%)`), `IQM`, and the other extended statistics
 * GetMetricData takes (`wm`, `tc`, `ts`, `PR(n:m)`).
 */
export type Statistic = string;

const SIMPLE = new Set(['Sum', 'Average', 'SampleCount', 'Minimum', 'Maximum', 'IQM']);
/** `p99`, `tm90`, `wm99.5`, `tc90`, `ts90`: a share in (0, 100]. */
const SHARE = /^(p|tm|wm|tc|ts)(\d{1,2}(\.\d{1,10})?|100)$/;
/** `TM(10%:90%)`, `TM(150:1000)`, `PR(:300)`, `TC(10%:)`: a range, relative or absolute, one end open. */
const RANGE = /^(TM|WM|TC|TS|PR)\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\)$/;

/** Validates a statistic's name, naming it where it was given. */
export function validateStatistic(value: unknown, path: string, validator: Validator): Statistic {
  const stat = validator.string(value, path) ?? validator.fail(path, 'is required');
  if (!SIMPLE.has(stat) && !SHARE.test(stat) && !RANGE.test(stat)) {
    validator.fail(
      path,
      `must be a CloudWatch statistic (Sum, Average, SampleCount, Minimum, Maximum, IQM, pNN, tmNN, TM(a%:b%), …), got ${JSON.stringify(stat)}`,
    );
  }
  return stat;
}

/** The percentile of a `pNN` statistic (`99` for `p99`), or undefined for any other. */
export function percentileOf(stat: Statistic): number | undefined {
  const match = /^p(\d{1,2}(\.\d+)?|100)$/.exec(stat);
  return match ? Number(match[1]) : undefined;
}
