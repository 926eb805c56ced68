export {
  type ComparedResponses,
  type CompareVersionsCheckOptions,
  compareVersionsCheck,
} from './compare-versions-check';
export * from './errors';
export type { InvokeExpectation } from './expectation';
export { MAX_PAYLOAD_BYTES } from './invoke';
export { type InvokeCheckOptions, invokeCheck } from './invoke-check';
export type { LambdaClientOptions } from './lambda-client';
export type { PayloadSource } from './payloads';
export type { VersionChoice } from './version';
