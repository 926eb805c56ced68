export {
  HTTP_CHECK_OPTION_KEYS,
  type HttpCheckOptions,
  type HttpTimeouts,
  type HttpTlsOptions,
  httpCheck,
  type JsonBody,
} from './checks/http-check';
export { type WaitUntilHealthyOptions, waitUntilHealthy } from './checks/wait-until-healthy';
export * from './errors';
export type { HttpExpectation } from './judge/expectation';
export type { LoadErrorKind } from './load/load-errors';
export {
  type LoadProbeOptions,
  type LoadThresholds,
  loadProbe,
} from './load/load-probe';
