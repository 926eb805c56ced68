import { randomUUID } from 'node:crypto';
import type { Clock } from '@shiftguard/kit';
import { type DeploymentConfigRecord, PREDEFINED_LAMBDA_CONFIGS, type TrafficRoutingConfig } from './configs';
import type { ComputePlatform } from './types';

export type AutoRollbackEvent =
  | 'DEPLOYMENT_FAILURE'
  | 'DEPLOYMENT_STOP_ON_ALARM'
  | 'DEPLOYMENT_STOP_ON_REQUEST';
export const AUTO_ROLLBACK_EVENTS: readonly AutoRollbackEvent[] = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
];

export interface AlarmConfiguration {
  readonly enabled: boolean;
  readonly ignorePollAlarmFailure: boolean;
  readonly alarms: readonly { readonly name: string }[];
}

export interface AutoRollbackConfiguration {
  readonly enabled: boolean;
  readonly events: readonly AutoRollbackEvent[];
}

export interface ApplicationRecord {
  readonly applicationId: string;
  readonly applicationName: string;
  readonly computePlatform: ComputePlatform;
  readonly createTime: number;
}

export interface DeploymentGroupRecord {
  readonly deploymentGroupId: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly deploymentConfigName: string;
  readonly serviceRoleArn: string;
  readonly alarmConfiguration: AlarmConfiguration;
  readonly autoRollbackConfiguration: AutoRollbackConfiguration;
  /** Kept and shown as given; nothing is notified. */
  readonly triggerConfigurations: readonly unknown[];
  readonly computePlatform: ComputePlatform;
  /** The deployment of this group that is not finished yet, if any: only one may be. */
  active: string | undefined;
  lastAttempted: string | undefined;
  lastSuccessful: string | undefined;
}

/** CodeDeploy's applications, deployment groups and deployment configs. */
export class CodeDeployCatalog {
  private readonly applications = new Map<string, ApplicationRecord>();
  private readonly groups = new Map<string, DeploymentGroupRecord>();
  private readonly configs = new Map<string, DeploymentConfigRecord>();

  constructor(private readonly clock: Clock) {
    const createTime = clock.wallTime();
    for (const [deploymentConfigName, trafficRoutingConfig] of Object.entries(PREDEFINED_LAMBDA_CONFIGS)) {
      this.configs.set(deploymentConfigName, {
        deploymentConfigId: randomUUID(),
        deploymentConfigName,
        computePlatform: 'Lambda',
        trafficRoutingConfig,
        createTime,
        predefined: true,
      });
    }
  }

  application(name: string): ApplicationRecord | undefined {
    return this.applications.get(name);
  }

  addApplication(applicationName: string, computePlatform: ComputePlatform): ApplicationRecord {
    const record: ApplicationRecord = {
      applicationId: randomUUID(),
      applicationName,
      computePlatform,
      createTime: this.clock.wallTime(),
    };
    this.applications.set(applicationName, record);
    return record;
  }

  group(applicationName: string, deploymentGroupName: string): DeploymentGroupRecord | undefined {
    return this.groups.get(groupKey(applicationName, deploymentGroupName));
  }

  groupsOf(applicationName: string): DeploymentGroupRecord[] {
    return [...this.groups.values()].filter((group) => group.applicationName === applicationName);
  }

  addGroup(
    group: Omit<DeploymentGroupRecord, 'deploymentGroupId' | 'active' | 'lastAttempted' | 'lastSuccessful'>,
  ): DeploymentGroupRecord {
    const record: DeploymentGroupRecord = {
      ...group,
      deploymentGroupId: randomUUID(),
      active: undefined,
      lastAttempted: undefined,
      lastSuccessful: undefined,
    };
    this.groups.set(groupKey(group.applicationName, group.deploymentGroupName), record);
    return record;
  }

  config(name: string): DeploymentConfigRecord | undefined {
    return this.configs.get(name);
  }

  allConfigs(): DeploymentConfigRecord[] {
    return [...this.configs.values()];
  }

  addConfig(
    deploymentConfigName: string,
    trafficRoutingConfig: TrafficRoutingConfig,
  ): DeploymentConfigRecord {
    const record: DeploymentConfigRecord = {
      deploymentConfigId: randomUUID(),
      deploymentConfigName,
      computePlatform: 'Lambda',
      trafficRoutingConfig,
      createTime: this.clock.wallTime(),
      predefined: false,
    };
    this.configs.set(deploymentConfigName, record);
    return record;
  }
}

function groupKey(applicationName: string, deploymentGroupName: string): string {
  return JSON.stringify([applicationName, deploymentGroupName]);
}
