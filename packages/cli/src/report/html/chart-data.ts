// What the charts draw, worked out here (typed and tested) rather than in the page's script: the
// script only turns these series into uPlot charts. Times are seconds from the deployment's start.
import { count, offset, percent, plural } from '../../narrative/format';
import type { ReportTraffic, ShiftguardReport, Tone } from '../model';
import { hookName, versionLabel } from './labels';

/** A version's place in the palette: the one serving before, the one deployed, anything else. */
export type SeriesColour = 'old' | 'new' | 'other';

export interface LineSeries {
  readonly label: string;
  readonly colour: SeriesColour;
  readonly dash: 'solid' | 'dash' | 'dot';
  /** Whether the area under the line is shaded. */
  readonly fill: boolean;
  readonly values: readonly (number | null)[];
  /** What the legend shows at each point, where the value and the unit alone say too little. */
  readonly legend?: readonly (string | null)[];
}

export interface LineChart {
  readonly kind: 'line';
  readonly id: 'weights' | 'invocations' | 'errors' | 'durations';
  readonly title: string;
  /** One line under the title: how to read the chart. */
  readonly note: string;
  /** What the chart shows, in words, for a reader who cannot see it. */
  readonly summary: string;
  /** Appended to axis and legend values: `%`, ` ms`. */
  readonly unit: string;
  /** A fixed top of the value axis (100 for a share); otherwise the data's. */
  readonly yMax: number | undefined;
  /** Each point holds until the next one (weights, per-minute buckets). */
  readonly stepped: boolean;
  /** Whether the markers' labels are written on this chart (their lines are drawn on every chart). */
  readonly markerLabels: boolean;
  readonly x: readonly number[];
  readonly series: readonly LineSeries[];
}

export interface AlarmLane {
  readonly label: string;
  readonly segments: readonly { readonly from: number; readonly to: number; readonly state: string }[];
}

export interface LaneChart {
  readonly kind: 'lanes';
  readonly id: 'alarms';
  readonly title: string;
  readonly note: string;
  readonly summary: string;
  readonly lanes: readonly AlarmLane[];
}

export type ChartSpec = LineChart | LaneChart;

/** A moment worth a vertical line on every chart: a hook's verdict, an alarm, the end. */
export interface ChartMarker {
  readonly at: number;
  readonly label: string;
  readonly tone: Tone;
}

export interface ChartsSpec {
  /** The time axis every chart shares, so that they line up one under another. */
  readonly domain: readonly [number, number];
  readonly markers: readonly ChartMarker[];
  readonly charts: readonly ChartSpec[];
}

export interface ChartsPlan {
  /** Undefined when there is nothing over time to draw. */
  readonly spec: ChartsSpec | undefined;
  /** Sentences in place of what could not be drawn, so that a missing chart is never a blank one. */
  readonly notes: readonly string[];
}

const MINUTE = 60_000;

/**
 * The charts of a report. A run has no deployment and no series: no charts, no notes. A deployment
 * that ended within its first minute has too little for a chart over time: notes say what happened.
 */
export function chartsOf(report: ShiftguardReport): ChartsPlan {
  const traffic = report.traffic;
  const hasSeries =
    report.weights.length > 0 || (traffic?.byMinute.length ?? 0) > 0 || report.alarms.length > 0;
  if (!hasSeries) return { spec: undefined, notes: [] };

  const begin = Math.min(
    0,
    ...report.weights.map((point) => point.atMs),
    ...(traffic?.byMinute ?? []).map((minute) => minute.atMs),
    ...report.alarms.flatMap((alarm) => alarm.states.map((state) => state.atMs)),
  );
  const end = Math.max(
    report.deployment?.durationMs ?? 0,
    ...report.weights.map((point) => point.atMs),
    ...report.alarms.flatMap((alarm) => alarm.states.map((state) => state.atMs)),
  );
  if (end - begin < MINUTE) return { spec: undefined, notes: shortNotes(report, end) };

  // A little room after the end, so that what happens at the very end (an alarm, the last shift)
  // has some width on the chart.
  const shownEnd = end + Math.max(5_000, (end - begin) * 0.05);
  const domain = [begin / 1000, shownEnd / 1000] as const;
  const charts: ChartSpec[] = [];
  const weights = weightsChart(report, begin, shownEnd);
  if (weights !== undefined) charts.push(weights);
  const lanes = alarmChart(report, begin, shownEnd);
  if (lanes !== undefined) charts.push(lanes);
  if (traffic !== undefined) charts.push(...trafficCharts(traffic, end));
  return { spec: { domain, markers: markersOf(report), charts }, notes: [] };
}

