import { createHash } from 'node:crypto';
import type { ShiftguardReport } from '../model';
import { chartAssets } from './assets';
import { chartsOf } from './chart-data';
import { CHARTS_SCRIPT } from './charts-script';
import { chartsSection } from './charts-section';
import { jsonForScript } from './escape';
import { factsSection, readableTime } from './facts';
import { failuresSection } from './failures';
import { headline } from './headline';
import { hooksSection } from './hooks';
import { html, trusted } from './html';
import { STYLES } from './styles';
import { timelineSection } from './timeline';
import { warningsSection } from './warnings';

/**
 * The report as one self-contained HTML page: the outcome and what failed first, then the key
 * facts, charts (uPlot, inlined), every hook's checks and the timeline. Nothing is fetched when it
 * is viewed; the report itself is in the page as JSON (`#shiftguard-report`).
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderHtmlReport(report));
 * ```
 */
export function renderHtmlReport(report: ShiftguardReport): string {
  const assets = chartAssets();
  const plan = chartsOf(report);
  const scripts = plan.spec === undefined ? [] : [assets.script, CHARTS_SCRIPT];
  // Only these scripts may run, and nothing may be loaded: should any user text ever get past the
  // escaping, the browser still runs none of it and fetches nothing.
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `script-src ${scripts.length === 0 ? "'none'" : scripts.map(hashOf).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="shiftguard">
<title>${report.outcome.label}: ${report.title}</title>
${plan.spec !== undefined && html`<style>${trusted(assets.css)}</style>`}
<style>${trusted(STYLES)}</style>
</head>
<body>
<main>
${headline(report)}
${failuresSection(report)}
${factsSection(report)}
${chartsSection(plan)}
${hooksSection(report.hooks)}
${timelineSection(report.timeline)}
${warningsSection(report.warnings)}
<footer>Written by shiftguard at ${readableTime(report.generatedAt)} · report schema ${String(report.schemaVersion)} · the report's JSON is in this page (<code>#shiftguard-report</code>).</footer>
</main>
<script type="application/json" id="shiftguard-report">${trusted(jsonForScript(report))}</script>
${
  plan.spec !== undefined &&
  html`<script type="application/json" id="shiftguard-charts">${trusted(jsonForScript(plan.spec))}</script>
<script>${trusted(assets.script)}</script>
<script>${trusted(CHARTS_SCRIPT)}</script>`
}
</body>
</html>
`;
  return page.value;
}

function hashOf(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}
