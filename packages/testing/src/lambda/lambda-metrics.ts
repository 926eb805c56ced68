import type { MetricStore } from '../metrics/store';
import type { MetricDimensions, MetricUnit } from '../metrics/types';

export const LAMBDA_NAMESPACE = 'AWS/Lambda';

/** Which of Lambda's dimension sets an invocation lands in. */
export interface InvocationTarget {
  readonly functionName: string;
  /** The qualifier as invoked (alias, version or `$LATEST`); unqualified calls have none. */
  readonly qualifier: string | undefined;
  /** Set for alias invocations only: the version routing picked. */
  readonly aliasExecutedVersion: string | undefined;
}

/**
 * Publishes what Lambda sends CloudWatch per invocation, into every dimension set Lambda uses:
 * none (across all functions), `FunctionName`, `FunctionName`+`Resource` (`name:qualifier`, for
 * qualified calls) and `FunctionName`+`Resource`+`ExecutedVersion` (for alias calls).
 */
export class LambdaMetrics {
  constructor(private readonly store: MetricStore) {}

  /** An invocation that ran: `Invocations` 1, `Errors` 0 or 1 (function errors and timeouts), `Duration`. */
  invoked(target: InvocationTarget, timestamp: number, durationMs: number, failed: boolean): void {
    for (const dimensions of dimensionSets(target)) {
      this.put('Invocations', 'Count', dimensions, 1, timestamp);
      this.put('Errors', 'Count', dimensions, failed ? 1 : 0, timestamp);
      this.put('Duration', 'Milliseconds', dimensions, durationMs, timestamp);
    }
  }

  /** A throttled attempt; Lambda does not count it in `Invocations`. */
  throttled(target: InvocationTarget, timestamp: number): void {
    for (const dimensions of dimensionSets({ ...target, aliasExecutedVersion: undefined })) {
      this.put('Throttles', 'Count', dimensions, 1, timestamp);
    }
  }

  private put(
    metricName: string,
    unit: MetricUnit,
    dimensions: MetricDimensions,
    value: number,
    timestamp: number,
  ): void {
    this.store.put({ namespace: LAMBDA_NAMESPACE, metricName, dimensions }, unit, value, timestamp);
  }
}

function dimensionSets(target: InvocationTarget): MetricDimensions[] {
  const sets: MetricDimensions[] = [{}, { FunctionName: target.functionName }];
  if (target.qualifier === undefined) return sets;
  const Resource = `${target.functionName}:${target.qualifier}`;
  sets.push({ FunctionName: target.functionName, Resource });
  if (target.aliasExecutedVersion !== undefined) {
    sets.push({ FunctionName: target.functionName, Resource, ExecutedVersion: target.aliasExecutedVersion });
  }
  return sets;
}
