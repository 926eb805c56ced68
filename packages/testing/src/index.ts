export type { Clock, ClockLike } from '@shiftguard/kit';
export {
  createManualClock,
  type ManualClock,
  type ManualClockOptions,
  type PendingTimer,
} from './clock/manual-clock';
export { createScaledClock, type ScaledClock, type ScaledClockOptions } from './clock/scaled-clock';
export { seededRandom } from './clock/seeded-random';
export type {
  AlarmHistoryItem,
  CompositeAlarmDescription,
  MetricAlarmDescription,
} from './cloudwatch/alarms/types';
export type {
  CloudWatchEmulator,
  GetMetricDataSnapshot,
  GetMetricDataSpec,
  MetricDataQuerySpec,
  MetricDataResultSnapshot,
  MetricDatumSpec,
  PutMetricDataSpec,
} from './cloudwatch/types';
export {
  type LinearEnd,
  PREDEFINED_LAMBDA_CONFIGS,
  type TrafficRoutingConfig,
  type TrafficSchedule,
  type TrafficStep,
  trafficSchedule,
} from './codedeploy/configs';
export type {
  CodeDeployOptions,
  DeploymentAlarmPage,
  DeploymentAlarmSource,
  DeploymentErrorCodes,
  ServiceRolePermissions,
} from './codedeploy/options';
export type {
  CodeDeployEmulator,
  ComputePlatform,
  CreateDeploymentSpec,
  CreatedDeployment,
  DeploymentCreator,
  DeploymentErrorInformation,
  DeploymentRollbackInfo,
  DeploymentSnapshot,
  DeploymentStatus,
  DeploymentTimelineEvent,
  HookExecutionIds,
  HookExecutionSnapshot,
  HookReport,
  LambdaLifecycleEventName,
  LambdaTargetInfo,
  LifecycleEventName,
  LifecycleEventSnapshot,
  LifecycleEventStatus,
  PolledAlarm,
  ReportFilter,
  RevisionType,
} from './codedeploy/types';
export {
  type Emulator,
  type EmulatorClientConfig,
  type StartEmulatorOptions,
  startEmulator,
} from './emulator';
export * from './errors';
export type { Fault, FaultHandle, FaultInjector, FaultKind, InjectOptions } from './faults';
export type { LambdaRuntime } from './lambda/runtimes';
export type { LambdaSeedAlias, LambdaSeedFunction, LambdaSeedVersion } from './lambda/seed';
export type {
  AliasSnapshot,
  CreateAliasOptions,
  CreateFunctionSpec,
  FunctionSnapshot,
  FunctionVersionSnapshot,
  InlineHandlerSource,
  InvocationFilter,
  InvocationStatus,
  InvocationType,
  LambdaActivity,
  LambdaCallback,
  LambdaEmulator,
  LambdaHandlerSource,
  LambdaInvocationContext,
  LambdaInvocationRecord,
  LambdaInvokeOptions,
  ModuleHandlerSource,
  PublishVersionOptions,
  UpdateAliasSpec,
} from './lambda/types';
export { createLambdaContext, type LambdaContext, type LambdaContextOptions } from './lambda-context';
export type {
  MetricDatapoint,
  MetricDimensions,
  MetricFilter,
  MetricIdentity,
  MetricQuery,
  MetricUnit,
} from './metrics/types';
export type { StandardUnit } from './metrics/units';
export { type EmulatorSeed, loadSeedFile } from './seed';
