import { isPlainObject } from '@shiftguard/kit';
import { InvalidEmulatorInputError } from '../errors';
import { ServiceError } from '../service-error';
import type { AlarmRegistry } from './alarms';
import { InputReader } from './input';
import { putMetricData, readGetMetricData } from './operations';
import type { CloudWatchState } from './state';
import type { CloudWatchEmulator, GetMetricDataSnapshot } from './types';
import { wireError } from './wire-errors';

/** The test-facing side of CloudWatch: the wire's operations, camelCase, epoch ms. */
export function cloudWatchEmulator(state: CloudWatchState, alarms: AlarmRegistry): CloudWatchEmulator {
  return {
    alarms() {
      const metricAlarms = [];
      const compositeAlarms = [];
      let NextToken: string | undefined;
      do {
        const page = alarms.describeAlarms({
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
          ...(NextToken !== undefined && { NextToken }),
        });
        metricAlarms.push(...page.MetricAlarms);
        compositeAlarms.push(...page.CompositeAlarms);
        NextToken = page.NextToken;
      } while (NextToken !== undefined);
      return { metricAlarms, compositeAlarms };
    },
    alarmHistory(alarmName) {
      const items = [];
      let NextToken: string | undefined;
      do {
        const page = alarms.describeAlarmHistory({
          ...(alarmName !== undefined && { AlarmName: alarmName }),
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
          ...(NextToken !== undefined && { NextToken }),
        });
        items.push(...page.AlarmHistoryItems);
        NextToken = page.NextToken;
      } while (NextToken !== undefined);
      return items;
    },
    evaluateAlarms() {
      return alarms.evaluateAll(state.now()).map((transition) => ({
        alarmName: transition.AlarmName,
        oldStateValue: transition.OldStateValue,
        newStateValue: transition.NewStateValue,
        timestamp: transition.Timestamp,
      }));
    },
    putMetricData(spec) {
      call('putMetricData', () =>
        putMetricData(state, new InputReader(toWire(spec) as Record<string, unknown>), {
          allowAwsNamespaces: true,
        }),
      );
    },
    getMetricData(spec) {
      return fromWire(
        call('getMetricData', () =>
          readGetMetricData(state, new InputReader(toWire(spec) as Record<string, unknown>)),
        ),
      ) as GetMetricDataSnapshot;
    },
  };
}

function call<T>(method: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    const wire = wireError(error);
    throw new InvalidEmulatorInputError(`Invalid ${method}() input: ${wire.code}: ${wire.message}`, {
      cause: error,
    });
  }
}

const TIMESTAMPS = new Set(['timestamp', 'startTime', 'endTime']);

/** camelCase to the API's PascalCase; dimension records to `[{Name, Value}]`; epoch ms or Dates to epoch seconds. */
function toWire(value: unknown, key?: string): unknown {
  if (key !== undefined && TIMESTAMPS.has(key) && (typeof value === 'number' || value instanceof Date)) {
    return (value instanceof Date ? value.getTime() : value) / 1000;
  }
  if (key === 'dimensions' && isPlainObject(value)) {
    return Object.entries(value).map(([Name, Value]) => ({ Name, Value }));
  }
  if (Array.isArray(value)) return value.map((item) => toWire(item));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      if (item !== undefined) out[name.charAt(0).toUpperCase() + name.slice(1)] = toWire(item, name);
    }
    return out;
  }
  return value;
}

/** The API's PascalCase to camelCase; Dates to epoch ms; maps to records. */
function fromWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, fromWire(item)]));
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      if (item !== undefined) out[name.charAt(0).toLowerCase() + name.slice(1)] = fromWire(item);
    }
    return out;
  }
  return value;
}
