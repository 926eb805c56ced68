import { type HookMetrics, METRIC_NAMES } from '../telemetry/metrics';
import type { VerdictReport } from './verdict';

/** Publishes a verdict as EMF metrics: duration and outcome per check, outcome and duration per run. */
export function publishVerdictMetrics(metrics: HookMetrics, verdict: VerdictReport): void {
  const lifecycleEvent = verdict.lifecycleEvent ?? 'Unknown';
  for (const result of verdict.checks) {
    if (result.status === 'skipped') continue;
    const perCheck = metrics.singleMetric();
    perCheck.addDimension('LifecycleEvent', lifecycleEvent);
    perCheck.addDimension('Check', result.name);
    perCheck.addMetric(METRIC_NAMES.checkDuration, 'Milliseconds', result.durationMs);
    const outcome = metrics.singleMetric();
    outcome.addDimension('LifecycleEvent', lifecycleEvent);
    outcome.addDimension('Check', result.name);
    outcome.addMetric(
      result.status === 'pass' ? METRIC_NAMES.checkPassed : METRIC_NAMES.checkFailed,
      'Count',
      1,
    );
  }
  const hook = metrics.singleMetric();
  hook.addDimension('LifecycleEvent', lifecycleEvent);
  hook.addMetric(
    verdict.status === 'Succeeded' ? METRIC_NAMES.hookSucceeded : METRIC_NAMES.hookFailed,
    'Count',
    1,
  );
  const duration = metrics.singleMetric();
  duration.addDimension('LifecycleEvent', lifecycleEvent);
  duration.addMetric(METRIC_NAMES.hookDuration, 'Milliseconds', verdict.durationMs);
}
