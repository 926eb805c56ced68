import type { ReportCheck, ReportHook, Tone } from '../model';
import { html, type SafeHtml } from './html';

/** The mark beside a tone's colour, so that no status is told by colour alone. */
export function toneMark(tone: Tone): string {
  return tone === 'good' ? '✓' : tone === 'bad' ? '✗' : tone === 'warn' ? '!' : '·';
}

/** A failing check blocks (bad) unless it is non-blocking (warn); a skipped one is neither. */
export function checkTone(check: ReportCheck): Tone {
  if (check.status === 'pass') return 'good';
  if (check.status === 'skipped') return 'info';
  return check.blocking ? 'bad' : 'warn';
}

export function checkBadge(check: ReportCheck): SafeHtml {
  const tone = checkTone(check);
  const mark = check.status === 'skipped' ? '–' : toneMark(tone);
  return badge(tone, mark, check.status === 'timed-out' ? 'timed out' : check.status);
}

export function hookTone(hook: ReportHook): Tone {
  if (hook.status === 'Succeeded') {
    return hook.checks.some((check) => checkTone(check) === 'warn') ? 'warn' : 'good';
  }
  return 'bad';
}

export function hookBadge(hook: ReportHook): SafeHtml {
  const passed = hook.status === 'Succeeded';
  return badge(passed ? 'good' : 'bad', passed ? '✓' : '✗', hook.status ?? 'no verdict');
}

export function badge(tone: Tone, mark: string, text: string): SafeHtml {
  return html`<span class="badge" data-tone="${tone}"><span aria-hidden="true">${mark}</span> ${text}</span>`;
}
