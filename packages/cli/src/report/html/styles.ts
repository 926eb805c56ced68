// The page's stylesheet. Colours are CSS variables, one set per scheme: the charts read the same
// variables (charts-script.ts), so a chart is always as legible as the text around it. Print takes
// the light set whatever the screen's scheme, via the media query and `data-printing` (set by the
// script before print, when the page is still laid out for the screen).

const LIGHT = `
  --bg: #f5f6f8;
  --surface: #ffffff;
  --surface-2: #f0f2f5;
  --text: #1c2128;
  --muted: #59636e;
  --border: #d5dae0;
  --good: #1a7f37;
  --bad: #cf222e;
  --warn: #9a6700;
  --info: #0969da;
  --good-bg: #dafbe1;
  --bad-bg: #ffebe9;
  --warn-bg: #fff8c5;
  --info-bg: #ddf4ff;
  --series-old: #0969da;
  --series-new: #d1570b;
  --series-other: #8250df;
  --series-old-fill: rgba(9, 105, 218, 0.10);
  --series-new-fill: rgba(209, 87, 11, 0.14);
  --series-other-fill: rgba(130, 80, 223, 0.10);
  --chart-grid: rgba(31, 35, 40, 0.09);
  --state-ok: #aceebb;
  --state-ok-text: #0f5323;
  --state-alarm: #ff8182;
  --state-alarm-text: #5d0f12;
  --state-nodata: #d5dae0;
  --state-nodata-text: #424a53;
  --code-bg: #f3f4f6;
  color-scheme: light;`;

const DARK = `
  --bg: #0f1318;
  --surface: #171c23;
  --surface-2: #1f262e;
  --text: #e3e8ee;
  --muted: #9aa5b1;
  --border: #343c46;
  --good: #4ac26b;
  --bad: #ff7b72;
  --warn: #e3b341;
  --info: #6cb6ff;
  --good-bg: rgba(46, 160, 67, 0.16);
  --bad-bg: rgba(248, 81, 73, 0.16);
  --warn-bg: rgba(187, 128, 9, 0.18);
  --info-bg: rgba(56, 139, 253, 0.15);
  --series-old: #6cb6ff;
  --series-new: #ffa657;
  --series-other: #d2a8ff;
  --series-old-fill: rgba(108, 182, 255, 0.13);
  --series-new-fill: rgba(255, 166, 87, 0.16);
  --series-other-fill: rgba(210, 168, 255, 0.12);
  --chart-grid: rgba(227, 232, 238, 0.10);
  --state-ok: #1f6f3a;
  --state-ok-text: #d2f5dc;
  --state-alarm: #a4282a;
  --state-alarm-text: #ffe1df;
  --state-nodata: #3a424d;
  --state-nodata-text: #c9d1d9;
  --code-bg: #11161c;
  color-scheme: dark;`;

