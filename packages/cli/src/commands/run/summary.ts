import type { RunChecksResult } from '@shiftguard/core';
import { describeThrown, redactText } from '@shiftguard/kit';
import { duration, firstLine, plural } from '../../narrative/format';
import type { Style } from '../../narrative/style';
import type { ResolvedTarget } from './resolve-target';

/** What the summary says beyond the result. */
export interface RunSummaryContext {
  readonly style: Style;
  readonly target: ResolvedTarget;
  /** Real time the run took, loading the module aside. */
  readonly elapsedMs: number;
}

/**
 * The lines a run ends with: the verdict (what a hook would report, and why), what was judged, and
 * what became of the report to CodeDeploy, asked for or not.
 */
export function summaryLines(result: RunChecksResult, context: RunSummaryContext): string[] {
  const { verdict, report } = result;
  const { style, target } = context;
  const passed = verdict.status === 'Succeeded';
  const label = passed ? style.green('Checks passed') : style.red('Checks failed');
  const judged = verdict.target
    ? `${verdict.target.functionName}:${verdict.target.alias} version ${verdict.target.targetVersion}`
    : target.judged;
  const where = target.kind === 'deployment' && verdict.target ? ` of deployment ${target.deploymentId}` : '';
  const lines = [
    // The reason repeats each failing check's message, log tail and all: its first line is enough
    // under the check lines, and the reports keep the whole of it.
    `${label} ${style.dim(`· verdict ${verdict.status}`)}: ${firstLine(redactText(verdict.reason), 300)}`,
    style.dim(
      `  ${judged}${where} · ${target.lifecycleEvent} · ${plural(verdict.checks.length, 'check')} in ${duration(context.elapsedMs)}`,
    ),
  ];
  if (target.kind !== 'deployment') return lines;
  const execution = target.executionId === undefined ? '' : ` for hook execution ${target.executionId}`;
  switch (report.kind) {
    case 'not-asked':
      lines.push(
        style.dim(
          target.executionId === undefined
            ? '  not reported to CodeDeploy: --execution-id and --report-status report the verdict'
            : `  not reported to CodeDeploy: --report-status reports ${verdict.status}${execution}`,
        ),
      );
      break;
    case 'reported':
      lines.push(style.green(`  CodeDeploy accepted the report: ${verdict.status}${execution}`));
      break;
    case 'already-completed':
      lines.push(
        style.yellow(
          `  CodeDeploy already had a status${execution}: this report of ${verdict.status} changed nothing`,
        ),
      );
      break;
    case 'rejected':
      lines.push(
        style.red(
          `  CodeDeploy rejected the report of ${verdict.status}${execution}: ${firstLine(redactText(describeThrown(report.error)))}`,
        ),
      );
      break;
  }
  return lines;
}
