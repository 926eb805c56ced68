// CloudWatch alarms, deployment configurations and APIs of the template.
import { isPlainObject, typeName } from '@shiftguard/kit';
import type { PreferenceReading } from './deployment-preference';
import { IMPLICIT_REST_API, resourceLocations } from './functions';
import type {
  SamAlarm,
  SamApi,
  SamDeploymentConfig,
  SamFunction,
  SamMetricDimension,
  SamMetricQuery,
  TemplateValue,
  TrafficRouting,
} from './model';
import { joinPath } from './paths';
import { COMPOSITE_ALARM, type ResourceRecord } from './resources';
import { firstSymbolic } from './values';

type Reading = Omit<PreferenceReading, 'templateConfigs' | 'customConfigs'>;

/** Leaves out the keys whose value is undefined, so a model shows only what the template says. */
function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

export function readAlarm(reading: Reading, record: ResourceRecord): SamAlarm {
  const { ctx, resolver, table } = reading;
  const props = record.properties;
  const at = (key: string) => joinPath(joinPath(record.path, 'Properties'), key);
  const alarmName = table.alarmName(record.logicalId);
  const { partition, region, accountId } = table.stack;
  const common = {
    logicalId: record.logicalId,
    alarmName,
    alarmNameFrom: table.nameFrom(record.logicalId),
    arn: `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmName}`,
    actionsEnabled: resolver.boolean(props.ActionsEnabled, at('ActionsEnabled'), 'ActionsEnabled'),
    condition: record.condition,
    location: ctx.locate(record.path),
    locations: resourceLocations(ctx, record),
  };
  if (record.type === COMPOSITE_ALARM) {
    const alarmRule = resolver.string(props.AlarmRule, at('AlarmRule'), 'AlarmRule');
    if (alarmRule === undefined)
      ctx.fail('shape', joinPath(record.path, 'Properties'), 'a composite alarm must have an AlarmRule');
    return compact({ ...common, resourceType: COMPOSITE_ALARM, kind: 'composite', alarmRule } as SamAlarm &
      Record<string, unknown>);
  }
  const metrics = metricQueries(reading, props.Metrics, at('Metrics'));
  const evaluationPeriods = resolver.number(
    props.EvaluationPeriods,
    at('EvaluationPeriods'),
    'EvaluationPeriods',
  );
  const comparisonOperator = resolver.string(
    props.ComparisonOperator,
    at('ComparisonOperator'),
    'ComparisonOperator',
  );
  for (const [key, value] of [
    ['EvaluationPeriods', evaluationPeriods],
    ['ComparisonOperator', comparisonOperator],
  ] as const) {
    if (value === undefined)
      ctx.fail('shape', joinPath(record.path, 'Properties'), `an AWS::CloudWatch::Alarm must have ${key}`);
  }
  return compact({
    ...common,
    resourceType: 'AWS::CloudWatch::Alarm',
    kind: metrics ? 'math' : 'metric',
    namespace: resolver.string(props.Namespace, at('Namespace'), 'Namespace'),
    metricName: resolver.string(props.MetricName, at('MetricName'), 'MetricName'),
    dimensions: dimensions(reading, props.Dimensions, at('Dimensions')),
    statistic: resolver.string(props.Statistic, at('Statistic'), 'Statistic'),
    extendedStatistic: resolver.string(props.ExtendedStatistic, at('ExtendedStatistic'), 'ExtendedStatistic'),
    period: resolver.number(props.Period, at('Period'), 'Period'),
    unit: resolver.string(props.Unit, at('Unit'), 'Unit'),
    metrics,
    evaluationPeriods,
    datapointsToAlarm: resolver.number(props.DatapointsToAlarm, at('DatapointsToAlarm'), 'DatapointsToAlarm'),
    threshold: resolver.number(props.Threshold, at('Threshold'), 'Threshold'),
    thresholdMetricId: resolver.string(props.ThresholdMetricId, at('ThresholdMetricId'), 'ThresholdMetricId'),
    comparisonOperator,
    treatMissingData: resolver.string(props.TreatMissingData, at('TreatMissingData'), 'TreatMissingData'),
    evaluateLowSampleCountPercentile: resolver.string(
      props.EvaluateLowSampleCountPercentile,
      at('EvaluateLowSampleCountPercentile'),
      'EvaluateLowSampleCountPercentile',
    ),
  } as SamAlarm & Record<string, unknown>);
}

/**
 * `Dimensions`: each value a string, or what holds the version a deployment publishes
 * (`ExecutedVersion: !GetAtt Fn.Version.Version`), which the simulator fills in per deployment.
 */
