import type { CheckContext } from '@shiftguard/core';
import { describeThrown } from '@shiftguard/kit';
import type { StepReport } from './journey';

/** Names of the EMF metrics a journey publishes per step, beside the hook's per-check ones. */
export const STEP_METRIC_NAMES = {
  stepDuration: 'StepDuration',
  stepPassed: 'StepPassed',
  stepFailed: 'StepFailed',
} as const;

/**
 * Publishes one step's duration and outcome, with the dimensions `LifecycleEvent`, `Check` (the
 * journey) and `Step`, as the hook publishes its checks'. A step that did not run publishes
 * nothing. Metrics are telemetry: a sink that throws is logged, never the journey's failure.
 */
export function publishStepMetrics(ctx: CheckContext, journey: string, report: StepReport): void {
  if (report.status === 'not-run' || ctx.metrics === undefined) return;
  try {
    const duration = ctx.metrics.singleMetric();
    duration.addDimension('LifecycleEvent', ctx.lifecycleEvent);
    duration.addDimension('Check', journey);
    duration.addDimension('Step', report.name);
    duration.addMetric(STEP_METRIC_NAMES.stepDuration, 'Milliseconds', report.durationMs);
    const outcome = ctx.metrics.singleMetric();
    outcome.addDimension('LifecycleEvent', ctx.lifecycleEvent);
    outcome.addDimension('Check', journey);
    outcome.addDimension('Step', report.name);
    outcome.addMetric(
      report.status === 'pass' ? STEP_METRIC_NAMES.stepPassed : STEP_METRIC_NAMES.stepFailed,
      'Count',
      1,
    );
  } catch (error) {
    ctx.logger.warn('shiftguard could not publish step metrics', {
      check: journey,
      step: report.name,
      error: describeThrown(error),
    });
  }
}
