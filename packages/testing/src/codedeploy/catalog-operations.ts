import type { JsonObject, JsonOperation } from '../aws-json';
import { ServiceError } from '../service-error';
import {
  type AlarmConfiguration,
  AUTO_ROLLBACK_EVENTS,
  type AutoRollbackConfiguration,
  type AutoRollbackEvent,
  type DeploymentGroupRecord,
} from './catalog';
import {
  DEFAULT_LAMBDA_CONFIG,
  type DeploymentConfigRecord,
  MAX_SHIFTING_MINUTES,
  MAX_STEP_PERCENTAGE,
  shiftingMinutes,
  type TrafficRoutingConfig,
} from './configs';
import {
  applicationNameOf,
  booleanField,
  deploymentConfigNameOf,
  deploymentGroupNameOf,
  integerField,
  listField,
  noApplication,
  noDeploymentConfig,
  noDeploymentGroup,
  objectField,
  refuseNextToken,
  stringField,
} from './input';
import { toEpochSeconds } from './lambda-target';
import { type CodeDeployState, deploymentStatus } from './state';
import { COMPUTE_PLATFORMS, type ComputePlatform } from './types';

/** "You can associate up to 10 CloudWatch alarms with a deployment group." */
export const MAX_ALARMS = 10;
const ALARM_NAME_LIMIT = 255;
const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * Applications, deployment groups and deployment configs on the wire. The emulator runs Lambda
 * deployments only: a deployment group needs a Lambda application, a created config a Lambda platform.
 */
export function catalogOperations(state: CodeDeployState): Readonly<Record<string, JsonOperation>> {
  const catalog = state.catalog;
  return {
    CreateApplication(input) {
      const applicationName = applicationNameOf(input);
      const platform = stringField(input, 'computePlatform') ?? 'Server';
      if (!(COMPUTE_PLATFORMS as readonly string[]).includes(platform)) {
        throw new ServiceError(
          'InvalidComputePlatformException',
          `The computePlatform ${platform} is invalid: it must be Server, Lambda or ECS.`,
        );
      }
      if (catalog.application(applicationName) !== undefined) {
        throw new ServiceError(
          'ApplicationAlreadyExistsException',
          `An application with the name ${applicationName} already exists.`,
        );
      }
      return {
        applicationId: catalog.addApplication(applicationName, platform as ComputePlatform).applicationId,
      };
    },

    GetApplication(input) {
      const applicationName = applicationNameOf(input);
      const application = catalog.application(applicationName);
      if (application === undefined) throw noApplication(applicationName);
      return {
        application: {
          applicationId: application.applicationId,
          applicationName,
          createTime: toEpochSeconds(application.createTime),
          linkedToGitHub: false,
          computePlatform: application.computePlatform,
        },
      };
    },

    CreateDeploymentGroup(input) {
      const applicationName = applicationNameOf(input);
      const deploymentGroupName = deploymentGroupNameOf(input);
      const application = catalog.application(applicationName);
      if (application === undefined) throw noApplication(applicationName);
      if (application.computePlatform !== 'Lambda') {
        throw new ServiceError(
          'InvalidInputException',
          `The emulator runs Lambda deployment groups only; application ${applicationName} is for ${application.computePlatform}.`,
        );
      }
      if (catalog.group(applicationName, deploymentGroupName) !== undefined) {
        throw new ServiceError(
          'DeploymentGroupAlreadyExistsException',
          `A deployment group named ${deploymentGroupName} already exists for application ${applicationName}.`,
        );
      }
      const serviceRoleArn = stringField(input, 'serviceRoleArn');
      if (serviceRoleArn === undefined || serviceRoleArn === '') {
        throw new ServiceError('RoleRequiredException', 'The role ID was not specified.');
      }
      if (!ROLE_ARN.test(serviceRoleArn)) {
        throw new ServiceError(
          'InvalidRoleException',
          `The service role ${serviceRoleArn} is not a valid IAM role ARN.`,
        );
      }
      const deploymentConfigName = deploymentConfigNameOf(input, false) ?? DEFAULT_LAMBDA_CONFIG;
      if (catalog.config(deploymentConfigName) === undefined) throw noDeploymentConfig(deploymentConfigName);
      checkDeploymentStyle(objectField(input, 'deploymentStyle'));
      const group = catalog.addGroup({
        applicationName,
        deploymentGroupName,
        deploymentConfigName,
        serviceRoleArn,
        alarmConfiguration: readAlarmConfiguration(objectField(input, 'alarmConfiguration')) ?? NO_ALARMS,
        autoRollbackConfiguration:
          readAutoRollbackConfiguration(objectField(input, 'autoRollbackConfiguration')) ?? NO_ROLLBACK,
        triggerConfigurations: listField(input, 'triggerConfigurations') ?? [],
        computePlatform: 'Lambda',
      });
      return { deploymentGroupId: group.deploymentGroupId };
    },

    GetDeploymentGroup(input) {
      const applicationName = applicationNameOf(input);
      const deploymentGroupName = deploymentGroupNameOf(input);
      if (catalog.application(applicationName) === undefined) throw noApplication(applicationName);
      const group = catalog.group(applicationName, deploymentGroupName);
      if (group === undefined) throw noDeploymentGroup(deploymentGroupName);
      return { deploymentGroupInfo: deploymentGroupInfo(state, group) };
    },

    ListDeploymentGroups(input) {
      const applicationName = applicationNameOf(input);
      if (catalog.application(applicationName) === undefined) throw noApplication(applicationName);
      refuseNextToken(input);
      return {
        applicationName,
        deploymentGroups: catalog.groupsOf(applicationName).map((group) => group.deploymentGroupName),
      };
    },

    GetDeploymentConfig(input) {
      const name = deploymentConfigNameOf(input, true) as string;
      const config = catalog.config(name);
      if (config === undefined) throw noDeploymentConfig(name);
      return { deploymentConfigInfo: deploymentConfigInfo(config) };
    },

    ListDeploymentConfigs(input) {
      refuseNextToken(input);
      return { deploymentConfigsList: catalog.allConfigs().map((config) => config.deploymentConfigName) };
    },

    CreateDeploymentConfig(input) {
      const name = deploymentConfigNameOf(input, true) as string;
      if (name.startsWith('CodeDeployDefault.')) {
        throw new ServiceError(
          'InvalidDeploymentConfigNameException',
          `The deployment configuration name ${name} is reserved: names starting with CodeDeployDefault. are AWS's.`,
        );
      }
      if (catalog.config(name) !== undefined) {
        throw new ServiceError(
          'DeploymentConfigAlreadyExistsException',
          `A deployment configuration with the name ${name} already exists.`,
        );
      }
      const platform = stringField(input, 'computePlatform') ?? 'Server';
      if (platform !== 'Lambda') {
        throw new ServiceError(
          'InvalidComputePlatformException',
          `The emulator holds Lambda deployment configurations only (computePlatform ${platform}).`,
        );
      }
      if (objectField(input, 'minimumHealthyHosts') !== undefined) {
        throw new ServiceError(
          'InvalidMinimumHealthyHostValueException',
          'minimumHealthyHosts does not apply to the Lambda compute platform.',
        );
      }
      const routing = readTrafficRoutingConfig(objectField(input, 'trafficRoutingConfig'));
      return { deploymentConfigId: catalog.addConfig(name, routing).deploymentConfigId };
    },
  };
}

