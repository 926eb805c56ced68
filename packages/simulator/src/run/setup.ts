// Puts a template's deployment into the emulator as CloudFormation and SAM would leave it just before
// CodeDeploy starts: the function with its serving and new versions behind the alias, the hook
// functions, the alarms, the CodeDeploy application and deployment group. Over the wire where AWS
// has an API for it, so the emulator is set up as a user of it would set it up.
import {
  type CloudWatchClient,
  type Dimension,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  type CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentConfigCommand,
  CreateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { type LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { CreateFunctionSpec, Emulator, ModuleHandlerSource } from '@shiftguard/testing';
import { SimulationSetupError } from '../errors';
import type {
  SamAlarm,
  SamFunction,
  SamMetricDimension,
  SamModel,
  TemplateValue,
  TemplateWarning,
} from '../template/model';
import { deployedString, fillVersions } from '../template/values';

/** SAM's deployment group rolls back on every failure it can: `DeploymentPreference` has no switch for it. */
export const SAM_AUTO_ROLLBACK_EVENTS = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
] as const;

export interface Clients {
  readonly codeDeploy: CodeDeployClient;
  readonly cloudWatch: CloudWatchClient;
  readonly lambda: LambdaClient;
}

export interface FunctionSetup {
  readonly fn: SamFunction;
  readonly code: ModuleHandlerSource;
  readonly environment: Readonly<Record<string, string>>;
}

/** Creates the deployed function: version 1 serving through the alias, version 2 the new code. */
export async function createDeployedFunction(
  emulator: Emulator,
  lambda: LambdaClient,
  alias: string,
  from: FunctionSetup,
  to: FunctionSetup,
): Promise<{ currentVersion: string; targetVersion: string }> {
  const { fn } = from;
  emulator.lambda.createFunction({
    functionName: fn.functionName,
    handler: from.code,
    timeoutMs: fn.timeout * 1000,
    memoryMb: fn.memorySize,
    environment: from.environment,
    ...runtimeOf(fn),
  });
  const currentVersion = emulator.lambda.publishVersion(fn.functionName, { description: 'from' });
  emulator.lambda.createAlias(fn.functionName, alias, currentVersion);
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: fn.functionName,
      Environment: { Variables: { ...to.environment } },
    }),
  );
  const targetVersion = emulator.lambda.publishVersion(fn.functionName, {
    handler: to.code,
    description: 'to',
  });
  if (targetVersion === currentVersion) {
    throw new SimulationSetupError(
      `${fn.logicalId}: the old and new versions have the same code and configuration, so Lambda publishes no new version and there is nothing to deploy: change the code (or give --from an older ref), or set a variable on the new version only (--to-env NAME=value)`,
    );
  }
  return { currentVersion, targetVersion };
}

/** Creates a hook function (or any other function of the template) with its code and environment. */
export function createPlainFunction(emulator: Emulator, setup: FunctionSetup): void {
  const { fn } = setup;
  emulator.lambda.createFunction({
    functionName: fn.functionName,
    handler: setup.code,
    timeoutMs: fn.timeout * 1000,
    memoryMb: fn.memorySize,
    environment: setup.environment,
    ...runtimeOf(fn),
  });
}

/** The build refuses runtimes that are not Node.js, so what is left is one the emulator runs. */
function runtimeOf(fn: SamFunction): Pick<CreateFunctionSpec, 'runtime'> {
  return fn.runtime === undefined ? {} : { runtime: fn.runtime as CreateFunctionSpec['runtime'] };
}

/**
 * Creates the template's alarms in the emulator's CloudWatch, each dimension that names the version a
 * deployment publishes filled in with the new version.
 */
export async function createAlarms(
  cloudWatch: CloudWatchClient,
  model: SamModel,
  versions: Readonly<Record<string, string>>,
): Promise<void> {
  const composites: SamAlarm[] = [];
  for (const alarm of model.alarms) {
    if (alarm.kind === 'composite') composites.push(alarm);
    else await cloudWatch.send(new PutMetricAlarmCommand(metricAlarmInput(model, alarm, versions)));
  }
  // Composites last: their rule names alarms that must exist first.
  for (const alarm of composites) {
    await cloudWatch.send(
      new PutCompositeAlarmCommand({
        AlarmName: alarm.alarmName,
        AlarmRule: alarm.alarmRule,
        ...(alarm.actionsEnabled === undefined ? {} : { ActionsEnabled: alarm.actionsEnabled }),
      }),
    );
  }
}

