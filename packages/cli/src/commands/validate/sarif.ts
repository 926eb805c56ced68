// The doctor's report as SARIF 2.1.0, for code-scanning UIs (GitHub's shows each result inline on the
// template). Written by hand rather than with a builder: it is one small object, and the CLI stays free
// of a dependency for it. Kept here, not in the simulator, because it is an output format of the
// command, like the deployment reports in ../../report: its file URIs depend on where the command runs
// (the repository root), which a library of findings should not know.
//
// Shape and required fields: OASIS SARIF 2.1.0, and GitHub's "SARIF support for code scanning":
// tool.driver.name and rules[] (id, shortDescription, fullDescription, help.text), results with
// message.text and locations (only the first is read), URIs relative to the repository root.
import { createHash } from 'node:crypto';
import type { DoctorReport, Finding, RuleDescription, Severity } from '@shiftguard/simulator';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF's levels: `info` is `note`. */
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export interface SarifOptions {
  /** shiftguard's version, the driver's `semanticVersion`. */
  readonly version: string;
  /** The artifact URI of a finding's file: relative to the repository root, `/`-separated. */
  readonly uriOf: (file: string | undefined) => string;
}

/** The SARIF log of one run of the doctor over one template. */
export function sarifLog(report: DoctorReport, options: SarifOptions): Record<string, unknown> {
  const rules = report.rules;
  const index = new Map(rules.map((rule, position) => [rule.id, position]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shiftguard',
            semanticVersion: options.version,
            rules: rules.map(sarifRule),
          },
        },
        // Several templates' logs uploaded for one commit are told apart by category.
        automationDetails: { id: `shiftguard-validate/${options.uriOf(report.file)}/` },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => sarifResult(finding, index.get(finding.ruleId), options)),
      },
    ],
  };
}

function sarifRule(rule: RuleDescription): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.help },
    help: { text: rule.help },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

function sarifResult(
  finding: Finding,
  ruleIndex: number | undefined,
  options: SarifOptions,
): Record<string, unknown> {
  const uri = options.uriOf(finding.file);
  // A finding about no line (the base could not be read) is shown on the file's first line.
  const region =
    finding.line === undefined
      ? { startLine: 1 }
      : {
          startLine: finding.line,
          startColumn: finding.column ?? 1,
          ...(finding.endLine !== undefined && { endLine: finding.endLine }),
          ...(finding.endColumn !== undefined && { endColumn: finding.endColumn }),
        };
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message}. Fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region },
        ...(finding.logicalId !== undefined && {
          logicalLocations: [{ name: finding.logicalId, kind: 'resource' }],
        }),
      },
    ],
    // Our own key, stable across line moves; GitHub's primaryLocationLineHash is left to upload-sarif.
    partialFingerprints: {
      'shiftguardFinding/v1': createHash('sha256')
        .update([finding.ruleId, uri, finding.logicalId ?? '', finding.path].join('|'))
        .digest('hex'),
    },
  };
}
