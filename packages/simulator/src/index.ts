// @shiftguard/simulator: the deployment simulator. This entry is its only public door.

export * from './errors';
export {
  deploymentConfigName,
  PREDEFINED_DEPLOYMENT_TYPES,
  predefinedTrafficRouting,
} from './template/deployment-types';
export { GLOBAL_PROPERTIES, type GlobalArchitectures } from './template/globals';
export type {
  AlarmReference,
  DeploymentType,
  HookTarget,
  ParameterValue,
  SamAlarm,
  SamApi,
  SamApiRoute,
  SamBuild,
  SamCode,
  SamDeploymentConfig,
  SamDeploymentPreference,
  SamEvent,
  SamFunction,
  SamFunctionUrl,
  SamMetricDimension,
  SamMetricQuery,
  SamModel,
  SamParameter,
  SamStack,
  SourceLocation,
  TemplateValue,
  TemplateWarning,
  TrafficRouting,
  VersionMarker,
} from './template/model';
export type { OverrideValue } from './template/parameters';
export { SHORT_FORM_TAGS, type YamlVersion } from './template/parse';
export {
  type ReadSamTemplateOptions,
  readSamTemplate,
  SAM_TRANSFORM,
  type SamTemplateSource,
} from './template/read-sam-template';
export { defaultPhysicalName, type PhysicalName } from './template/resources';
export { fillVersions, isVersionMarker } from './template/values';
export type {
  PerVersion,
  SimulatedTraffic,
  SimulateDeploymentOptions,
} from './run/options';
export type {
  HookVerdict,
  SimulatedAlarm,
  SimulatedHook,
  SimulationEvent,
  SimulationOutcome,
  SimulationResult,
} from './run/result';
export { simulateDeployment } from './run/simulate-deployment';
export type { TrafficMinute, VersionTraffic } from './run/traffic';