function weightsChart(report: ShiftguardReport, begin: number, shownEnd: number): LineChart | undefined {
  if (report.weights.length === 0) return undefined;
  // Two points at one time (the alias before and after a shift): the later one is what held.
  const held = new Map<number, number>();
  for (const point of report.weights) held.set(point.atMs, point.newVersionWeight);
  const points = [...held].sort(([a], [b]) => a - b);
  const first = points[0]!;
  if (first[0] > begin) points.unshift([begin, first[1]]);
  points.push([shownEnd, points.at(-1)![1]]);
  const target = report.target.targetVersion;
  const name = target === undefined ? 'new version' : versionLabel(target);
  const top = Math.max(...report.weights.map((point) => point.newVersionWeight));
  const shown = points.slice(0, -1);
  const changes = shown
    .filter(([, weight], index) => index === 0 || weight !== shown[index - 1]![1])
    .map(([at, weight]) => `${percent(weight)} from ${offset(at)}`);
  return {
    kind: 'line',
    id: 'weights',
    title: `Traffic to ${name}`,
    note:
      top === 0
        ? `The alias never sent a request to ${name}: its share stayed 0%.`
        : `The share of requests the alias sends to ${name}, the version being deployed.`,
    summary: `${name}'s share of traffic: ${changes.length === 1 ? `${percent(first[1])} throughout` : changes.join(', ')}.`,
    unit: '%',
    yMax: 100,
    stepped: true,
    markerLabels: true,
    x: points.map(([at]) => at / 1000),
    series: [
      {
        label: `${name} share`,
        colour: 'new',
        dash: 'solid',
        fill: true,
        values: points.map(([, weight]) => round(weight * 100, 1)),
      },
    ],
  };
}

function alarmChart(report: ShiftguardReport, begin: number, shownEnd: number): LaneChart | undefined {
  if (report.alarms.length === 0) return undefined;
  const lanes = report.alarms.map((alarm): AlarmLane => {
    const states = [...alarm.states].sort((a, b) => a.atMs - b.atMs);
    const segments = states
      .map((state, index) => ({
        from: Math.max(state.atMs, begin) / 1000,
        to: (states[index + 1]?.atMs ?? shownEnd) / 1000,
        state: state.state,
      }))
      .filter((segment) => segment.to > segment.from);
    return { label: alarm.watched ? alarm.name : `${alarm.name} (not watched)`, segments };
  });
  const told = report.alarms.map((alarm) => {
    const changes = alarm.states.slice(1).map((state) => `${state.state} at ${offset(state.atMs)}`);
    const first = alarm.states[0]?.state ?? alarm.finalState;
    return `${alarm.name}: ${first}${changes.length > 0 ? `, then ${changes.join(', ')}` : ' throughout'}`;
  });
  const watched = report.alarms.filter((alarm) => alarm.watched).length;
  return {
    kind: 'lanes',
    id: 'alarms',
    title: 'Alarm states',
    note:
      watched === report.alarms.length
        ? 'The deployment watches every alarm here: one in ALARM stops it and rolls it back.'
        : 'Only watched alarms stop the deployment; the others are shown for context.',
    summary: `${told.join('. ')}.`,
    lanes,
  };
}

