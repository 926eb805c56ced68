import type { MetricSeries } from '../metrics/series';
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
  /** Series handles per invocation target and metric: the key and dimension sets are built once. */
  private readonly handles = new Map<string, (readonly MetricSeries[])[]>();

  constructor(
    private readonly store: MetricStore,
    /**
     * Whether an invocation that did not fail publishes `Errors` 0. Sources disagree on whether Lambda
     * sends zeros: the old CloudWatch guide says only nonzero values are sent, third parties say
     * `Errors` 0 goes out per request. Default true (the emulator's behaviour so far), which makes
     * `Errors` SampleCount equal `Invocations` and `Errors` Average the error rate.
     */
    private readonly publishZeroErrors = true,
  ) {}

  /** An invocation that ran: `Invocations` 1, `Errors` 0 or 1 (function errors and timeouts), `Duration`. */
  invoked(target: InvocationTarget, timestamp: number, durationMs: number, failed: boolean): void {
    const error = failed ? 1 : 0;
    const publishError = failed || this.publishZeroErrors;
    for (const [invocations, errors, duration] of this.seriesOf(target, INVOKED)) {
      (invocations as MetricSeries).push(timestamp, 1);
      if (publishError) (errors as MetricSeries).push(timestamp, error);
      (duration as MetricSeries).push(timestamp, durationMs);
    }
  }

  /** A throttled attempt; Lambda does not count it in `Invocations`. */
  throttled(target: InvocationTarget, timestamp: number): void {
    for (const [throttles] of this.seriesOf({ ...target, aliasExecutedVersion: undefined }, THROTTLED)) {
      (throttles as MetricSeries).push(timestamp, 1);
    }
  }

  /** Per dimension set, the series of each of `metrics`, in order. */
  private seriesOf(target: InvocationTarget, metrics: MetricSet): (readonly MetricSeries[])[] {
    // Names, qualifiers and versions never contain a space.
    const key = `${metrics.name} ${target.functionName} ${target.qualifier ?? ''} ${target.aliasExecutedVersion ?? ''}`;
    let cached = this.handles.get(key);
    if (cached === undefined) {
      cached = dimensionSets(target).map((dimensions) =>
        metrics.specs.map(([metricName, unit]) =>
          this.store.seriesFor({ namespace: LAMBDA_NAMESPACE, metricName, dimensions }, unit),
        ),
      );
      this.handles.set(key, cached);
    }
    return cached;
  }
}

type MetricSpec = readonly [name: string, unit: MetricUnit];
/** The metrics published together for one kind of event; `name` keys the handle cache. */
interface MetricSet {
  readonly name: string;
  readonly specs: readonly MetricSpec[];
}
const INVOKED: MetricSet = {
  name: 'invoked',
  specs: [
    ['Invocations', 'Count'],
    ['Errors', 'Count'],
    ['Duration', 'Milliseconds'],
  ],
};
const THROTTLED: MetricSet = { name: 'throttled', specs: [['Throttles', 'Count']] };

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