export const NO_ALARMS: AlarmConfiguration = Object.freeze({
  enabled: false,
  ignorePollAlarmFailure: false,
  alarms: Object.freeze([]),
});
export const NO_ROLLBACK: AutoRollbackConfiguration = Object.freeze({
  enabled: false,
  events: Object.freeze([]),
});

function checkDeploymentStyle(style: JsonObject | undefined): void {
  if (style === undefined) return;
  const type = stringField(style, 'deploymentType') ?? 'BLUE_GREEN';
  const option = stringField(style, 'deploymentOption') ?? 'WITH_TRAFFIC_CONTROL';
  if (type !== 'BLUE_GREEN' || option !== 'WITH_TRAFFIC_CONTROL') {
    throw new ServiceError(
      'InvalidDeploymentStyleException',
      `A Lambda deployment group's deployment style must be BLUE_GREEN with WITH_TRAFFIC_CONTROL (got ${type}, ${option}).`,
    );
  }
}

/** AlarmConfiguration as CreateDeploymentGroup and CreateDeployment's override take it. */
export function readAlarmConfiguration(input: JsonObject | undefined): AlarmConfiguration | undefined {
  if (input === undefined) return undefined;
  const invalid = (why: string) =>
    new ServiceError('InvalidAlarmConfigException', `The alarm configuration is invalid: ${why}.`);
  const enabled = booleanField(input, 'enabled') ?? false;
  const ignorePollAlarmFailure = booleanField(input, 'ignorePollAlarmFailure') ?? false;
  const alarms = (listField(input, 'alarms') ?? []).map((alarm) => {
    const name = alarm !== null && typeof alarm === 'object' ? (alarm as JsonObject).name : undefined;
    if (typeof name !== 'string' || name === '' || name.length > ALARM_NAME_LIMIT) {
      throw invalid(`every alarm needs a name of 1 to ${ALARM_NAME_LIMIT} characters`);
    }
    return Object.freeze({ name });
  });
  if (alarms.length > MAX_ALARMS) {
    throw new ServiceError(
      'AlarmsLimitExceededException',
      `The maximum number of alarms for a deployment group (${MAX_ALARMS}) was exceeded.`,
    );
  }
  const names = alarms.map((alarm) => alarm.name);
  if (new Set(names).size !== names.length) throw invalid('two alarms have the same name');
  if (enabled && alarms.length === 0) throw invalid('it is enabled, but lists no alarm');
  return Object.freeze({ enabled, ignorePollAlarmFailure, alarms: Object.freeze(alarms) });
}

