import { duration, offset, plural } from '../../narrative/format';
import type { ReportCheck, ReportHook } from '../model';
import { checkBadge, hookBadge, hookTone } from './badges';
import { checkDetails } from './check-details';
import { html, type SafeHtml } from './html';
import { hookName } from './labels';
import { messageBlock } from './message';

/** Each hook: what it reported and why, then every check it ran, then its logs folded away. */
export function hooksSection(hooks: readonly ReportHook[]): SafeHtml {
  if (hooks.length === 0) return html``;
  return html`<section aria-labelledby="hooks-heading">
<h2 id="hooks-heading">Hooks</h2>
<div class="hooks">${hooks.map(hookCard)}</div>
</section>`;
}

function hookCard(hook: ReportHook, index: number): SafeHtml {
  const id = `hook-${index + 1}`;
  return html`
<article class="hook card" data-tone="${hookTone(hook)}" data-hook="${hook.lifecycleEvent}" aria-labelledby="${id}">
<header><h3 id="${id}">${hook.lifecycleEvent} <span class="muted">· ${hookName(hook.lifecycleEvent)}</span><span class="fn">${hook.functionName}</span></h3>${hookBadge(hook)}</header>
${messageBlock(hook.reason, 'reason', 'reason')}
<dl class="stats">
<div><dt>Runs</dt><dd>${String(hook.runs)}</dd></div>
${hook.durationMs !== undefined && html`<div><dt>Checks took</dt><dd>${duration(hook.durationMs)}</dd></div>`}
${hook.atMs !== undefined && html`<div><dt>Verdict at</dt><dd>${offset(hook.atMs)}</dd></div>`}
<div><dt>Checks</dt><dd>${hook.checks.length === 0 ? 'none reported' : `${hook.checks.filter((check) => check.status === 'pass').length} of ${hook.checks.length} passed`}</dd></div>
</dl>
${hook.checks.length > 0 && checksTable(hook)}
${hook.logs.length > 0 && logs(hook)}
</article>`;
}

function checksTable(hook: ReportHook): SafeHtml {
  return html`<div class="table-wrap"><table class="checks stack">
<caption class="visually-hidden">Checks of the ${hook.lifecycleEvent} hook</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Check</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Attempts</th><th scope="col">Message</th></tr></thead>
<tbody>${hook.checks.map(checkRows)}</tbody>
</table></div>`;
}

function checkRows(check: ReportCheck): SafeHtml {
  const details = checkDetails(check.details);
  return html`<tr class="check${details !== undefined ? ' has-details' : ''}" data-check="${check.name}" data-status="${check.status}">
<td>${checkBadge(check)}</td>
<td class="check-name">${check.name}${!check.required && html`<span class="tag" data-tone="warn" title="warnOnly or dryRun: reported, never blocks">non-blocking</span>`}${check.blocking && html`<span class="tag" data-tone="bad">blocking</span>`}</td>
<td class="num" data-label="Duration">${check.durationMs === undefined ? '–' : duration(check.durationMs)}</td>
<td class="num" data-label="Attempts">${check.attempts === undefined ? '–' : String(check.attempts)}</td>
${check.message === undefined ? html`<td class="msg-cell empty"><span class="muted">–</span></td>` : html`<td class="msg-cell">${messageBlock(check.message, 'msg')}</td>`}
</tr>${details !== undefined && html`<tr class="detail-row"><td></td><td colspan="4">${details}</td></tr>`}`;
}

function logs(hook: ReportHook): SafeHtml {
  const lines = hook.logs.reduce((sum, log) => sum + log.split('\n').filter((line) => line !== '').length, 0);
  return html`<details class="logs"><summary>Logs: ${plural(hook.logs.length, 'invocation')}, ${plural(lines, 'line')}</summary><pre>${hook.logs.join('\n')}</pre></details>`;
}
