// @shiftguard/simulator: the deployment simulator. This entry is its only public door.

export {
  type BuildFunctionOptions,
  type BuiltFunction,
  buildFunction,
  type HandlerModule,
} from './build/build-function';
export {
  type CodeSource,
  type CodeSourceOptions,
  DEFAULT_FROM,
  resolveCodeSource,
  resolveCodeSources,
} from './build/code-source';
export type { DoctorReport, Finding, RuleDescription, Severity } from './doctor/finding';
export type { HookBudget, HookBudgetContext, HookBudgetProvider } from './doctor/hook-budget-type';
export type { ValidateOptions } from './doctor/options';
export { validateSamTemplate } from './doctor/validate';
export * from './errors';
export {
  DEFAULT_TEXT_MEDIA_TYPES,
  type FrontDoor,
  type FrontDoorAddresses,
  type FrontDoorInvoke,
  type FrontDoorInvokeResult,
  type FrontDoorKind,
  type FrontDoorRequest,
  type FrontDoorRequestFilter,
  type FrontDoorTarget,
  type GatewayFailure,
  type StartFrontDoorOptions,
  startFrontDoor,
} from './front-door/front-door';
export { resolveFrontDoorUrls } from './front-door/resolve-urls';
export type {
  PerVersion,
  SimulateDeploymentOptions,
  SimulatedTraffic,
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
export type { RealDurations, TrafficMinute, VersionTraffic } from './run/traffic';
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
  TemplateWarningKind,
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
