import { clock, count, duration, percent } from '../../narrative/format';
import type { ReportDeployment, ShiftguardReport } from '../model';
import { breakable, html, type SafeHtml } from './html';
import { versionLabel } from './labels';

interface Fact {
  readonly term: string;
  readonly value: string;
  readonly sub?: string | undefined;
  /** Takes a whole row: a sentence, not a value. */
  readonly wide?: boolean;
}

/** The key facts: what was deployed, how it ended, on which clock, and what repeats it. */
export function factsSection(report: ShiftguardReport): SafeHtml {
  const facts =
    report.deployment === undefined ? runFacts(report) : deploymentFacts(report, report.deployment);
  return html`<section aria-labelledby="facts-heading">
<h2 id="facts-heading">${report.deployment === undefined ? 'Run' : 'Deployment'}</h2>
<dl class="facts">${facts.map(
    (fact) =>
      html`<div${fact.wide === true && html` class="wide"`}><dt>${fact.term}</dt><dd>${breakable(fact.value)}${fact.sub !== undefined && html`<span class="sub">${fact.sub}</span>`}</dd></div>`,
  )}</dl>
</section>`;
}

function deploymentFacts(report: ShiftguardReport, deployment: ReportDeployment): Fact[] {
  const facts: Fact[] = [
    { term: 'Deployment', value: deployment.deploymentId, sub: deployment.status },
    { term: 'Configuration', value: deployment.configName ?? 'unknown' },
  ];
  facts.push({
    term: 'Rollback',
    value: deployment.rollback === undefined ? 'none' : deployment.rollback.deploymentId,
    sub: deployment.rollback?.status,
  });
  if (deployment.finalAlias !== undefined) {
    const extra = Object.entries(deployment.finalAlias.weights).map(
      ([version, weight]) => `${percent(weight)} on ${versionLabel(version)}`,
    );
    facts.push({
      term: 'Final alias',
      value: `${report.target.alias ?? 'alias'} → ${versionLabel(deployment.finalAlias.version)}`,
      sub: extra.length > 0 ? extra.join(', ') : 'all traffic',
    });
  }
  facts.push({
    term: 'Time',
    value:
      deployment.realDurationMs === undefined
        ? clock(deployment.durationMs)
        : `${clock(deployment.durationMs)} emulated, ${duration(deployment.realDurationMs)} real`,
    sub: `from ${readableTime(deployment.startedAt)}${deployment.realDurationMs === undefined ? '' : ' on the emulated clock'}`,
  });
  if (deployment.seed !== undefined) {
    facts.push({
      term: 'Seed',
      value: String(deployment.seed),
      sub: `--seed ${deployment.seed} repeats this simulation`,
    });
  }
  const traffic = report.traffic;
  if (traffic !== undefined) {
    const served = traffic.versions
      .filter((version) => traffic.byVersion[version] !== undefined)
      .map((version) => {
        const counts = traffic.byVersion[version]!;
        return `${versionLabel(version)}: ${count(counts.invocations)} (${count(counts.errors)} ${counts.errors === 1 ? 'error' : 'errors'})`;
      });
    facts.push({
      term: 'Traffic',
      value: `${count(traffic.sent)} ${traffic.sent === 1 ? 'request' : 'requests'} at ${traffic.rps}/s`,
      sub: served.length > 0 ? served.join(' · ') : 'none served',
    });
  }
  facts.push(functionFact(report));
  if (deployment.error !== undefined) {
    facts.push({
      term: 'CodeDeploy error',
      value: deployment.error.code,
      sub: deployment.error.message,
      wide: true,
    });
  }
  return facts;
}

function runFacts(report: ShiftguardReport): Fact[] {
  const facts: Fact[] = [functionFact(report)];
  const { currentVersion, targetVersion } = report.target;
  if (currentVersion !== undefined || targetVersion !== undefined) {
    facts.push({
      term: 'Versions',
      value: `${currentVersion ?? '?'} → ${targetVersion ?? '?'}`,
      sub: 'current → target',
    });
  }
  const checks = report.hooks.flatMap((hook) => hook.checks);
  facts.push({
    term: 'Checks',
    value: `${checks.filter((check) => check.status === 'pass').length} of ${checks.length} passed`,
    sub: report.hooks.map((hook) => hook.lifecycleEvent).join(', ') || undefined,
  });
  facts.push({ term: 'Generated', value: readableTime(report.generatedAt) });
  return facts;
}

function functionFact(report: ShiftguardReport): Fact {
  const { functionName, logicalId, alias } = report.target;
  return {
    term: 'Function',
    value: `${functionName ?? logicalId ?? 'unknown'}${alias === undefined ? '' : `:${alias}`}`,
    sub: logicalId !== undefined && functionName !== undefined ? `${logicalId} in the template` : undefined,
  };
}

/** `2026-12-01 17:32:00 UTC`: the same on every machine. */
export function readableTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
