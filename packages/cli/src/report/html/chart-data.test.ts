import type { ShiftguardReport } from '../model';
import { chartsOf, type LaneChart, type LineChart } from './chart-data';
import {
  alarmRollbackReport,
  check,
  hook,
  iamFailureReport,
  promotedReport,
  runReport,
} from './reports.test-support';

const line = (report: ShiftguardReport, id: LineChart['id']) =>
  chartsOf(report).spec?.charts.find((chart): chart is LineChart => chart.id === id);

/** The promoted report with five minutes of traffic per minute, as a real simulation has. */
function withTraffic(report: ShiftguardReport): ShiftguardReport {
  // Ended on a minute's boundary, as a five-minute canary does.
  const deployment = { ...report.deployment!, durationMs: 300_000 };
  const minute = (atMs: number, old: number, canary: number, errors = 0) => ({
    atMs,
    versions: {
      ...(old > 0 && {
        '1': { invocations: old, errors: 0, durationMs: { p50: 1, p90: 2, p99: 3, max: 4 } },
      }),
      '2': { invocations: canary, errors, durationMs: { p50: 1.5, p90: 2.5, p99: 9, max: 12 } },
    },
  });
  return {
    ...report,
    deployment,
    traffic: {
      rps: 5,
      sent: 1501,
      versions: ['1', '2'],
      byVersion: { '1': { invocations: 1080, errors: 0 }, '2': { invocations: 121, errors: 3 } },
      byMinute: [
        minute(0, 270, 30),
        minute(60_000, 270, 30, 3),
        minute(180_000, 270, 30),
        minute(240_000, 270, 30),
        minute(300_000, 0, 1),
      ],
    },
  };
}

/** The alias as the simulator records it: the state at the start, then before and after each shift. */
const withWeights = (report: ShiftguardReport): ShiftguardReport => ({
  ...report,
  weights: [
    { atMs: 0, newVersionWeight: 0 },
    { atMs: 2_000, newVersionWeight: 0 },
    { atMs: 2_000, newVersionWeight: 0.1 },
    { atMs: 302_000, newVersionWeight: 1 },
  ],
});

describe('chartsOf', () => {
  it('draws nothing for a run: no deployment, nothing over time', () => {
    expect(chartsOf(runReport([hook([check({ name: 'smoke' })])]))).toEqual({ spec: undefined, notes: [] });
  });

  it('says in words what a deployment that ended at once did, instead of drawing empty charts', () => {
    const plan = chartsOf({
      ...iamFailureReport(),
      weights: [
        { atMs: 0, newVersionWeight: 0 },
        { atMs: 0, newVersionWeight: 0 },
      ],
    });
    expect(plan.spec).toBeUndefined();
    expect(plan.notes).toEqual([
      'The deployment ended at +0:00, within its first minute: too soon for charts over time.',
      "Traffic never moved: version 2 received none of the alias's requests.",
    ]);
  });

  it("steps the new version's weight from the start to a little past the end, the later of two points at one time", () => {
    const report = withWeights(promotedReport());
    const weights = line(report, 'weights')!;
    const [from, to] = chartsOf(report).spec!.domain;
    expect(from).toBe(0);
    expect(to).toBeGreaterThan(302);
    expect(weights.stepped).toBe(true);
    expect(weights.yMax).toBe(100);
    expect(weights.x).toEqual([0, 2, 302, to]);
    expect(weights.series.map((s) => [s.label, s.values])).toEqual([['version 2 share', [0, 10, 100, 100]]]);
    expect(weights.summary).toBe(
      "version 2's share of traffic: 0% from +0:00, 10% from +0:02, 100% from +5:02.",
    );
  });

  it('lays each alarm out as its states over time, from the start of the chart', () => {
    const report = alarmRollbackReport();
    const lanes = chartsOf(report).spec!.charts.find((chart): chart is LaneChart => chart.kind === 'lanes')!;
    const end = chartsOf(report).spec!.domain[1];
    expect(lanes.lanes).toEqual([
      {
        label: 'orders-errors',
        segments: [
          { from: 0, to: 60, state: 'INSUFFICIENT_DATA' },
          { from: 60, to: 120, state: 'OK' },
          { from: 120, to: end, state: 'ALARM' },
        ],
      },
    ]);
  });

  it('marks the hook verdicts, the alarm going to ALARM and the end, in time order', () => {
    expect(chartsOf(alarmRollbackReport()).spec!.markers).toEqual([
      { at: 2, label: 'PreTraffic hook ✓ Succeeded', tone: 'good' },
      { at: 120, label: 'orders-errors ✗ ALARM', tone: 'bad' },
      { at: 122, label: '✗ Stopped, rolled back', tone: 'bad' },
    ]);
  });

  it('counts per minute and version, leaves out the bucket that starts at the end, and fills missing minutes with 0', () => {
    const report = withTraffic(promotedReport());
    const invocations = line(report, 'invocations')!;
    // Minutes 0 to 4, the empty minute 2 included, and where the last one ends; the minute at +5:00
    // holds only the request of the deployment's last instant.
    expect(invocations.x).toEqual([0, 60, 120, 180, 240, 300]);
    expect(invocations.series.map((s) => [s.label, s.colour, s.values])).toEqual([
      ['version 1', 'old', [270, 270, 0, 270, 270, 270]],
      ['version 2', 'new', [30, 30, 0, 30, 30, 30]],
    ]);
    const errors = line(report, 'errors')!;
    expect(errors.series[1]!.legend!.slice(0, 2)).toEqual(['0 of 30 (0%)', '3 of 30 (10%)']);
    expect(errors.series[1]!.legend![2]).toBe('no invocations');
  });

  it('draws p50, p90 and p99 per version, real handler time, with gaps where a minute had none', () => {
    const durations = line(withTraffic(promotedReport()), 'durations')!;
    expect(durations.series.map((s) => `${s.label} ${s.dash}`)).toEqual([
      'version 1 p50 solid',
      'version 1 p90 dash',
      'version 1 p99 dot',
      'version 2 p50 solid',
      'version 2 p90 dash',
      'version 2 p99 dot',
    ]);
    expect(durations.series[5]!.values).toEqual([9, 9, null, 9, 9, 9]);
    expect(durations.note).toMatch(/real time on the machine that ran the simulation/);
  });
});
