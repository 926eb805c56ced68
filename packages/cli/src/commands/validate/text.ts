// The doctor's findings as a compiler writes its diagnostics: `file:line:column: severity rule: message`,
// the fix indented below, a count at the end. Editors and CI logs link the first part to the place.
import type { DoctorReport, Finding, Severity } from '@shiftguard/simulator';
import { PLAIN, type Style } from '../../narrative/style';

const NOUNS: Readonly<Record<Severity, [string, string]>> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'infos'],
};

/** `template.yaml:23:7` (or the file alone when the finding is not in a line). */
export function placeOf(finding: Finding, fallbackFile: string): string {
  const file = finding.file ?? fallbackFile;
  return finding.line === undefined ? file : `${file}:${finding.line}:${finding.column ?? 1}`;
}

/** `error` in red, `warning` in yellow, `info` dim: the colour is only a second cue, the word says it. */
export function severityWord(severity: Severity, style: Style): string {
  return severity === 'error'
    ? style.red(severity)
    : severity === 'warning'
      ? style.yellow(severity)
      : style.dim(severity);
}

/** One finding's first line, without the fix. */
export function findingLine(finding: Finding, fallbackFile: string, style: Style = PLAIN): string {
  return `${placeOf(finding, fallbackFile)}: ${severityWord(finding.severity, style)} ${style.bold(finding.ruleId)}: ${finding.message}`;
}

/** `1 error, 2 warnings, no infos`, or `no findings`. */
export function countLine(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  return (['error', 'warning', 'info'] as const)
    .map((severity) => {
      const count = findings.filter((finding) => finding.severity === severity).length;
      const [one, many] = NOUNS[severity];
      return count === 0 ? `no ${many}` : `${count} ${count === 1 ? one : many}`;
    })
    .join(', ');
}

/** The whole text output, each finding with its fix, then the count. */
export function textReport(report: DoctorReport, template: string, style: Style = PLAIN): string {
  const lines = report.findings.flatMap((finding) => [
    findingLine(finding, template, style),
    // A fix may be a YAML statement of several lines: each stays under the `fix:` it belongs to.
    `  ${style.dim('fix:')} ${finding.fix.replaceAll('\n', '\n       ')}`,
  ]);
  return `${[...lines, `${report.file ?? template}: ${countLine(report.findings)}`].join('\n')}\n`;
}
