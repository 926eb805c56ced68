import type { ChartSpec, ChartsPlan } from './chart-data';
import { html, type SafeHtml } from './html';

/**
 * One figure per chart, each an empty plot the page's script fills from the chart data; notes stand
 * in for what could not be drawn. Nothing at all for a report without anything over time (a run).
 */
export function chartsSection(plan: ChartsPlan): SafeHtml {
  if (plan.spec === undefined && plan.notes.length === 0) return html``;
  const charts = plan.spec?.charts ?? [];
  return html`<section aria-labelledby="charts-heading">
<h2 id="charts-heading">Over time</h2>
${plan.notes.length > 0 && html`<div class="card notes">${plan.notes.map((note) => html`<p>${note}</p>`)}</div>`}
${
  charts.length > 0 &&
  html`<div class="charts-grid">${charts.map(figure)}</div>
<noscript><p class="muted">The charts need JavaScript; the tables below hold the same story.</p></noscript>`
}
</section>`;
}

function figure(chart: ChartSpec): SafeHtml {
  const labels =
    chart.kind === 'lanes' ? chart.lanes.map((lane) => lane.label) : chart.series.map((s) => s.label);
  const wide = chart.id === 'weights' || chart.id === 'alarms' || chart.id === 'durations';
  return html`
<figure class="chart card${wide ? ' wide' : ''}" data-chart="${chart.id}" data-series="${JSON.stringify(labels)}">
<figcaption><h3>${chart.title}</h3><p>${chart.note}</p></figcaption>
<div class="chart-plot" role="img" aria-label="${chart.summary}"></div>
</figure>`;
}
