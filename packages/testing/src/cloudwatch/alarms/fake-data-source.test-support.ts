import type { AlarmDatapoint, AlarmDataSource, EvaluationRange, MetricAlarmDefinition } from './types';

/**
 * An in-memory stand-in for the emulator's metric store: per alarm, the datapoint of each period by the
 * period's start time. Tests write the datapoints an alarm should see; every question is recorded.
 */
export class FakeDataSource implements AlarmDataSource {
  private readonly points = new Map<string, Map<number, AlarmDatapoint>>();
  readonly calls: { readonly alarm: MetricAlarmDefinition; readonly range: EvaluationRange }[] = [];
  /** Set to make the next questions throw. */
  failWith: Error | undefined;

  /** The datapoint of the period starting at `periodStart` for `alarmName`. */
  set(alarmName: string, periodStart: number, value: number, sampleCount = 1): void {
    let byTime = this.points.get(alarmName);
    if (byTime === undefined) {
      byTime = new Map();
      this.points.set(alarmName, byTime);
    }
    byTime.set(periodStart, { value, sampleCount });
  }

  /** Datapoints for consecutive periods of `periodMs` from `firstPeriodStart`; `undefined` leaves one missing. */
  series(
    alarmName: string,
    firstPeriodStart: number,
    periodMs: number,
    values: readonly (number | undefined)[],
  ) {
    values.forEach((value, index) => {
      if (value !== undefined) this.set(alarmName, firstPeriodStart + index * periodMs, value);
    });
  }

  datapointsFor(alarm: MetricAlarmDefinition, range: EvaluationRange): (AlarmDatapoint | undefined)[] {
    this.calls.push({ alarm, range });
    if (this.failWith !== undefined) throw this.failWith;
    const byTime = this.points.get(alarm.AlarmName);
    return Array.from({ length: range.periods }, (_, index) =>
      byTime?.get(range.startTime + index * range.periodSeconds * 1000),
    );
  }
}
