// @shiftguard/metrics: checks that judge CloudWatch metrics. Layers (see docs/architecture.md):
// stats/ (pure statistics: rank tests, proportions, power), query/ (GetMetricData requests and their
// answers), checks/ (metricGate, alarmGate, canaryJudge: they compose the rest).
export * from './errors';
