// A check's `details` as a reader wants them: a canary judge's statistics as a table, a journey's
// steps as a list, anything else as pretty JSON. Details come from user code: each shape is
// recognised by what it holds, never trusted to hold it.
import { duration } from '../../narrative/format';
import { badge } from './badges';
import { html, type SafeHtml } from './html';

type Details = Readonly<Record<string, unknown>>;

interface JudgedMetric {
  readonly name: string;
  readonly kind: unknown;
  readonly classification: string;
  readonly critical: unknown;
  readonly why: unknown;
  readonly baseline: unknown;
  readonly canary: unknown;
  readonly test: unknown;
  readonly needs: unknown;
}

interface Step {
  readonly name: string;
  readonly phase: unknown;
  readonly status: string;
  readonly durationMs: unknown;
  readonly message: unknown;
}

/** The rendered details of one check, or nothing when it has none. */
export function checkDetails(details: Details | undefined): SafeHtml | undefined {
  if (details === undefined || Object.keys(details).length === 0) return undefined;
  const metrics = judgedMetrics(details.metrics);
  if (metrics !== undefined) {
    const { metrics: _metrics, ...rest } = details;
    return html`<div class="check-details">${judgeTable(details, metrics)}${rawJson(rest, 'All statistics')}</div>`;
  }
  const steps = journeySteps(details.steps);
  if (steps !== undefined) {
    const { steps: _steps, ...rest } = details;
    return html`<div class="check-details">${stepList(steps)}${Object.keys(rest).length > 0 && rawJson(rest, 'Details')}</div>`;
  }
  return html`<div class="check-details">${rawJson(details, 'Details')}</div>`;
}

function judgedMetrics(value: unknown): JudgedMetric[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const metrics = value.filter(
    (metric): metric is JudgedMetric =>
      isRecord(metric) && typeof metric.name === 'string' && typeof metric.classification === 'string',
  );
  return metrics.length === value.length ? metrics : undefined;
}

function journeySteps(value: unknown): Step[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const steps = value.filter(
    (step): step is Step =>
      isRecord(step) && typeof step.name === 'string' && typeof step.status === 'string',
  );
  return steps.length === value.length ? steps : undefined;
}

const CLASSIFICATION_TONE: Readonly<Record<string, 'good' | 'bad' | 'warn' | 'info'>> = {
  Pass: 'good',
  High: 'bad',
  Low: 'bad',
  NodataFailMetric: 'bad',
  Nodata: 'info',
  Inconclusive: 'warn',
};

function judgeTable(details: Details, metrics: readonly JudgedMetric[]): SafeHtml {
  const thresholds = isRecord(details.thresholds) ? details.thresholds : undefined;
  const outcome = typeof details.outcome === 'string' ? details.outcome : undefined;
  const score = typeof details.score === 'number' ? details.score : undefined;
  const tone = outcome === 'Pass' ? 'good' : outcome === 'Fail' ? 'bad' : 'warn';
  const versions =
    details.baselineVersion !== undefined && details.canaryVersion !== undefined
      ? ` · version ${String(details.canaryVersion)} judged against version ${String(details.baselineVersion)}`
      : '';
  return html`<p class="judge-head">${outcome !== undefined && badge(tone, tone === 'good' ? '✓' : tone === 'bad' ? '✗' : '!', outcome)} ${
    score !== undefined && html`score <strong>${formatNumber(score)}</strong>`
  }${thresholds !== undefined && ` (pass ≥ ${String(thresholds.pass)}, marginal ≥ ${String(thresholds.marginal)})`}${versions}</p>
<div class="table-wrap"><table class="judge">
<caption class="visually-hidden">Canary judge: each metric's judgement</caption>
<thead><tr><th scope="col">Metric</th><th scope="col">Result</th><th scope="col">Baseline (old)</th><th scope="col">Canary (new)</th><th scope="col">Why</th></tr></thead>
<tbody>${metrics.map((metric) => {
    const metricTone = CLASSIFICATION_TONE[metric.classification] ?? 'info';
    const mark = metricTone === 'good' ? '✓' : metricTone === 'bad' ? '✗' : metricTone === 'warn' ? '?' : '–';
    return html`<tr><th scope="row">${metric.name}${metric.critical === true && html` <span class="tag" data-tone="bad">critical</span>`}${
      typeof metric.kind === 'string' && html`<span class="test">${metric.kind}</span>`
    }</th><td>${badge(metricTone, mark, metric.classification)}</td><td>${sideText(metric.baseline)}</td><td>${sideText(metric.canary)}</td><td class="why">${
      typeof metric.why === 'string' ? metric.why : ''
    }${isRecord(metric.test) && html`<span class="test">${pairs(metric.test)}</span>`}${
      isRecord(metric.needs) && html`<span class="test">needs ${pairs(metric.needs)}</span>`
    }</td></tr>`;
  })}</tbody>
</table></div>`;
}

/** One side of a comparison: a rate's `3 of 1,000 (0.3%)`, a distribution's `n 5 · mean 12.3 · …`. */
function sideText(side: unknown): string {
  if (!isRecord(side) || Object.keys(side).length === 0) return '–';
  if (typeof side.events === 'number' && typeof side.trials === 'number') {
    const rate = typeof side.ratePct === 'number' ? ` (${formatNumber(side.ratePct)}%)` : '';
    return `${formatNumber(side.events)} of ${formatNumber(side.trials)}${rate}`;
  }
  return pairs(side);
}

function pairs(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .map(
      ([key, value]) =>
        `${key} ${typeof value === 'number' ? formatNumber(value) : value === null ? '–' : String(value)}`,
    )
    .join(' · ');
}

const STEP_TONE: Readonly<Record<string, 'good' | 'bad' | 'info'>> = {
  pass: 'good',
  fail: 'bad',
  'timed-out': 'bad',
  'not-run': 'info',
};

function stepList(steps: readonly Step[]): SafeHtml {
  return html`<ol class="steps" aria-label="Journey steps">${steps.map((step) => {
    const tone = STEP_TONE[step.status] ?? 'info';
    const mark = tone === 'good' ? '✓' : tone === 'bad' ? '✗' : '–';
    return html`<li>${badge(tone, mark, step.status)} <span class="step-name">${step.name}</span>${
      step.phase === 'cleanup' && html` <span class="tag">cleanup</span>`
    }${typeof step.durationMs === 'number' && html` <span class="muted">${duration(step.durationMs)}</span>`}${
      typeof step.message === 'string' &&
      step.message !== '' &&
      html`<span class="msg">${step.message}</span>`
    }</li>`;
  })}</ol>`;
}

function rawJson(value: Details, label: string): SafeHtml {
  return html`<details class="json" data-print-open><summary>${label}</summary><pre>${JSON.stringify(value, null, 2)}</pre></details>`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (size >= 100) return value.toFixed(0);
  if (size >= 1) return String(Math.round(value * 100) / 100);
  return value.toPrecision(3).replace(/\.?0+$/, '');
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
