import { html, type SafeHtml } from './html';

const SHOWN = 240;

/**
 * A message from user code as the page shows it: its first line (cut at a readable length), and the
 * whole of it folded away when there is more (a stack, a log tail).
 */
export function messageBlock(message: string, className = 'message', noun = 'message'): SafeHtml {
  const lines = message.replace(/\s+$/, '').split('\n');
  const first = lines[0]!.trim();
  const head = first.length > SHOWN ? `${first.slice(0, SHOWN - 1)}…` : first;
  const more = lines.length > 1 || first.length > SHOWN;
  return html`<p class="${className}">${head}</p>${
    more &&
    html`<details data-print-open><summary>Full ${noun} (${lines.length} ${lines.length === 1 ? 'line' : 'lines'})</summary><pre>${message}</pre></details>`
  }`;
}