function trafficCharts(traffic: ReportTraffic, end: number): LineChart[] {
  const byStart = new Map(traffic.byMinute.map((minute) => [minute.atMs, minute.versions]));
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  // A minute that starts when the deployment ends holds only the requests of its last instant: as
  // a bucket of its own it would read as a drop to almost nothing.
  const kept = starts.filter((start, index) => index === 0 || start < end);
  const grid: number[] = [];
  for (let at = kept[0]!; at <= kept.at(-1)!; at += MINUTE) grid.push(at);
  for (const start of kept) if (!grid.includes(start)) grid.push(start);
  grid.sort((a, b) => a - b);
  const last = grid.at(-1)!;
  const closing = Math.max(Math.min(last + MINUTE, end), last + 1_000);
  const x = [...grid, closing].map((at) => at / 1000);
  // Each bucket's value holds to the next start; the closing point repeats the last one.
  const column = <T>(value: (start: number) => T): T[] => {
    const values = grid.map(value);
    return [...values, values.at(-1)!];
  };
  const served = (start: number, version: string) => byStart.get(start)?.[version];
  const versions = traffic.versions.filter((version) =>
    grid.some((start) => (served(start, version)?.invocations ?? 0) > 0),
  );
  if (versions.length === 0) return [];
  const colour = (version: string): SeriesColour => {
    const index = traffic.versions.indexOf(version);
    return index === 0 ? 'old' : index === 1 ? 'new' : 'other';
  };
  const totals = versions.map(
    (version) =>
      `${versionLabel(version)} ${count(traffic.byVersion[version]?.invocations ?? 0)} (${count(traffic.byVersion[version]?.errors ?? 0)} errors)`,
  );
  const charts: LineChart[] = [
    {
      kind: 'line',
      id: 'invocations',
      title: 'Invocations per minute',
      note: `${count(traffic.sent)} requests at ${traffic.rps} a second through the alias, by the version that served them.`,
      summary: `Invocations: ${totals.join(', ')}.`,
      unit: '',
      yMax: undefined,
      stepped: true,
      markerLabels: false,
      x,
      series: versions.map((version) => ({
        label: versionLabel(version),
        colour: colour(version),
        dash: 'solid',
        fill: true,
        values: column((start) => served(start, version)?.invocations ?? 0),
      })),
    },
    {
      kind: 'line',
      id: 'errors',
      title: 'Errors per minute',
      note: versions.every((version) => (traffic.byVersion[version]?.errors ?? 0) === 0)
        ? 'No function errors on any version.'
        : 'Function errors of each version; the legend gives them as a share of its invocations.',
      summary: `Errors: ${versions.map((version) => `${versionLabel(version)} ${count(traffic.byVersion[version]?.errors ?? 0)}`).join(', ')}.`,
      unit: '',
      yMax: undefined,
      stepped: true,
      markerLabels: false,
      x,
      series: versions.map((version) => ({
        label: versionLabel(version),
        colour: colour(version),
        dash: 'solid',
        fill: true,
        values: column((start) => served(start, version)?.errors ?? 0),
        legend: column((start) => {
          const minute = served(start, version);
          if (minute === undefined || minute.invocations === 0) return 'no invocations';
          return `${count(minute.errors)} of ${count(minute.invocations)} (${percent(minute.errors / minute.invocations)})`;
        }),
      })),
    },
  ];
  const timed = versions.filter((version) =>
    grid.some((start) => served(start, version)?.durationMs !== undefined),
  );
  if (timed.length > 0) {
    const percentiles = [
      ['p50', 'solid'],
      ['p90', 'dash'],
      ['p99', 'dot'],
    ] as const;
    charts.push({
      kind: 'line',
      id: 'durations',
      title: 'Handler duration per minute',
      note: "p50, p90 and p99 of each version's handler time, in ms: real time on the machine that ran the simulation, not Lambda's. Compare the versions with it; do not size functions by it.",
      summary: `Handler duration percentiles per minute of ${timed.map(versionLabel).join(' and ')}.`,
      unit: ' ms',
      yMax: undefined,
      stepped: true,
      markerLabels: false,
      x,
      series: timed.flatMap((version) =>
        percentiles.map(([stat, dash]) => ({
          label: `${versionLabel(version)} ${stat}`,
          colour: colour(version),
          dash,
          fill: false,
          values: column((start) => served(start, version)?.durationMs?.[stat] ?? null),
        })),
      ),
    });
  }
  return charts;
}