function metricAlarmInput(
  model: SamModel,
  alarm: SamAlarm,
  versions: Readonly<Record<string, string>>,
): PutMetricAlarmCommandInput {
  const dimensions = (list: readonly SamMetricDimension[] | undefined) =>
    list?.map(
      (dimension): Dimension => ({
        Name: dimension.name,
        Value: concrete(model, alarm, `Dimensions.${dimension.name}`, dimension.value, versions),
      }),
    );
  return {
    AlarmName: alarm.alarmName,
    Namespace: alarm.namespace,
    MetricName: alarm.metricName,
    Dimensions: dimensions(alarm.dimensions),
    Statistic: alarm.statistic as PutMetricAlarmCommandInput['Statistic'],
    ExtendedStatistic: alarm.extendedStatistic,
    Period: alarm.period,
    Unit: alarm.unit as PutMetricAlarmCommandInput['Unit'],
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ThresholdMetricId: alarm.thresholdMetricId,
    ComparisonOperator: alarm.comparisonOperator as PutMetricAlarmCommandInput['ComparisonOperator'],
    TreatMissingData: alarm.treatMissingData,
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile,
    ActionsEnabled: alarm.actionsEnabled,
    Metrics: alarm.metrics?.map((query) => ({
      Id: query.id,
      Expression: query.expression,
      Label: query.label,
      ReturnData: query.returnData,
      Period: query.period,
      AccountId: query.accountId,
      MetricStat:
        query.metricStat === undefined
          ? undefined
          : {
              Metric: {
                Namespace: query.metricStat.namespace,
                MetricName: query.metricStat.metricName,
                Dimensions: dimensions(query.metricStat.dimensions),
              },
              Period: query.metricStat.period,
              Stat: query.metricStat.stat,
              Unit: query.metricStat.unit as PutMetricAlarmCommandInput['Unit'],
            },
    })),
  };
}

function concrete(
  model: SamModel,
  alarm: SamAlarm,
  path: string,
  value: TemplateValue,
  versions: Readonly<Record<string, string>>,
): string {
  const deployed = deployedString(fillVersions(value, versions));
  if ('value' in deployed) return deployed.value;
  const location = alarm.locations[`Properties.${path}`] ?? alarm.location;
  const where = `${model.file ?? '<template>'}${location === undefined ? '' : `:${location.line}:${location.column}`}`;
  throw new SimulationSetupError(
    `${where}: Resources.${alarm.logicalId}.Properties.${path}: is ${deployed.unknown ?? 'not a string'}, which is known only once deployed, so the alarm cannot be created`,
  );
}

export interface GroupSetup {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly serviceRoleArn: string;
  readonly deploymentConfigName: string;
  readonly alarmNames: readonly string[] | undefined;
}

/** The CodeDeploy application and deployment group SAM generates for the function's `DeploymentPreference`. */
export async function createDeploymentGroup(
  codeDeploy: CodeDeployClient,
  model: SamModel,
  group: GroupSetup,
): Promise<void> {
  const custom = model.deploymentConfigs.find((config) => config.configName === group.deploymentConfigName);
  await codeDeploy.send(
    new CreateApplicationCommand({ applicationName: group.applicationName, computePlatform: 'Lambda' }),
  );
  if (custom?.trafficRouting !== undefined) {
    const routing = custom.trafficRouting;
    await codeDeploy.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: custom.configName,
        computePlatform: 'Lambda',
        trafficRoutingConfig:
          routing.type === 'AllAtOnce'
            ? { type: 'AllAtOnce' }
            : routing.type === 'TimeBasedCanary'
              ? {
                  type: 'TimeBasedCanary',
                  timeBasedCanary: {
                    canaryPercentage: routing.percentage,
                    canaryInterval: routing.intervalMinutes,
                  },
                }
              : {
                  type: 'TimeBasedLinear',
                  timeBasedLinear: {
                    linearPercentage: routing.percentage,
                    linearInterval: routing.intervalMinutes,
                  },
                },
      }),
    );
  }
  await codeDeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: group.applicationName,
      deploymentGroupName: group.deploymentGroupName,
      serviceRoleArn: group.serviceRoleArn,
      deploymentConfigName: group.deploymentConfigName,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: { enabled: true, events: [...SAM_AUTO_ROLLBACK_EVENTS] },
      ...(group.alarmNames === undefined
        ? {}
        : {
            alarmConfiguration: {
              enabled: group.alarmNames.length > 0,
              alarms: group.alarmNames.map((name) => ({ name })),
            },
          }),
    }),
  );
}

/** The AppSpec CloudFormation hands CodeDeploy for an alias update, as SAM's `UpdatePolicy` makes it. */
export function appSpecContent(options: {
  readonly fn: SamFunction;
  readonly alias: string;
  readonly currentVersion: string;
  readonly targetVersion: string;
  readonly hooks: { readonly BeforeAllowTraffic?: string; readonly AfterAllowTraffic?: string };
}): string {
  return JSON.stringify({
    version: '0.0',
    Resources: [
      {
        [options.fn.logicalId]: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Name: options.fn.functionName,
            Alias: options.alias,
            CurrentVersion: options.currentVersion,
            TargetVersion: options.targetVersion,
          },
        },
      },
    ],
    Hooks: Object.entries(options.hooks)
      .filter(([, name]) => name !== undefined)
      .map(([event, name]) => ({ [event]: name })),
  });
}

export type { TemplateWarning };
