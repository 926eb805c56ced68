import type { SimulationEvent } from '@shiftguard/simulator';

/**
 * The events one poll of the simulator delivered, in the order a reader follows them: by time; at
 * one instant, an alarm's change before the rest; and a hook run that ended at the instant it
 * reported placed before that report. The simulator reads CodeDeploy's timeline before the alarms'
 * history and the hooks' invocation records, so in arrival order CodeDeploy has already stopped for
 * an alarm not yet shown firing, and a lifecycle event has succeeded before the checks that decided it.
 */
export function readingOrder(batch: readonly SimulationEvent[]): SimulationEvent[] {
  const ordered = batch.map((event, index) => ({ event, index }));
  const rank = (event: SimulationEvent) => (event.type === 'alarmState' ? 0 : 1);
  ordered.sort((a, b) => a.event.at - b.event.at || rank(a.event) - rank(b.event) || a.index - b.index);
  const events = ordered.map(({ event }) => event);
  for (let i = 0; i < events.length; i++) {
    const run = events[i]!;
    if (run.type !== 'hookFinished') continue;
    const report = events.findIndex(
      (event, j) =>
        j < i &&
        event.type === 'hookReported' &&
        event.at === run.at &&
        event.lifecycleEventName === run.lifecycleEventName,
    );
    if (report < 0) continue;
    events.splice(i, 1);
    events.splice(report, 0, run);
  }
  return events;
}
