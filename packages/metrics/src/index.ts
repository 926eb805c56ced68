// @shiftguard/metrics: checks that judge CloudWatch metrics. Layers (see docs/architecture.md):
// stats/ (pure statistics: rank tests, proportions, power), query/ (GetMetricData requests and their
// answers), analysis/ (measurements repeated with Argo Rollouts' limits), judge/ (each metric
// classified and the comparison scored), checks/ (metricGate, alarmGate, canaryJudge: they compose the rest).
export type { AnalysisOptions, MeasurementPhase } from './analysis/analysis';
export { type AlarmGateOptions, type AlarmSeen, alarmGate } from './checks/alarm-gate';
export { type CanaryJudgeOptions, canaryJudge } from './checks/canary-judge';
export type { InconclusivePolicy } from './checks/conclude';
export type {
  GateCondition,
  GateMetric,
  MissingData,
  RatioCondition,
  ThresholdCondition,
} from './checks/gate-condition';
export { type MetricGateOptions, metricGate } from './checks/metric-gate';
export * from './errors';
export type { Classification, MetricJudgement } from './judge/classify';
export type { Direction, DistributionMetric, JudgedMetric, RateMetric } from './judge/judged-metric';
export type { JudgeOutcome, ScoreThresholds } from './judge/score';
export type { CloudWatchClientOptions } from './query/client';
export { type LambdaSeries, lambdaMetric, type MetricSpec } from './query/metric';
export type { Statistic } from './query/statistic';
export type { MetricWindow } from './query/window';
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
