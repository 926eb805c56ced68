import type { ShiftguardReport, Tone } from '../model';
import { toneMark } from './badges';
import { breakable, html, type SafeHtml } from './html';

/** Rolled back and failed are bad; a pass with non-blocking failures is still a pass. */
export function outcomeTone(report: ShiftguardReport): Tone {
  return report.outcome.passed ? 'good' : 'bad';
}

/** The outcome in its colour and mark, the title, the summary sentence and (when it adds something) the cause. */
export function headline(report: ShiftguardReport): SafeHtml {
  const tone = outcomeTone(report);
  const { label, summary, cause } = report.outcome;
  // The summary usually tells the cause already ("… because <cause>: …"): said twice it reads as noise.
  const showCause = cause !== undefined && !summary.includes(cause);
  return html`<header class="headline" data-tone="${tone}">
<p class="kind">shiftguard ${report.kind === 'run' ? 'run' : 'simulated deployment'}</p>
<h1><span class="verdict" data-outcome="${label}"><span class="mark" aria-hidden="true">${toneMark(tone)}</span>${label}</span><span class="title">${breakable(report.title)}</span></h1>
<p class="summary">${summary}</p>
${showCause && html`<p class="cause"><strong>Cause:</strong> ${cause}</p>`}
</header>`;
}
