// CloudWatch alarms as a model, without the wire: what the emulated CloudWatch service calls for the
// alarm operations, and the evaluation it runs on the clock. See README.md in this folder.

export { AlarmRegistry, type AlarmRegistryOptions, type AlarmTransition } from './alarm-registry';
export {
  ALARM_RULE_LIMITS,
  type AlarmRuleNode,
  evaluateAlarmRule,
  type ParsedAlarmRule,
  parseAlarmRule,
} from './alarm-rule';
export * from './errors';
export {
  type AlarmEvaluation,
  type AlarmStateReasonData,
  breaches,
  defaultEvaluationRangeLength,
  type EvaluateAlarmInput,
  type EvaluationBasis,
  evaluateAlarm,
  type JudgedDatapoint,
  lowSampleCountMinimum,
} from './evaluation';
export { ALARM_METRICS_LIMITS } from './metric-alarm-input';
export * from './types';
