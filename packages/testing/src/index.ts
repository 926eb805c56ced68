export type { Clock } from './clock';
export type {
  CodeDeployEmulator,
  ComputePlatform,
  CreateDeploymentSpec,
  CreatedDeployment,
  DeploymentSnapshot,
  DeploymentStatus,
  HookExecutionIds,
  HookExecutionSnapshot,
  HookReport,
  LambdaTargetInfo,
  LifecycleEventName,
  LifecycleEventStatus,
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
export { createLambdaContext, type LambdaContext, type LambdaContextOptions } from './lambda-context';
export { type EmulatorSeed, loadSeedFile } from './seed';
