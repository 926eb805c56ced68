import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { CheckContext } from '@shiftguard/core';
import { callAws } from '@shiftguard/kit';
import { MetricQueryError } from '../errors';
import type { ResolvedMetric } from './metric';

/** CloudWatch's limit of queries in one GetMetricData call. */
export const MAX_QUERIES_PER_CALL = 500;

/** One series to fetch: a metric with its statistic, or a metric math expression over others. */
export type SeriesRequest =
  | {
      readonly id: string;
      readonly metric: ResolvedMetric;
      readonly stat: string;
      readonly periodSeconds: number;
      readonly unit?: string;
      /** Default true; false for a series only an expression uses. */
      readonly returnData?: boolean;
    }
  | {
      readonly id: string;
      readonly expression: string;
      readonly periodSeconds?: number;
      readonly label?: string;
    };

/** A series as CloudWatch answered it, all pages joined, oldest point first. */
export interface SeriesResult {
  readonly id: string;
  readonly label: string | undefined;
  /** Epoch ms, one per value. */
  readonly timestamps: number[];
  readonly values: number[];
  /** `Complete`, or what CloudWatch said of the last page (`PartialData`, `InternalError`, `Forbidden`). */
  readonly status: string;
  readonly messages: string[];
}

/** What one evaluation fetched, and what it cost. */
export interface MetricDataAnswer {
  readonly series: ReadonlyMap<string, SeriesResult>;
  /** GetMetricData calls made: 1, plus one per page CloudWatch cut. */
  readonly calls: number;
  readonly messages: readonly string[];
}

/**
 * Fetches every series in one GetMetricData call (following NextToken only when CloudWatch pages),
 * oldest point first, bounded by the check's deadline and signal; throttling is retried within it.
 */
export async function getMetricData(
  client: CloudWatchClient,
  requests: readonly SeriesRequest[],
  range: { readonly startTime: number; readonly endTime: number },
  ctx: CheckContext,
): Promise<MetricDataAnswer> {
  if (requests.length === 0) throw new MetricQueryError('no series to fetch');
  if (requests.length > MAX_QUERIES_PER_CALL) {
    throw new MetricQueryError(
      `${requests.length} series asked for in one evaluation; CloudWatch takes at most ${MAX_QUERIES_PER_CALL} per GetMetricData call`,
    );
  }
  const queries = requests.map(toQuery);
  const series = new Map<
    string,
    { label?: string; timestamps: number[]; values: number[]; status: string; messages: string[] }
  >();
  const messages: string[] = [];
  let nextToken: string | undefined;
  let calls = 0;
  do {
    calls++;
    const input = {
      MetricDataQueries: queries,
      StartTime: new Date(range.startTime),
      EndTime: new Date(range.endTime),
      ScanBy: 'TimestampAscending' as const,
      ...(nextToken !== undefined && { NextToken: nextToken }),
    };
    let page: GetMetricDataCommandOutput;
    try {
      ({ value: page } = await callAws(
        (abortSignal) => client.send(new GetMetricDataCommand(input), { abortSignal }),
        { clock: ctx.clock, deadlineAt: ctx.clock.now() + ctx.remainingTimeMs(), signal: ctx.signal },
      ));
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw new MetricQueryError(`GetMetricData failed: ${describeAwsError(error)}`, { cause: error });
    }
    for (const message of page.Messages ?? []) messages.push(`${message.Code}: ${message.Value}`);
    for (const result of page.MetricDataResults ?? []) {
      if (result.Id === undefined) continue;
      let joined = series.get(result.Id);
      if (!joined) {
        joined = { label: result.Label, timestamps: [], values: [], status: 'Complete', messages: [] };
        series.set(result.Id, joined);
      }
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let index = 0; index < timestamps.length; index++) {
        joined.timestamps.push((timestamps[index] as Date).getTime());
        joined.values.push(values[index] as number);
      }
      joined.status = result.StatusCode ?? 'Complete';
      for (const message of result.Messages ?? []) joined.messages.push(`${message.Code}: ${message.Value}`);
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  const answer = new Map<string, SeriesResult>();
  for (const [id, joined] of series) answer.set(id, { id, ...joined, label: joined.label });
  return { series: answer, calls, messages };
}

/** Why CloudWatch's answer cannot be trusted whole (`PartialData`, `InternalError`, `Forbidden`), if it cannot. */
export function incomplete(series: readonly (SeriesResult | undefined)[]): string | undefined {
  const cut = series.find((one) => one !== undefined && one.status !== 'Complete');
  if (!cut) return undefined;
  const messages = cut.messages.length > 0 ? ` (${cut.messages.join('; ')})` : '';
  return `CloudWatch answered ${cut.status} for series ${cut.id}${messages}: its values are not the window's`;
}

function toQuery(request: SeriesRequest): MetricDataQuery {
  if ('expression' in request) {
    return {
      Id: request.id,
      Expression: request.expression,
      ...(request.periodSeconds !== undefined && { Period: request.periodSeconds }),
      ...(request.label !== undefined && { Label: request.label }),
      ReturnData: true,
    };
  }
  return {
    Id: request.id,
    MetricStat: {
      Metric: request.metric,
      Period: request.periodSeconds,
      Stat: request.stat,
      ...(request.unit !== undefined && { Unit: request.unit as never }),
    },
    ReturnData: request.returnData ?? true,
  };
}

function describeAwsError(error: unknown): string {
  const shape = error as { name?: string; message?: string } | null;
  return shape?.name ? `${shape.name}: ${shape.message ?? ''}`.trim() : String(error);
}
