// What the template doctor says about a template: findings, each a rule's verdict on one place in
// the file. Every output (text, JSON, SARIF) is written from these.

/** `error`: the deployment will not do what the template means (exit code non-zero); `warning`: it may not; `info`: worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

/** One thing the doctor found, located where the user must change the template. */
export interface Finding {
  /** The rule's stable id, kebab-case (`hook-name-prefix`). */
  readonly ruleId: string;
  readonly severity: Severity;
  /** The resource it is about (the function, hook, alarm); undefined for the template as a whole. */
  readonly logicalId: string | undefined;
  /** The property path the location points at, as the reader names it (`Resources.Fn.Properties.Timeout`). */
  readonly path: string;
  /** The template file as given (a path, or the name given with its text). */
  readonly file: string | undefined;
  /** 1-based, UTF-16 code units; undefined when the value is not written in the file (a default). */
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  /** What is wrong, in the template's terms, with the consequence. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
}

/** A rule as outputs describe it (SARIF's `rules[]`, the docs' list). */
export interface RuleDescription {
  readonly id: string;
  /** PascalCase, as SARIF's `name` wants it (`HookNamePrefix`). */
  readonly name: string;
  /** Its findings' usual severity (a finding may differ, e.g. an `info` when it cannot prove the mistake). */
  readonly severity: Severity;
  /** One line: what it catches. */
  readonly summary: string;
  /** A paragraph: why it matters, and how to fix it. */
  readonly help: string;
}

/** What `validateSamTemplate` returns. */
export interface DoctorReport {
  readonly file: string | undefined;
  /** Errors first, then warnings, then infos; by line within each. */
  readonly findings: readonly Finding[];
  /** Every rule that ran (for SARIF's `rules[]`). */
  readonly rules: readonly RuleDescription[];
}