function dimensions(
  { ctx, resolver }: Reading,
  raw: unknown,
  path: string,
): SamMetricDimension[] | undefined {
  const value = resolver.value(raw, path);
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    return ctx.fail('shape', path, `Dimensions must be a list of { Name, Value }, got ${typeName(value)}`);
  return value.map((dimension, index) => {
    const at = joinPath(path, index);
    if (!isPlainObject(dimension)) return ctx.fail('shape', at, 'a dimension must be { Name, Value }');
    const name = dimension.Name;
    if (typeof name !== 'string' || name === '') {
      if (isPlainObject(name) && firstSymbolic(name))
        resolver.requireConcrete(name, joinPath(at, 'Name'), 'a dimension name');
      return ctx.fail('shape', joinPath(at, 'Name'), 'a dimension must have a Name');
    }
    let dimensionValue = dimension.Value as TemplateValue | undefined;
    if (typeof dimensionValue === 'number' || typeof dimensionValue === 'boolean')
      dimensionValue = String(dimensionValue);
    if (dimensionValue === undefined) return ctx.fail('shape', at, `dimension ${name} must have a Value`);
    resolver.requireConcrete(dimensionValue, joinPath(at, 'Value'), `the value of dimension ${name}`, true);
    if (typeof dimensionValue !== 'string' && !isPlainObject(dimensionValue)) {
      return ctx.fail(
        'shape',
        joinPath(at, 'Value'),
        `the value of dimension ${name} must be a string, got ${typeName(dimensionValue)}`,
      );
    }
    return { name, value: dimensionValue };
  });
}

function metricQueries(reading: Reading, raw: unknown, path: string): SamMetricQuery[] | undefined {
  const { ctx, resolver } = reading;
  const value = resolver.value(raw, path, 'sam');
  if (value === undefined) return undefined;
  if (!Array.isArray(raw))
    return ctx.fail('shape', path, `Metrics must be a list of metric queries, got ${typeName(value)}`);
  return raw.map((query, index) => {
    const at = joinPath(path, index);
    if (!isPlainObject(query)) return ctx.fail('shape', at, 'a metric query must be a mapping with an Id');
    const id = resolver.string(query.Id, joinPath(at, 'Id'), 'the metric query Id');
    if (id === undefined) return ctx.fail('shape', at, 'a metric query must have an Id');
    const statPath = joinPath(at, 'MetricStat');
    const stat = resolver.value(query.MetricStat, statPath);
    let metricStat: SamMetricQuery['metricStat'];
    if (stat !== undefined) {
      if (!isPlainObject(stat) || !isPlainObject((query.MetricStat as Record<string, unknown>).Metric)) {
        return ctx.fail('shape', statPath, 'MetricStat must be { Metric, Period, Stat }');
      }
      const rawStat = query.MetricStat as Record<string, unknown>;
      const metric = rawStat.Metric as Record<string, unknown>;
      const metricPath = joinPath(statPath, 'Metric');
      const namespace = resolver.string(metric.Namespace, joinPath(metricPath, 'Namespace'), 'Namespace');
      const metricName = resolver.string(metric.MetricName, joinPath(metricPath, 'MetricName'), 'MetricName');
      const period = resolver.number(rawStat.Period, joinPath(statPath, 'Period'), 'MetricStat.Period');
      const statistic = resolver.string(rawStat.Stat, joinPath(statPath, 'Stat'), 'MetricStat.Stat');
      if (
        namespace === undefined ||
        metricName === undefined ||
        period === undefined ||
        statistic === undefined
      ) {
        return ctx.fail(
          'shape',
          statPath,
          'MetricStat must have Metric.Namespace, Metric.MetricName, Period and Stat',
        );
      }
      metricStat = compact({
        namespace,
        metricName,
        dimensions: dimensions(reading, metric.Dimensions, joinPath(metricPath, 'Dimensions')) ?? [],
        period,
        stat: statistic,
        unit: resolver.string(rawStat.Unit, joinPath(statPath, 'Unit'), 'MetricStat.Unit'),
      });
    }
    return compact({
      id,
      expression: resolver.string(query.Expression, joinPath(at, 'Expression'), 'Expression'),
      label: resolver.string(query.Label, joinPath(at, 'Label'), 'Label'),
      returnData: resolver.boolean(query.ReturnData, joinPath(at, 'ReturnData'), 'ReturnData'),
      period: resolver.number(query.Period, joinPath(at, 'Period'), 'Period'),
      accountId: resolver.string(query.AccountId, joinPath(at, 'AccountId'), 'AccountId'),
      metricStat,
    });
  });
}

