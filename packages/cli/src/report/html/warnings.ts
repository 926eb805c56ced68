import type { ReportWarning } from '../model';
import { html, type SafeHtml } from './html';

/** What the simulator warned about (a template setting it could not honour, say). */
export function warningsSection(warnings: readonly ReportWarning[]): SafeHtml {
  if (warnings.length === 0) return html``;
  return html`<section class="warnings" aria-labelledby="warnings-heading">
<h2 id="warnings-heading">Warnings</h2>
<div class="card" data-tone="warn"><ul>${warnings.map(
    (warning) =>
      html`<li><span aria-hidden="true">! </span>${warning.message}${warning.where !== undefined && html` <span class="muted mono">${warning.where}</span>`}</li>`,
  )}</ul></div>
</section>`;
}