/** The report's own stylesheet (uPlot's is inlined before it). */
export const STYLES = `
:root {${LIGHT}
  --radius: 8px;
  --mono: ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
@media screen and (prefers-color-scheme: dark) {
  :root:not([data-printing]) {${DARK}
  }
}
:root[data-printing] {${LIGHT}
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  overflow-wrap: break-word;
}
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h2 { font-size: 1.2rem; margin: 0 0 12px; }
h3 { font-size: 1.02rem; }
p { margin: 0; }
code, pre, .mono { font-family: var(--mono); font-size: 0.86em; }
pre {
  margin: 0;
  padding: 10px 12px;
  background: var(--code-bg);
  border: 1px solid var(--border);
  border-radius: 6px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  max-height: 28em;
  overflow: auto;
}
section { margin-top: 28px; }
.card {
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  padding: 16px 18px;
}
.muted { color: var(--muted); }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}

/* Tones: a colour, always beside a mark (✓ ✗ ! ·) and a word. */
[data-tone="good"] { --tone: var(--good); --tone-bg: var(--good-bg); }
[data-tone="bad"] { --tone: var(--bad); --tone-bg: var(--bad-bg); }
[data-tone="warn"] { --tone: var(--warn); --tone-bg: var(--warn-bg); }
[data-tone="info"] { --tone: var(--info); --tone-bg: var(--info-bg); }
.badge {
  display: inline-flex; align-items: center; gap: 0.3em;
  padding: 1px 8px; border-radius: 999px;
  font-size: 0.82rem; font-weight: 600; white-space: nowrap;
  color: var(--tone, var(--muted)); background: var(--tone-bg, var(--surface-2));
  border: 1px solid color-mix(in srgb, var(--tone, var(--muted)) 35%, transparent);
}
.tag {
  display: inline-block; padding: 0 6px; border-radius: 4px;
  font-size: 0.76rem; font-weight: 600; white-space: nowrap;
  color: var(--muted); border: 1px solid var(--border);
}
.tag[data-tone] { color: var(--tone); border-color: color-mix(in srgb, var(--tone) 45%, transparent); }

/* Headline */
.headline {
  background: var(--surface);
  border: 1px solid var(--border);
  border-left: 6px solid var(--tone);
  border-radius: var(--radius);
  padding: 16px 20px;
}
.verdict {
  display: flex; align-items: center; gap: 10px; flex-wrap: wrap;
  color: var(--tone); font-size: 1.7rem; font-weight: 750; letter-spacing: -0.01em;
}
.verdict .mark {
  display: inline-grid; place-items: center;
  width: 1.25em; height: 1.25em; border-radius: 50%;
  background: var(--tone-bg); font-size: 0.9em;
}
.headline h1 .title { display: block; margin-top: 4px; font-size: 1.05rem; font-weight: 600; color: var(--text); }
.headline .summary { margin-top: 10px; font-size: 1rem; }
.headline .cause { margin-top: 6px; color: var(--muted); }
.kind { font-size: 0.8rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin-bottom: 2px; }

/* What failed, right under the summary */
.failures { margin-top: 16px; }
.failures h2 { display: flex; align-items: baseline; gap: 8px; }
.failure-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.failure {
  display: grid; gap: 3px;
  background: var(--surface);
  border: 1px solid color-mix(in srgb, var(--tone) 40%, var(--border));
  border-left: 4px solid var(--tone);
  border-radius: var(--radius);
  padding: 10px 14px;
}
.failure .head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.failure .name { font-weight: 650; font-size: 1.05rem; }
.failure .where { color: var(--muted); font-size: 0.88rem; overflow-wrap: anywhere; }
.failure .message { font-family: var(--mono); font-size: 0.85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
details > summary { cursor: pointer; color: var(--info); font-size: 0.88rem; }
details[open] > summary { margin-bottom: 6px; }

/* Key facts */
.facts {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 240px), 1fr));
  gap: 8px; margin: 0; padding: 0;
}
.facts > .wide { grid-column: 1 / -1; }
.facts > div { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 10px 14px; min-width: 0; }
.facts dt { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 600; }
.facts dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.facts dd .sub { display: block; color: var(--muted); font-size: 0.86rem; }

/* Charts */
.charts-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.chart { margin: 0; min-width: 0; break-inside: avoid; page-break-inside: avoid; }
.chart.wide { grid-column: 1 / -1; }
.chart figcaption { margin-bottom: 8px; }
.chart figcaption p { color: var(--muted); font-size: 0.86rem; }
.chart-plot { width: 100%; min-height: 40px; }
.chart .uplot { width: 100% !important; font-family: inherit; }
.chart .u-legend { font-size: 0.82rem; color: var(--text); text-align: left; margin: 4px 0 0; }
.chart .u-legend .u-series > * { padding: 2px 4px; }
.chart .u-inline tr { margin-right: 10px; }
.chart .u-legend .u-value { color: var(--muted); font-variant-numeric: tabular-nums; }
.chart[data-chart="alarms"] .u-legend .u-marker { display: none; }
.notes { display: grid; gap: 4px; }

/* Hooks and checks */
.hooks { display: grid; gap: 16px; }
.hook header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
.hook header h3 { margin-right: auto; }
.hook header h3 .fn { display: block; font-family: var(--mono); font-size: 0.84rem; font-weight: 500; color: var(--muted); margin-top: 2px; overflow-wrap: anywhere; }
.hook .reason { margin-top: 8px; overflow-wrap: anywhere; }
.hook .reason + details { margin-top: 4px; }
.hook .stats { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0 0; padding: 0; color: var(--muted); font-size: 0.88rem; }
.hook .stats div { display: flex; gap: 6px; }
.hook .stats dt::after { content: ":"; }
.hook .stats dd { margin: 0; color: var(--text); }
.hook .logs { margin-top: 12px; }
.table-wrap { overflow-x: auto; margin-top: 12px; }
:where(table:not(.u-legend)) { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
:where(table:not(.u-legend)) :where(th, td) { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--border); }
:where(table:not(.u-legend)) :where(thead th) { font-size: 0.76rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 650; background: var(--surface-2); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.checks .check-name { font-weight: 600; }
.checks .check-name .tag { margin-left: 6px; font-weight: 600; }
.checks .msg { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--mono); font-size: 0.82rem; }
.checks tr.detail-row > td { padding-top: 0; background: var(--surface); }
.checks tr.has-details > td { border-bottom: 0; }
.check-details { display: grid; gap: 8px; padding: 4px 0 4px; }
.judge-head { font-size: 0.88rem; }
.judge td.why { min-width: 16em; }
.judge .test { display: block; color: var(--muted); font-size: 0.8rem; margin-top: 2px; }
.steps { margin: 0; padding-left: 1.6em; display: grid; gap: 4px; }
.steps li { padding-left: 2px; }
.steps .step-name { font-weight: 600; }
.steps .msg { display: block; font-family: var(--mono); font-size: 0.82rem; white-space: pre-wrap; overflow-wrap: anywhere; color: var(--muted); }

/* Timeline */
.timeline td.at { font-family: var(--mono); font-size: 0.84rem; white-space: nowrap; color: var(--muted); }
.timeline td.phase { white-space: nowrap; color: var(--muted); font-size: 0.86rem; }
.timeline tr[data-tone] td.event { border-left: 3px solid var(--tone); }
.timeline tr[data-tone="info"] td.event { border-left-color: var(--border); }
.timeline .mark { color: var(--tone); font-weight: 700; margin-right: 4px; }
.timeline tr[data-tone="info"] .mark { color: var(--muted); }
.timeline ul { margin: 4px 0 0; padding-left: 1.1em; list-style: none; color: var(--muted); font-size: 0.86rem; }
.timeline td.event { overflow-wrap: anywhere; }

.warnings ul { margin: 0; padding-left: 1.2em; }
.warnings li { margin: 2px 0; }
footer { margin-top: 36px; color: var(--muted); font-size: 0.82rem; }

@media (max-width: 860px) {
  .charts-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 640px) {
  main { padding: 12px 12px 32px; }
  .verdict { font-size: 1.4rem; }
  .card, .headline { padding: 12px 14px; }
  .facts { grid-template-columns: repeat(auto-fill, minmax(min(100%, 165px), 1fr)); }
  /* Narrow tables become one block per row: a five-column table does not fit a phone. */
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border-bottom: 1px solid var(--border); padding: 6px 0; }
  table.stack td { border: 0; padding: 2px 4px; }
  table.stack td.num { text-align: left; }
  table.stack td:empty, table.stack td.empty { display: none; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.8rem; }
  .checks tr.has-details { border-bottom: 0; }
  /* Status and name on one line, duration and attempts on the next. */
  table.checks.stack td:first-child, table.checks.stack td.check-name, table.checks.stack td.num { display: inline-block; width: auto; vertical-align: middle; }
  table.checks.stack td.num { margin-right: 10px; font-size: 0.84rem; }
  table.timeline.stack td.at, table.timeline.stack td.phase { display: inline-block; width: auto; }
  .timeline tr[data-tone] td.event { border-left: 0; }
}

@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .card, .headline, .failure, .facts > .wide { grid-column: 1 / -1; }
.facts > div { background: #fff; }
  .chart .uplot, .chart canvas { max-width: 100% !important; }
  .chart canvas { height: auto !important; }
  .charts-grid { grid-template-columns: minmax(0, 1fr); }
  .failure, .hook header, tr, figure, table.checks, table.judge, .facts { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  pre { max-height: none; overflow: visible; }
  details > summary { color: var(--muted); }
}
`;