/** An `AWS::CodeDeploy::DeploymentConfig`: its name and, for Lambda, how it routes traffic. */
export function readDeploymentConfig(reading: Reading, record: ResourceRecord): SamDeploymentConfig {
  const { ctx, resolver, table } = reading;
  const props = record.properties;
  const at = (key: string) => joinPath(joinPath(record.path, 'Properties'), key);
  const routingPath = at('TrafficRoutingConfig');
  const routing = resolver.value(props.TrafficRoutingConfig, routingPath);
  let trafficRouting: TrafficRouting | undefined;
  if (routing !== undefined) {
    if (!isPlainObject(routing))
      return ctx.fail('shape', routingPath, 'TrafficRoutingConfig must be a mapping with a Type');
    const type = resolver.string(routing.Type, joinPath(routingPath, 'Type'), 'TrafficRoutingConfig.Type');
    const timed = (key: 'TimeBasedCanary' | 'TimeBasedLinear', percentage: string, interval: string) => {
      const settingsPath = joinPath(routingPath, key);
      const settings = routing[key];
      if (!isPlainObject(settings))
        return ctx.fail(
          'shape',
          settingsPath,
          `a ${key} configuration must have ${key} { ${percentage}, ${interval} }`,
        );
      const value = (name: string) =>
        resolver.number(settings[name], joinPath(settingsPath, name), name) ??
        ctx.fail('shape', settingsPath, `${key} must have ${name}`);
      return { type: key, percentage: value(percentage), intervalMinutes: value(interval) } as const;
    };
    if (type === 'TimeBasedCanary') trafficRouting = timed(type, 'CanaryPercentage', 'CanaryInterval');
    else if (type === 'TimeBasedLinear') trafficRouting = timed(type, 'LinearPercentage', 'LinearInterval');
    else if (type === 'AllAtOnce') trafficRouting = { type };
    else
      ctx.fail(
        'shape',
        joinPath(routingPath, 'Type'),
        'TrafficRoutingConfig.Type must be TimeBasedCanary, TimeBasedLinear or AllAtOnce',
      );
  }
  return {
    logicalId: record.logicalId,
    configName: table.configName(record.logicalId),
    computePlatform: resolver.string(props.ComputePlatform, at('ComputePlatform'), 'ComputePlatform'),
    trafficRouting,
    location: ctx.locate(record.path),
  };
}

/**
 * The APIs events route through: explicit `AWS::Serverless::Api` / `HttpApi` resources, and SAM's
 * implicit `ServerlessRestApi` (stage `Prod`, fixed: `implicit_rest_api_plugin.py`) and
 * `ServerlessHttpApi` (stage `$default`: `http_api_generator.py`) when an event names no API.
 */
export function readApis(reading: Reading, functions: readonly SamFunction[]): SamApi[] {
  const { ctx, resolver, table } = reading;
  const apis = new Map<string, SamApi & { routes: SamApi['routes'][number][] }>();
  for (const record of table.ofType('AWS::Serverless::Api', 'AWS::Serverless::HttpApi')) {
    const type = record.type === 'AWS::Serverless::Api' ? 'Api' : 'HttpApi';
    const stagePath = joinPath(joinPath(record.path, 'Properties'), 'StageName');
    const stageName = resolver.string(record.properties.StageName, stagePath, 'StageName');
    if (type === 'Api' && stageName === undefined) {
      ctx.fail('shape', joinPath(record.path, 'Properties'), 'an AWS::Serverless::Api must have a StageName');
    }
    apis.set(record.logicalId, {
      logicalId: record.logicalId,
      type,
      implicit: false,
      stageName: stageName ?? '$default',
      routes: [],
      location: ctx.locate(record.path),
    });
  }
  for (const fn of functions) {
    for (const event of fn.events) {
      if (!event.route) continue;
      const { apiLogicalId, apiType } = event.route;
      let api = apis.get(apiLogicalId);
      if (!api) {
        api = {
          logicalId: apiLogicalId,
          type: apiType,
          implicit: true,
          stageName: apiLogicalId === IMPLICIT_REST_API ? 'Prod' : '$default',
          routes: [],
          location: undefined,
        };
        apis.set(apiLogicalId, api);
      }
      api.routes.push({
        ...event.route,
        functionLogicalId: fn.logicalId,
        eventName: event.name,
        location: event.location,
      });
    }
  }
  return [...apis.values()].sort((a, b) => Number(a.implicit) - Number(b.implicit));
}
