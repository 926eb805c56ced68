// The predefined Lambda deployment configurations and the short names SAM takes for them.
import type { TrafficRouting } from './model';

/**
 * The nine predefined configurations by SAM's short name (`CODEDEPLOY_PREDEFINED_CONFIGURATIONS_LIST`,
 * aws/serverless-application-model `samtranslator/model/preferences/deployment_preference_collection.py`),
 * with their traffic routing (CodeDeploy user guide, "Deployment configurations on an AWS Lambda compute
 * platform"). SAM turns a short name into `CodeDeployDefault.Lambda<Name>`; any other string passes
 * through unchanged.
 */
export const PREDEFINED_DEPLOYMENT_TYPES: Readonly<Record<string, TrafficRouting>> = {
  Canary10Percent5Minutes: { type: 'TimeBasedCanary', percentage: 10, intervalMinutes: 5 },
  Canary10Percent10Minutes: { type: 'TimeBasedCanary', percentage: 10, intervalMinutes: 10 },
  Canary10Percent15Minutes: { type: 'TimeBasedCanary', percentage: 10, intervalMinutes: 15 },
  Canary10Percent30Minutes: { type: 'TimeBasedCanary', percentage: 10, intervalMinutes: 30 },
  Linear10PercentEvery1Minute: { type: 'TimeBasedLinear', percentage: 10, intervalMinutes: 1 },
  Linear10PercentEvery2Minutes: { type: 'TimeBasedLinear', percentage: 10, intervalMinutes: 2 },
  Linear10PercentEvery3Minutes: { type: 'TimeBasedLinear', percentage: 10, intervalMinutes: 3 },
  Linear10PercentEvery10Minutes: { type: 'TimeBasedLinear', percentage: 10, intervalMinutes: 10 },
  AllAtOnce: { type: 'AllAtOnce' },
};

const PREFIX = 'CodeDeployDefault.Lambda';

/** The configuration name CodeDeploy gets for a `DeploymentPreference.Type`, as SAM writes it. */
export function deploymentConfigName(type: string): string {
  return Object.hasOwn(PREDEFINED_DEPLOYMENT_TYPES, type) ? `${PREFIX}${type}` : type;
}

/** The traffic routing of a predefined configuration, by short or full name; undefined for any other name. */
export function predefinedTrafficRouting(name: string): TrafficRouting | undefined {
  const short = name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name;
  return Object.hasOwn(PREDEFINED_DEPLOYMENT_TYPES, short) ? PREDEFINED_DEPLOYMENT_TYPES[short] : undefined;
}

/** A known name that differs only in case, for "did you mean". */
export function similarDeploymentType(name: string): string | undefined {
  const short = name.replace(/^CodeDeployDefault\.Lambda/i, '').toLowerCase();
  return Object.keys(PREDEFINED_DEPLOYMENT_TYPES).find((known) => known.toLowerCase() === short);
}
