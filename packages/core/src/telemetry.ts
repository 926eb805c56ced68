import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The logging surface shiftguard uses. A Powertools `Logger` satisfies it; so does `console`-like
 * code of your own. Each call should become one structured log line.
 */
export interface HookLogger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

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

export const DEFAULT_SERVICE_NAME = 'shiftguard';

export function createDefaultLogger(): HookLogger {
  return new Logger({ serviceName: DEFAULT_SERVICE_NAME });
}

export function createDefaultMetrics(): HookMetrics {
  return new Metrics({ namespace: DEFAULT_SERVICE_NAME, serviceName: DEFAULT_SERVICE_NAME });
}

/** Metrics that go nowhere, for `metrics: false`. */
export const disabledMetrics: HookMetrics = {
  singleMetric: () => ({ addDimension: () => {}, addMetric: () => {} }),
};
