import type { StandardUnit } from './units';

/** A CloudWatch unit (`StandardUnit`): Lambda publishes `Count` and `Milliseconds`, PutMetricData any of them. */
export type MetricUnit = StandardUnit;

/** A dimension set, e.g. `{ FunctionName: 'orders', Resource: 'orders:live' }`. */
export type MetricDimensions = Readonly<Record<string, string>>;

/** One CloudWatch metric: a namespace, a name and an exact dimension set. */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: MetricDimensions;
}

/** Which metrics {@link LambdaEmulator.listMetrics} returns; `dimensions` matches metrics that have at least these. */
export interface MetricFilter {
  /** Default `AWS/Lambda`. */
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: MetricDimensions;
}

/**
 * A question in the shape of CloudWatch's GetMetricStatistics. As in CloudWatch, `dimensions` names
 * one metric exactly: `{ FunctionName }` and `{ FunctionName, Resource }` are different metrics, and
 * no dimensions at all is the account-wide aggregate.
 */
export interface MetricQuery {
  /** Default `AWS/Lambda`. */
  readonly namespace?: string;
  /** e.g. `Invocations`, `Errors`, `Throttles`, `Duration`. */
  readonly metricName: string;
  /** Default `{}` (the aggregate across all functions). */
  readonly dimensions?: MetricDimensions;
  /** Epoch ms on the emulator clock, inclusive. Default: the beginning of time. */
  readonly startTime?: number;
  /** Epoch ms, exclusive. Default: no end. */
  readonly endTime?: number;
  /** Seconds per datapoint; periods are aligned to multiples of it since the epoch. Default 60. */
  readonly period?: number;
  /** Percentiles such as `p99`, `p50`, `p99.9` (nearest rank over the raw samples). */
  readonly extendedStatistics?: readonly string[];
}

/** One period's statistics; periods without samples are omitted, as CloudWatch does. */
export interface MetricDatapoint {
  /** Start of the period, epoch ms. */
  readonly timestamp: number;
  readonly unit: MetricUnit;
  readonly sampleCount: number;
  readonly sum: number;
  readonly average: number;
  readonly minimum: number;
  readonly maximum: number;
  /** The requested percentiles by name, e.g. `{ p99: 812 }`. */
  readonly extendedStatistics: Readonly<Record<string, number>>;
}
