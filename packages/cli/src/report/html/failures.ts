import { offset } from '../../narrative/format';
import type { ShiftguardReport } from '../model';
import { badge, checkBadge, checkTone } from './badges';
import { html, type SafeHtml } from './html';
import { hookName } from './labels';
import { messageBlock } from './message';

interface Failure {
  readonly tone: 'bad' | 'warn';
  /** What the reader looks for: the check's name, the alarm's. */
  readonly name: string;
  readonly badge: SafeHtml;
  readonly tag: string | undefined;
  /** Where it happened: the hook, the alarm's role. */
  readonly where: string;
  readonly message: string | undefined;
  readonly kind: 'check' | 'hook' | 'alarm' | 'deployment';
}

/**
 * What did not pass, in the order that answers "why": blocking checks, hooks that failed without a
 * blocking check to show for it (timed out, could not be invoked), watched alarms that went to ALARM,
 * then the checks that failed without blocking.
 */
export function failuresOf(report: ShiftguardReport): Failure[] {
  const blocking: Failure[] = [];
  const hooks: Failure[] = [];
  const nonBlocking: Failure[] = [];
  for (const hook of report.hooks) {
    const where = `${hook.lifecycleEvent} · ${hookName(hook.lifecycleEvent)} ${hook.functionName}`;
    for (const check of hook.checks) {
      const tone = checkTone(check);
      if (tone !== 'bad' && tone !== 'warn') continue;
      (tone === 'bad' ? blocking : nonBlocking).push({
        tone,
        name: check.name,
        badge: checkBadge(check),
        tag: tone === 'bad' ? 'blocking' : 'non-blocking',
        where,
        message: check.message,
        kind: 'check',
      });
    }
    if (hook.status !== 'Succeeded' && !hook.checks.some((check) => check.blocking)) {
      hooks.push({
        tone: 'bad',
        name: `${hookName(hook.lifecycleEvent)} (${hook.lifecycleEvent})`,
        badge: badge('bad', '✗', hook.status ?? 'no verdict'),
        tag: undefined,
        where: hook.functionName,
        message: hook.reason,
        kind: 'hook',
      });
    }
  }
  const alarms: Failure[] = report.alarms.flatMap((alarm) => {
    const fired = alarm.states.findIndex((state) => state.state === 'ALARM');
    if (fired < 0 || !alarm.watched) return [];
    // In ALARM before the deployment began: its first state, whose reason says only that.
    const initially = fired === 0;
    return [
      {
        tone: 'bad' as const,
        name: alarm.name,
        badge: badge('bad', '✗', 'ALARM'),
        tag: undefined,
        where: `alarm watched by the deployment · ${initially ? 'in ALARM from the start' : `went to ALARM at ${offset(alarm.states[fired]!.atMs)}`}`,
        message: initially ? undefined : alarm.states[fired]!.reason,
        kind: 'alarm' as const,
      },
    ];
  });
  const told = [...blocking, ...hooks, ...alarms];
  // A failure none of the above explains (CodeDeploy refused the deployment, say) still gets a line.
  if (!report.outcome.passed && told.length === 0) {
    const error = report.deployment?.error;
    told.push({
      tone: 'bad',
      name: error?.code ?? report.outcome.label,
      badge: badge('bad', '✗', report.deployment?.status ?? report.outcome.label),
      tag: undefined,
      where: report.deployment === undefined ? 'the run' : `deployment ${report.deployment.deploymentId}`,
      message: error?.message ?? report.outcome.cause,
      kind: 'deployment',
    });
  }
  return [...told, ...nonBlocking];
}

/** The failures section, right under the summary; nothing when everything passed. */
export function failuresSection(report: ShiftguardReport): SafeHtml {
  const failures = failuresOf(report);
  if (failures.length === 0) return html``;
  const blocking = failures.some((failure) => failure.tone === 'bad');
  return html`<section class="failures" aria-labelledby="failures-heading">
<h2 id="failures-heading">${blocking ? 'What failed' : 'Did not pass (non-blocking)'}</h2>
<ol class="failure-list">${failures.map(
    (failure) => html`
<li class="failure" data-tone="${failure.tone}" data-failure="${failure.kind}">
<p class="head">${failure.badge} <span class="name">${failure.name}</span>${failure.tag && html` <span class="tag" data-tone="${failure.tone}">${failure.tag}</span>`}</p>
<p class="where">${failure.where}</p>
${failure.message !== undefined && messageBlock(failure.message)}
</li>`,
  )}
</ol>
</section>`;
}
