import type { MetricDimensions, MetricUnit } from '../metrics/types';
import type { AlarmHistoryItem, CompositeAlarmDescription, MetricAlarmDescription } from './alarms';

/** One datum of {@link CloudWatchEmulator.putMetricData}, PutMetricData's `MetricDatum` in camelCase. */
export interface MetricDatumSpec {
  readonly metricName: string;
  readonly dimensions?: MetricDimensions;
  /** Epoch ms (or a Date). Default: now on the emulator clock. */
  readonly timestamp?: number | Date;
  /** Exactly one of `value`, `values` (with optional `counts`) and `statisticValues`. */
  readonly value?: number;
  readonly values?: readonly number[];
  readonly counts?: readonly number[];
  readonly statisticValues?: {
    readonly sampleCount: number;
    readonly sum: number;
    readonly minimum: number;
    readonly maximum: number;
  };
  /** Default `None`. */
  readonly unit?: MetricUnit;
  /** 1 (high resolution) or 60 (default). */
  readonly storageResolution?: 1 | 60;
}

export interface PutMetricDataSpec {
  /** May start with `AWS/` here (unlike on the wire), so a test can stand in for an AWS service's metrics. */
  readonly namespace: string;
  readonly metricData: readonly MetricDatumSpec[];
}

/** A GetMetricData query in camelCase; `metricStat` or `expression`, as on the wire. */
export interface MetricDataQuerySpec {
  readonly id: string;
  readonly metricStat?: {
    readonly metric: {
      readonly namespace: string;
      readonly metricName: string;
      readonly dimensions?: MetricDimensions;
    };
    /** Seconds: a multiple of 60, or 1, 5, 10, 20, 30. */
    readonly period: number;
    /** `Sum`, `Average`, `p99`, `tm90`, `TM(10%:90%)`, `IQM`, ... */
    readonly stat: string;
    readonly unit?: MetricUnit;
  };
  /** Metric math, e.g. `errors / invocations * 100`. */
  readonly expression?: string;
  readonly label?: string;
  /** Default true. */
  readonly returnData?: boolean;
  /** Seconds; an expression's period. */
  readonly period?: number;
}

export interface GetMetricDataSpec {
  readonly metricDataQueries: readonly MetricDataQuerySpec[];
  /** Epoch ms (or a Date), inclusive, rounded down as CloudWatch rounds it. */
  readonly startTime: number | Date;
  /** Epoch ms (or a Date), exclusive. */
  readonly endTime: number | Date;
  /** Default `TimestampDescending`, as in CloudWatch. */
  readonly scanBy?: 'TimestampDescending' | 'TimestampAscending';
  readonly maxDatapoints?: number;
  readonly nextToken?: string;
}

export interface MetricDataResultSnapshot {
  readonly id: string;
  readonly label: string;
  /** Epoch ms, in `scanBy` order. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly statusCode: 'Complete' | 'PartialData';
  readonly messages?: readonly { readonly code: string; readonly value: string }[];
}

export interface GetMetricDataSnapshot {
  readonly metricDataResults: readonly MetricDataResultSnapshot[];
  readonly nextToken?: string;
  readonly messages: readonly { readonly code: string; readonly value: string }[];
}

/**
 * The test-facing side of CloudWatch: the same operations the wire serves, camelCase in and out,
 * timestamps in epoch ms. Bad input throws {@link InvalidEmulatorInputError} with CloudWatch's
 * error code and message.
 */
export interface CloudWatchEmulator {
  putMetricData(spec: PutMetricDataSpec): void;
  getMetricData(spec: GetMetricDataSpec): GetMetricDataSnapshot;
  /**
   * Every alarm as DescribeAlarms shows it (CloudWatch's member names, timestamps in epoch ms):
   * metric alarms, then composites, each in name order.
   */
  alarms(): { metricAlarms: MetricAlarmDescription[]; compositeAlarms: CompositeAlarmDescription[] };
  /** An alarm's history (every alarm's when no name is given), newest first, every item type. */
  alarmHistory(alarmName?: string): AlarmHistoryItem[];
  /**
   * Evaluates every metric alarm due at the clock's now, as the minute scheduler does, and returns
   * the transitions: for a test that moves the clock by hand and wants the evaluation at once.
   */
  evaluateAlarms(): { alarmName: string; oldStateValue: string; newStateValue: string; timestamp: number }[];
}
