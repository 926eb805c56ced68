// @shiftguard/metrics: checks that judge CloudWatch metrics. Layers (see docs/architecture.md):
// stats/ (pure statistics: rank tests, proportions, power), query/ (GetMetricData requests and their
// answers), checks/ (metricGate, alarmGate, canaryJudge: they compose the rest).
export * from './errors';
export type { Alternative } from './stats/alternative';
export {
  type HodgesLehmannOptions,
  type HodgesLehmannResult,
  hodgesLehmann,
} from './stats/hodges-lehmann';
export {
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyTest,
} from './stats/mann-whitney';
export {
  type LogNormalSuperiorityOptions,
  logNormalSuperiority,
  type MannWhitneyPowerOptions,
  type MannWhitneySampleSize,
  type MannWhitneySampleSizeOptions,
  mannWhitneyPower,
  mannWhitneySampleSize,
  type TwoProportionPowerOptions,
  type TwoProportionSampleSize,
  type TwoProportionSampleSizeOptions,
  twoProportionPower,
  twoProportionSampleSize,
} from './stats/power';
export {
  type EventCounts,
  type Interval,
  type TwoProportionOptions,
  type TwoProportionResult,
  twoProportionTest,
} from './stats/proportions';
