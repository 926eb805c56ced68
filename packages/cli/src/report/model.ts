// The one document every report is written from: the HTML page, the JUnit XML and the JSON file
// (whose schema, schemas/report.schema.json, describes this type). A simulated deployment and a
// `shiftguard run` both become one; the parts a run has no data for are empty.

/** Bumped when a field changes meaning or goes away; new optional fields do not bump it. */
export const REPORT_SCHEMA_VERSION = 1;

/** Where the JSON Schema of {@link ShiftguardReport} is published inside the package. */
export const REPORT_SCHEMA_ID = 'https://shiftguard.dev/schemas/report-v1.json';

export type ReportKind = 'simulation' | 'run';

/** `good` ends well (promoted, checks passed); `bad` blocks (rolled back, failed); `warn` is worth a look. */
export type Tone = 'good' | 'bad' | 'warn' | 'info';

export interface ShiftguardReport {
  readonly $schema: typeof REPORT_SCHEMA_ID;
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly kind: ReportKind;
  /** One line naming what was judged: `orders:live 1 → 2 (Canary10Percent5Minutes)`. */
  readonly title: string;
  /** ISO time the report was written at. */
  readonly generatedAt: string;
  readonly outcome: ReportOutcome;
  readonly target: ReportTarget;
  /** The deployment a simulation ran, or the one a run judged; undefined for a run without one. */
  readonly deployment: ReportDeployment | undefined;
  /** What happened, in order; `atMs` from the deployment's start (a run: from the run's start). */
  readonly timeline: readonly TimelineEntry[];
  /** The new version's share of traffic, 0 to 1, over time (empty for a run). */
  readonly weights: readonly { readonly atMs: number; readonly newVersionWeight: number }[];
  readonly traffic: ReportTraffic | undefined;
  readonly alarms: readonly ReportAlarm[];
  readonly hooks: readonly ReportHook[];
  readonly warnings: readonly ReportWarning[];
}

export interface ReportOutcome {
  /** `passed` when the new version was promoted (a run: the verdict was Succeeded). */
  readonly passed: boolean;
  /** A word or two: `Promoted`, `Rolled back`, `Failed`, `Checks passed`, `Checks failed`. */
  readonly label: string;
  /** One or two sentences: what happened and why, in the template's terms. */
  readonly summary: string;
  /** The cause of a failure, alone (the part after "because"); undefined when it passed. */
  readonly cause: string | undefined;
}

export interface ReportTarget {
  readonly functionName: string | undefined;
  readonly logicalId: string | undefined;
  readonly alias: string | undefined;
  readonly currentVersion: string | undefined;
  readonly targetVersion: string | undefined;
}

export interface ReportDeployment {
  readonly deploymentId: string;
  readonly configName: string | undefined;
  /** CodeDeploy's final status (`Succeeded`, `Failed`, `Stopped`). */
  readonly status: string;
  readonly error: { readonly code: string; readonly message: string } | undefined;
  readonly rollback: { readonly deploymentId: string; readonly status: string } | undefined;
  /** ISO time on the deployment's clock (emulated for a simulation). */
  readonly startedAt: string;
  /** Length of the deployment on its clock, to the end of everything it caused. */
  readonly durationMs: number;
  /** Real time the simulation took, build and set-up included; undefined for a real deployment. */
  readonly realDurationMs: number | undefined;
  /** The seed that repeats a simulation. */
  readonly seed: number | undefined;
  /** The alias as it ended. */
  readonly finalAlias:
    | { readonly version: string; readonly weights: Readonly<Record<string, number>> }
    | undefined;
}

export interface TimelineEntry {
  readonly atMs: number;
  /** The column it belongs to: `deployment`, `BeforeAllowTraffic`, `traffic`, `alarm`, `rollback`… */
  readonly phase: string;
  readonly text: string;
  readonly tone: Tone;
  /** Indented lines under it: a hook's checks, a hint. */
  readonly details: readonly string[];
}

export interface VersionCounts {
  readonly invocations: number;
  readonly errors: number;
}

/** Handler time of one version's requests in one minute, in ms (real time on the machine that ran it). */
export interface DurationPercentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface ReportTraffic {
  /** Requests per second the simulation sent. */
  readonly rps: number;
  readonly sent: number;
  /** The old version first, then the new one, then anything else (`unrouted`). */
  readonly versions: readonly string[];
  readonly byVersion: Readonly<Record<string, VersionCounts>>;
  /** Per minute, from the deployment's start (`atMs` may be negative for warm-up traffic). */
  readonly byMinute: readonly {
    readonly atMs: number;
    readonly versions: Readonly<
      Record<string, VersionCounts & { readonly durationMs: DurationPercentiles | undefined }>
    >;
  }[];
}

export interface ReportAlarm {
  readonly name: string;
  /** Whether the deployment watches it (`DeploymentPreference.Alarms`). */
  readonly watched: boolean;
  readonly finalState: string;
  /** The state at the start (before the first transition), then each transition. */
  readonly states: readonly { readonly atMs: number; readonly state: string; readonly reason: string }[];
}

export type ReportCheckStatus = 'pass' | 'fail' | 'error' | 'skipped' | 'timed-out';

export interface ReportCheck {
  readonly name: string;
  readonly status: ReportCheckStatus;
  /** False for `warnOnly()` and `dryRun()` checks: reported, never blocking. */
  readonly required: boolean;
  /** True for a required check that did not pass: what failed the hook. */
  readonly blocking: boolean;
  readonly durationMs: number | undefined;
  readonly attempts: number | undefined;
  readonly message: string | undefined;
  /** The check's own details, secrets redacted: a canary judge's statistics, a journey's steps. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
}

export interface ReportHook {
  /** `BeforeAllowTraffic` (PreTraffic) or `AfterAllowTraffic` (PostTraffic). */
  readonly lifecycleEvent: string;
  readonly functionName: string;
  /** What the hook reported (`Succeeded`, `Failed`), or undefined when it never reported. */
  readonly status: string | undefined;
  /** The verdict's reason, or why there is none (the hook threw, timed out, could not be invoked). */
  readonly reason: string;
  readonly durationMs: number | undefined;
  /** How many times the hook ran (Lambda retries a failed asynchronous invoke). */
  readonly runs: number;
  /** When its verdict came, from the deployment's start. */
  readonly atMs: number | undefined;
  readonly checks: readonly ReportCheck[];
  /** Its logs as CloudWatch Logs would show them, secrets redacted; empty for a run. */
  readonly logs: readonly string[];
}

export interface ReportWarning {
  readonly message: string;
  /** `file:line:column`, where known. */
  readonly where: string | undefined;
}