/** AutoRollbackConfiguration as CreateDeploymentGroup and CreateDeployment take it. */
export function readAutoRollbackConfiguration(
  input: JsonObject | undefined,
): AutoRollbackConfiguration | undefined {
  if (input === undefined) return undefined;
  const invalid = () =>
    new ServiceError(
      'InvalidAutoRollbackConfigException',
      'The automatic rollback configuration was specified in an invalid format. For example, automatic rollback is enabled, but an invalid triggering event type or no event types were listed.',
    );
  const enabled = booleanField(input, 'enabled') ?? false;
  const events = listField(input, 'events') ?? [];
  if (events.some((event) => !(AUTO_ROLLBACK_EVENTS as readonly unknown[]).includes(event))) throw invalid();
  if (enabled && events.length === 0) throw invalid();
  return Object.freeze({
    enabled,
    events: Object.freeze([...new Set(events as AutoRollbackEvent[])]),
  });
}

function readTrafficRoutingConfig(input: JsonObject | undefined): TrafficRoutingConfig {
  const invalid = (why: string) =>
    new ServiceError(
      'InvalidTrafficRoutingConfigurationException',
      `The traffic routing configuration is invalid: ${why}.`,
    );
  if (input === undefined) throw invalid('a Lambda deployment configuration needs one');
  const type = stringField(input, 'type');
  let config: TrafficRoutingConfig;
  if (type === 'AllAtOnce') {
    config = { type };
  } else if (type === 'TimeBasedCanary' || type === 'TimeBasedLinear') {
    const canary = type === 'TimeBasedCanary';
    const member = objectField(input, canary ? 'timeBasedCanary' : 'timeBasedLinear');
    if (member === undefined)
      throw invalid(`${type} needs ${canary ? 'timeBasedCanary' : 'timeBasedLinear'}`);
    const percentage = integerField(member, canary ? 'canaryPercentage' : 'linearPercentage');
    const interval = integerField(member, canary ? 'canaryInterval' : 'linearInterval');
    if (percentage === undefined || percentage < 1 || percentage > MAX_STEP_PERCENTAGE) {
      throw invalid(`the percentage must be from 1 to ${MAX_STEP_PERCENTAGE}`);
    }
    if (interval === undefined || interval < 1) throw invalid('the interval must be at least 1 minute');
    config = canary
      ? { type, timeBasedCanary: { canaryPercentage: percentage, canaryInterval: interval } }
      : { type, timeBasedLinear: { linearPercentage: percentage, linearInterval: interval } };
  } else {
    throw invalid(`type must be AllAtOnce, TimeBasedCanary or TimeBasedLinear, got ${String(type)}`);
  }
  if (shiftingMinutes(config) > MAX_SHIFTING_MINUTES) {
    throw invalid(
      `traffic may shift for at most ${MAX_SHIFTING_MINUTES} minutes between the first and the last shift`,
    );
  }
  return config;
}

export function deploymentConfigInfo(config: DeploymentConfigRecord): Record<string, unknown> {
  return {
    deploymentConfigId: config.deploymentConfigId,
    deploymentConfigName: config.deploymentConfigName,
    createTime: toEpochSeconds(config.createTime),
    computePlatform: config.computePlatform,
    trafficRoutingConfig: config.trafficRoutingConfig,
  };
}

function deploymentGroupInfo(state: CodeDeployState, group: DeploymentGroupRecord): Record<string, unknown> {
  const reference = (deploymentId: string | undefined) => {
    const record = deploymentId === undefined ? undefined : state.find(deploymentId);
    if (record === undefined) return undefined;
    return {
      deploymentId: record.deploymentId,
      status: deploymentStatus(record),
      createTime: toEpochSeconds(record.createTime),
      ...(record.run?.completeTime === undefined ? {} : { endTime: toEpochSeconds(record.run.completeTime) }),
    };
  };
  const lastAttemptedDeployment = reference(group.lastAttempted);
  const lastSuccessfulDeployment = reference(group.lastSuccessful);
  return {
    applicationName: group.applicationName,
    deploymentGroupId: group.deploymentGroupId,
    deploymentGroupName: group.deploymentGroupName,
    deploymentConfigName: group.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: group.serviceRoleArn,
    triggerConfigurations: group.triggerConfigurations,
    alarmConfiguration: group.alarmConfiguration,
    autoRollbackConfiguration: group.autoRollbackConfiguration,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    ...(lastAttemptedDeployment === undefined ? {} : { lastAttemptedDeployment }),
    ...(lastSuccessfulDeployment === undefined ? {} : { lastSuccessfulDeployment }),
    computePlatform: group.computePlatform,
  };
}
