import { offset } from '../../narrative/format';
import type { TimelineEntry } from '../model';
import { toneMark } from './badges';
import { html, type SafeHtml } from './html';

/** Everything that happened, in order, as the terminal told it. */
export function timelineSection(timeline: readonly TimelineEntry[]): SafeHtml {
  if (timeline.length === 0) return html``;
  return html`<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline</h2>
<div class="card"><table class="timeline stack">
<caption class="visually-hidden">Events from the deployment's start</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Phase</th><th scope="col">Event</th></tr></thead>
<tbody>${timeline.map(
    (entry) => html`
<tr data-tone="${entry.tone}"><td class="at">${offset(entry.atMs)}</td><td class="phase">${entry.phase}</td><td class="event"><span class="mark" aria-hidden="true">${toneMark(entry.tone)}</span>${entry.text}${
      entry.details.length > 0 && html`<ul>${entry.details.map((line) => html`<li>${line}</li>`)}</ul>`
    }</td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}
