import type { CheckContext } from '@shiftguard/core';
import type { Validator } from '@shiftguard/kit';
import { MetricTargetError } from '../errors';

/** Which of the deployment's Lambda series a {@link lambdaMetric} reads. */
export type LambdaSeries =
  /** The new version, through the alias: `{FunctionName, Resource: 'fn:alias', ExecutedVersion: target}`. */
  | 'target'
  /** The version serving before the deployment, through the alias (`ExecutedVersion: current`). */
  | 'current'
  /** Both versions together, through the alias: `{FunctionName, Resource: 'fn:alias'}`. */
  | 'alias'
  /** Every version and alias of the function: `{FunctionName}`. */
  | 'function';

/** A CloudWatch metric: a namespace, a name and its exact dimension set, or one worked out per run. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  /** As CloudWatch matches them: exactly these, no more. A function gets the check's context. */
  readonly dimensions?:
    | Readonly<Record<string, string>>
    | ((ctx: CheckContext) => Readonly<Record<string, string>>);
  /** Only samples of this unit; CloudWatch does not convert. */
  readonly unit?: string;
}

/** A metric as GetMetricData takes it. */
export interface ResolvedMetric {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: { Name: string; Value: string }[];
}

/**
 * An `AWS/Lambda` metric of the function under deployment, on the dimensions Lambda publishes for
 * alias invocations: `ExecutedVersion` tells the two versions of a weighted alias apart, which is how
 * the new version is judged on its own share of the traffic.
 *
 * @example
 * ```ts
 * lambdaMetric('Errors');             // the new version's errors through the alias
 * lambdaMetric('Duration', 'current'); // the old version's durations
 * ```
 */
export function lambdaMetric(metricName: string, series: LambdaSeries = 'target'): MetricSpec {
  return {
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: (ctx) => lambdaDimensions(ctx, series),
  };
}

/** The dimension set of one of the deployment's Lambda series. */
export function lambdaDimensions(ctx: CheckContext, series: LambdaSeries): Record<string, string> {
  const functionName = functionNameOf(ctx.target.functionName);
  if (series === 'function') return { FunctionName: functionName };
  const resource = `${functionName}:${ctx.target.alias}`;
  if (series === 'alias') return { FunctionName: functionName, Resource: resource };
  const version = series === 'target' ? ctx.target.targetVersion : ctx.target.currentVersion;
  if (version === undefined) {
    throw new MetricTargetError(
      `no current version to read ${series} metrics of: the deployment has no CurrentVersion (a first deployment)`,
    );
  }
  return { FunctionName: functionName, Resource: resource, ExecutedVersion: version };
}

/** An AppSpec may name the function by ARN; its metrics carry the bare name. */
function functionNameOf(nameOrArn: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return arn ? (arn[1] as string) : nameOrArn;
}

/** Validates a metric given in options, naming its path. */
export function validateMetricSpec(value: unknown, path: string, validator: Validator): MetricSpec {
  const spec = validator.object(value, path, ['namespace', 'metricName', 'dimensions', 'unit'], {
    noun: 'metric key',
  });
  if (validator.string(spec.namespace, `${path}.namespace`) === undefined) {
    validator.fail(`${path}.namespace`, 'is required');
  }
  if (validator.string(spec.metricName, `${path}.metricName`) === undefined) {
    validator.fail(`${path}.metricName`, 'is required');
  }
  if (typeof spec.dimensions !== 'function') {
    const dimensions = validator.stringMap(spec.dimensions, `${path}.dimensions`) ?? {};
    if (Object.keys(dimensions).length > 30)
      validator.fail(`${path}.dimensions`, 'may have at most 30 entries');
  }
  validator.string(spec.unit, `${path}.unit`);
  return spec as unknown as MetricSpec;
}

/** The metric of one run: dimensions worked out from the context where they are a function. */
export function resolveMetric(spec: MetricSpec, ctx: CheckContext): ResolvedMetric {
  const dimensions = typeof spec.dimensions === 'function' ? spec.dimensions(ctx) : (spec.dimensions ?? {});
  return {
    Namespace: spec.namespace,
    MetricName: spec.metricName,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
  };
}

/** `AWS/Lambda Errors {FunctionName=orders, ExecutedVersion=7}`: how a metric is named in reports. */
export function describeMetric(metric: ResolvedMetric): string {
  const dimensions = metric.Dimensions.map(({ Name, Value }) => `${Name}=${Value}`).join(', ');
  return `${metric.Namespace} ${metric.MetricName}${dimensions ? ` {${dimensions}}` : ''}`;
}
