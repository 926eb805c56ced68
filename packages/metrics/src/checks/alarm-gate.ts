import {
  type CloudWatchClient,
  type CompositeAlarm,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type DescribeAlarmsCommandOutput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { type Check, type CheckContext, warnOnly } from '@shiftguard/core';
import { CLIENT_OPTION_KEYS, callAws } from '@shiftguard/kit';
import {
  ANALYSIS_OPTION_KEYS,
  type AnalysisOptions,
  type Measurement,
  plannedMsOf,
  runAnalysis,
  validateAnalysis,
} from '../analysis/analysis';
import { MetricQueryError } from '../errors';
import { optionsValidator } from '../options';
import { type CloudWatchClientOptions, lazyCloudWatchClient } from '../query/client';
import { concludeAnalysis, type InconclusivePolicy, validateInconclusivePolicy } from './conclude';

/** Options of {@link alarmGate}. Give `alarms` or `prefix`. */
export type AlarmGateOptions = CloudWatchClientOptions &
  AnalysisOptions & {
    /** Name in the report. Default `alarm-gate`. */
    name?: string;
    /** Alarm names, metric or composite; one that does not exist fails the gate (a wiring mistake). */
    alarms?: readonly string[];
    /** Every alarm whose name starts with this; matching none fails the gate. */
    prefix?: string;
    /**
     * What an alarm in `INSUFFICIENT_DATA` means: `pass` (default, as CodeDeploy's own alarm check
     * treats it: only `ALARM` stops a deployment), `fail`, or `inconclusive`.
     */
    insufficientData?: 'pass' | 'fail' | 'inconclusive';
    /** What an inconclusive outcome does to the check. Default `fail`. */
    inconclusive?: InconclusivePolicy;
    /** Argo's dry run: measured and reported, never failing the hook (core's `warnOnly`). */
    dryRun?: boolean;
  };

/** One alarm as the gate saw it. */
export interface AlarmSeen {
  readonly name: string;
  readonly type: 'MetricAlarm' | 'CompositeAlarm';
  readonly state: string;
  readonly reason: string | undefined;
  readonly since: string | undefined;
}

const OPTION_KEYS = [
  'name',
  'alarms',
  'prefix',
  'insufficientData',
  'inconclusive',
  'dryRun',
  ...ANALYSIS_OPTION_KEYS,
  ...CLIENT_OPTION_KEYS,
];
/** DescribeAlarms takes at most 100 names per call. */
const NAMES_PER_CALL = 100;

/**
 * Fails while any of the named alarms (metric or composite) is in `ALARM`, naming each alarm, its
 * state and CloudWatch's reason. With `count` and `intervalMs` it watches them for a while, and declares
 * those waits as its `plannedMs` (read by core's `planBudgetOf`).
 *
 * @example
 * ```ts
 * alarmGate({ alarms: ['orders-errors-v7', 'orders-p99'], count: 5, intervalMs: 60_000 });
 * alarmGate({ prefix: 'orders-', insufficientData: 'fail' });
 * ```
 */
export function alarmGate(options: AlarmGateOptions): Check {
  const validator = optionsValidator('alarmGate');
  const record = validator.object(options, '', OPTION_KEYS);
  const name = validator.string(record.name, 'name') ?? 'alarm-gate';
  const names = validator.array(record.alarms, 'alarms', { nonEmpty: true });
  names?.forEach((alarm, index) => {
    if (validator.string(alarm, `alarms[${index}]`) === undefined)
      validator.fail(`alarms[${index}]`, 'is required');
  });
  const prefix = validator.string(record.prefix, 'prefix');
  if ((names === undefined) === (prefix === undefined))
    validator.fail('alarms', 'or prefix must be given, not both');
  const insufficientData =
    (validator.oneOf(record.insufficientData, 'insufficientData', ['pass', 'fail', 'inconclusive']) as
      | 'pass'
      | 'fail'
      | 'inconclusive'
      | undefined) ?? 'pass';
  const inconclusive = validateInconclusivePolicy(record.inconclusive, validator);
  const analysis = validateAnalysis(record, validator);
  const client = lazyCloudWatchClient(options, validator);
  const dryRun = validator.boolean(record.dryRun, 'dryRun') ?? false;
  const wanted = names as string[] | undefined;

  const planned = plannedMsOf(analysis);
  const check: Check = {
    name,
    // Its waits, so a template doctor can tell a hook Timeout too short for them.
    ...(planned !== undefined && { plannedMs: planned }),
    async run(ctx: CheckContext) {
      const measure = async (): Promise<Measurement> => {
        const seen = await describe(client(), wanted, prefix, ctx);
        const details = { alarms: seen };
        const missing = wanted?.filter((alarm) => !seen.some((found) => found.name === alarm)) ?? [];
        if (missing.length > 0) {
          return {
            phase: 'Failed',
            message: `no such alarm: ${missing.join(', ')} (check the name and the region)`,
            details,
          };
        }
        if (seen.length === 0) {
          return { phase: 'Failed', message: `no alarm's name starts with "${prefix}"`, details };
        }
        const firing = seen.filter((alarm) => alarm.state === 'ALARM');
        if (firing.length > 0)
          return { phase: 'Failed', message: firing.map(describeAlarm).join('; '), details };
        const unsure = seen.filter((alarm) => alarm.state === 'INSUFFICIENT_DATA');
        if (unsure.length > 0 && insufficientData !== 'pass') {
          return {
            phase: insufficientData === 'fail' ? 'Failed' : 'Inconclusive',
            message: unsure.map(describeAlarm).join('; '),
            details,
          };
        }
        const note = unsure.length > 0 ? ` (${unsure.length} in INSUFFICIENT_DATA, passed as asked)` : '';
        return { phase: 'Successful', message: `${seen.length} alarm(s) not in ALARM${note}`, details };
      };
      return concludeAnalysis(await runAnalysis(analysis, measure, ctx), inconclusive, ctx, name);
    },
  };
  return dryRun ? warnOnly(check) : check;
}

async function describe(
  client: CloudWatchClient,
  names: readonly string[] | undefined,
  prefix: string | undefined,
  ctx: CheckContext,
): Promise<AlarmSeen[]> {
  const seen: AlarmSeen[] = [];
  const batches = names
    ? Array.from({ length: Math.ceil(names.length / NAMES_PER_CALL) }, (_, index) =>
        names.slice(index * NAMES_PER_CALL, (index + 1) * NAMES_PER_CALL),
      )
    : [undefined];
  for (const batch of batches) {
    let nextToken: string | undefined;
    do {
      const input: DescribeAlarmsCommandInput = {
        ...(batch ? { AlarmNames: batch } : { AlarmNamePrefix: prefix }),
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        ...(nextToken !== undefined && { NextToken: nextToken }),
      };
      let page: DescribeAlarmsCommandOutput;
      try {
        ({ value: page } = await callAws(
          (abortSignal) => client.send(new DescribeAlarmsCommand(input), { abortSignal }),
          { clock: ctx.clock, deadlineAt: ctx.clock.now() + ctx.remainingTimeMs(), signal: ctx.signal },
        ));
      } catch (error) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        const shape = error as { name?: string; message?: string };
        throw new MetricQueryError(
          `DescribeAlarms failed: ${shape?.name ?? 'Error'}: ${shape?.message ?? String(error)}`,
          {
            cause: error,
          },
        );
      }
      for (const alarm of page.MetricAlarms ?? []) seen.push(alarmSeen(alarm, 'MetricAlarm'));
      for (const alarm of page.CompositeAlarms ?? []) seen.push(alarmSeen(alarm, 'CompositeAlarm'));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
  }
  return seen;
}

function alarmSeen(alarm: MetricAlarm | CompositeAlarm, type: AlarmSeen['type']): AlarmSeen {
  return {
    name: alarm.AlarmName ?? '(unnamed)',
    type,
    state: alarm.StateValue ?? 'UNKNOWN',
    reason: alarm.StateReason,
    since: alarm.StateUpdatedTimestamp?.toISOString(),
  };
}

function describeAlarm(alarm: AlarmSeen): string {
  return `${alarm.name} is ${alarm.state}${alarm.reason ? `: ${alarm.reason}` : ''}`;
}
