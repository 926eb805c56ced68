export {
  type ComparedResponses,
  type CompareVersionsCheckOptions,
  compareVersionsCheck,
} from './checks/compare-versions-check';
export { type InvokeCheckOptions, invokeCheck } from './checks/invoke-check';
export * from './errors';
export type { LambdaClientOptions } from './invoke/client';
export { MAX_PAYLOAD_BYTES } from './invoke/invoke';
export type { PayloadSource } from './invoke/payloads';
export type { VersionChoice } from './invoke/version';
export type { InvokeExpectation } from './judge/expectation';
