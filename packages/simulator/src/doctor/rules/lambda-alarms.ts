// The alarms a deployment watches, down to their AWS/Lambda metrics: what the alarm rules read.
import type { SamAlarm, SamMetricDimension, SamModel, TemplateValue } from '../../template/model';
import { isVersionMarker } from '../../template/values';
import { type Deployment, deploymentsOf, propertyPath } from './deployments';

export interface LambdaMetric {
  readonly metricName: string;
  readonly dimensions: readonly SamMetricDimension[];
  /** The path of its `Dimensions` (`…Properties.Dimensions`, `…Metrics[0].MetricStat.Metric.Dimensions`). */
  readonly dimensionsPath: string;
}

export interface WatchedAlarm {
  readonly deployment: Deployment;
  readonly alarm: SamAlarm;
  /** Its AWS/Lambda metrics: the alarm's own, or a math alarm's MetricStats. */
  readonly lambdaMetrics: readonly LambdaMetric[];
}

const LAMBDA_NAMESPACE = 'AWS/Lambda';

/** Every alarm of the template some deployment watches, once per deployment. */
export function watchedAlarms(model: SamModel): WatchedAlarm[] {
  return deploymentsOf(model).flatMap((deployment) =>
    (deployment.preference.alarms ?? []).flatMap((reference) => {
      const alarm = model.alarms.find((candidate) => candidate.logicalId === reference.logicalId);
      return alarm === undefined ? [] : [{ deployment, alarm, lambdaMetrics: lambdaMetricsOf(alarm) }];
    }),
  );
}

function lambdaMetricsOf(alarm: SamAlarm): LambdaMetric[] {
  const properties = propertyPath(alarm.logicalId, 'Metrics');
  if (alarm.kind === 'metric') {
    return alarm.namespace === LAMBDA_NAMESPACE && alarm.metricName !== undefined
      ? [
          {
            metricName: alarm.metricName,
            dimensions: alarm.dimensions ?? [],
            dimensionsPath: propertyPath(alarm.logicalId, 'Dimensions'),
          },
        ]
      : [];
  }
  return (alarm.metrics ?? []).flatMap((query, index) =>
    query.metricStat?.namespace === LAMBDA_NAMESPACE
      ? [
          {
            metricName: query.metricStat.metricName,
            dimensions: query.metricStat.dimensions,
            dimensionsPath: `${properties}[${index}].MetricStat.Metric.Dimensions`,
          },
        ]
      : [],
  );
}

/**
 * The function whose published version a dimension value stands for (`!GetAtt Fn.Version.Version`, or
 * a string holding only that), undefined for anything else.
 */
export function versionOf(value: TemplateValue): string | undefined {
  if (isVersionMarker(value)) return value.versionOf;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const join = (value as { readonly [key: string]: TemplateValue })['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const parts = (join[1] as readonly TemplateValue[]).filter((part) => part !== '');
  return parts.length === 1 ? versionOf(parts[0]!) : undefined;
}
