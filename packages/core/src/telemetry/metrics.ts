import { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_SERVICE_NAME } from './logger';

/** A metric that is flushed on its own, with its own dimensions (Powertools `singleMetric()`). */
export interface SingleMetric {
  addDimension(name: string, value: string): void;
  addMetric(name: string, unit: string, value: number): void;
}

/** The metrics surface shiftguard uses. A Powertools `Metrics` instance satisfies it. */
export interface HookMetrics {
  singleMetric(): SingleMetric;
}

/** Names of the metrics shiftguard emits (EMF, namespace `shiftguard` unless configured). */
export const METRIC_NAMES = {
  checkDuration: 'CheckDuration',
  checkFailed: 'CheckFailed',
  checkPassed: 'CheckPassed',
  hookSucceeded: 'HookSucceeded',
  hookFailed: 'HookFailed',
  hookDuration: 'HookDuration',
} as const;

export function createDefaultMetrics(): HookMetrics {
  return new Metrics({ namespace: DEFAULT_SERVICE_NAME, serviceName: DEFAULT_SERVICE_NAME });
}

/** Metrics that go nowhere, for `metrics: false`. */
export const disabledMetrics: HookMetrics = {
  singleMetric: () => ({ addDimension: () => {}, addMetric: () => {} }),
};