function markersOf(report: ShiftguardReport): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const hook of report.hooks) {
    if (hook.atMs === undefined) continue;
    const passed = hook.status === 'Succeeded';
    markers.push({
      at: hook.atMs / 1000,
      label: `${hookName(hook.lifecycleEvent)} ${passed ? '✓' : '✗'} ${hook.status ?? 'no verdict'}`,
      tone: passed ? 'good' : 'bad',
    });
  }
  // Only the changes that matter to a deployment: into ALARM, and out of it.
  for (const alarm of report.alarms) {
    alarm.states.forEach((state, index) => {
      const before = alarm.states[index - 1]?.state;
      if (state.state !== 'ALARM' && before !== 'ALARM') return;
      markers.push({
        at: state.atMs / 1000,
        label: `${alarm.name} ${state.state === 'ALARM' ? '✗' : '✓'} ${state.state}`,
        tone: state.state === 'ALARM' ? 'bad' : 'good',
      });
    });
  }
  const deployment = report.deployment;
  if (deployment !== undefined) {
    const rollbackAt = report.timeline.find((entry) => entry.phase === 'rollback')?.atMs;
    const together = rollbackAt === undefined || rollbackAt === deployment.durationMs;
    const succeeded = deployment.status === 'Succeeded';
    markers.push({
      at: deployment.durationMs / 1000,
      label: `${succeeded ? '✓' : '✗'} ${deployment.status}${deployment.rollback !== undefined && together ? ', rolled back' : ''}`,
      tone: succeeded ? 'good' : 'bad',
    });
    if (!together) markers.push({ at: rollbackAt / 1000, label: '! rollback', tone: 'warn' });
  }
  return markers.sort((a, b) => a.at - b.at);
}

function shortNotes(report: ShiftguardReport, end: number): string[] {
  const notes = [
    `The deployment ended at ${offset(end)}, within its first minute: too soon for charts over time.`,
  ];
  const top = Math.max(0, ...report.weights.map((point) => point.newVersionWeight));
  const target = report.target.targetVersion;
  const name = target === undefined ? 'the new version' : versionLabel(target);
  if (report.weights.length > 0) {
    notes.push(
      top === 0
        ? `Traffic never moved: ${name} received none of the alias's requests.`
        : `${name} received at most ${percent(top)} of the alias's requests.`,
    );
  }
  const traffic = report.traffic;
  if (traffic !== undefined && traffic.sent > 0) {
    const served = traffic.versions
      .filter((version) => traffic.byVersion[version] !== undefined)
      .map((version) => {
        const counts = traffic.byVersion[version]!;
        return `${versionLabel(version)} served ${count(counts.invocations)} (${plural(counts.errors, 'error')})`;
      });
    notes.push(
      `${count(traffic.sent)} ${traffic.sent === 1 ? 'request' : 'requests'} sent through the alias: ${served.join(', ')}.`,
    );
  }
  for (const alarm of report.alarms) {
    const changes = alarm.states.slice(1).map((state) => `${state.state} at ${offset(state.atMs)}`);
    notes.push(
      `Alarm ${alarm.name}: ${changes.length === 0 ? `${alarm.finalState} throughout` : `${alarm.states[0]!.state}, then ${changes.join(', ')}`}.`,
    );
  }
  return notes;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
