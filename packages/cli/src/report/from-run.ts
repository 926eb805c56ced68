import type { CheckResult, RunChecksResult } from '@shiftguard/core';
import { redactText } from '@shiftguard/kit';
import { checkLine } from '../narrative/event-lines';
import { PLAIN } from '../narrative/style';
import { reportCheck } from './checks';
import {
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
  type ReportDeployment,
  type ShiftguardReport,
  type TimelineEntry,
  type Tone,
} from './model';

/** A check's result, and when it came: milliseconds from the run's start. */
export interface FinishedCheck {
  readonly atMs: number;
  readonly result: CheckResult;
}

/** What CodeDeploy says of the deployment a run judged; only the id when it could not be asked. */
export interface JudgedDeployment {
  readonly deploymentId: string;
  readonly status: string | undefined;
  readonly configName: string | undefined;
  /** Epoch ms. */
  readonly createdAt: number | undefined;
  /** Epoch ms; undefined while it runs. */
  readonly completedAt: number | undefined;
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

/** What {@link runReport} needs beyond the run's result. */
export interface RunReportContext {
  /** The checks module as the command line named it. */
  readonly module: string;
  /** The lifecycle event the run stood for, for a run that failed before the verdict knew it. */
  readonly lifecycleEvent: string | undefined;
  /** Each check as it finished, in that order. */
  readonly finished: readonly FinishedCheck[];
  /** Epoch ms the run started at. */
  readonly startedAt: number;
  /** The deployment judged (`--deployment-id`); undefined for a run on a function. */
  readonly deployment: JudgedDeployment | undefined;
  /** Epoch ms the report is written at. Default `Date.now()`. */
  readonly now?: number;
}

/**
 * The report of a `shiftguard run`: the verdict of its checks as one hook entry, and each check on
 * the timeline when it finished. A run shifts no traffic and watches no alarm: those parts are empty.
 *
 * @example
 * ```ts
 * const report = runReport(await runChecks(options), { module: 'checks.ts', lifecycleEvent, finished, startedAt, deployment: undefined });
 * ```
 */
export function runReport(result: RunChecksResult, context: RunReportContext): ShiftguardReport {
  const { verdict } = result;
  const now = context.now ?? Date.now();
  const passed = verdict.status === 'Succeeded';
  const lifecycleEvent = verdict.lifecycleEvent ?? context.lifecycleEvent;
  const target = verdict.target;
  const judged = target
    ? `${target.functionName}:${target.alias} version ${target.targetVersion}`
    : context.deployment
      ? `deployment ${context.deployment.deploymentId}`
      : context.module;
  const checks = lifecycleEvent ? `${lifecycleEvent} checks` : 'checks';
  const reason = redactText(verdict.reason);
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'run',
    title: `${judged} (${checks})`,
    generatedAt: new Date(now).toISOString(),
    outcome: {
      passed,
      label: passed ? 'Checks passed' : 'Checks failed',
      summary: `${judged} ${passed ? 'passed' : 'failed'} its ${checks}: ${reason}.`,
      cause: passed ? undefined : reason,
    },
    target: {
      functionName: target?.functionName,
      logicalId: undefined,
      alias: target?.alias,
      currentVersion: target?.currentVersion,
      targetVersion: target?.targetVersion,
    },
    deployment: context.deployment && deploymentOf(context.deployment, context.startedAt, now),
    timeline: context.finished.map((finished) => entryOf(finished, lifecycleEvent)),
    weights: [],
    traffic: undefined,
    alarms: [],
    hooks: [
      {
        lifecycleEvent: lifecycleEvent ?? 'unknown',
        functionName: `shiftguard run ${context.module}`,
        status: verdict.status,
        reason,
        durationMs: verdict.durationMs,
        runs: 1,
        atMs: verdict.durationMs,
        checks: verdict.checks.map(reportCheck),
        logs: [],
      },
    ],
    warnings: [],
  };
}

/** A deployment CodeDeploy could not describe is timed from the run's start, the earliest instant known. */
function deploymentOf(deployment: JudgedDeployment, runStartedAt: number, now: number): ReportDeployment {
  const startedAt = deployment.createdAt ?? runStartedAt;
  return {
    deploymentId: deployment.deploymentId,
    configName: deployment.configName,
    status: deployment.status ?? 'unknown',
    error: deployment.error,
    // A run does not follow the deployment to its end: a rollback is not its to tell.
    rollback: undefined,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: (deployment.completedAt ?? now) - startedAt,
    realDurationMs: undefined,
    seed: undefined,
    finalAlias: undefined,
  };
}

function entryOf({ atMs, result }: FinishedCheck, lifecycleEvent: string | undefined): TimelineEntry {
  const check = reportCheck(result);
  return {
    atMs: Math.round(atMs),
    phase: lifecycleEvent ?? 'checks',
    text: checkLine({ ...check, dryRun: result.dryRun }, PLAIN),
    tone: toneOf(check.status, check.required),
    details: [],
  };
}

function toneOf(status: string, required: boolean): Tone {
  if (status === 'pass') return 'good';
  if (status === 'skipped') return 'info';
  return required ? 'bad' : 'warn';
}
