export {
  type HttpCheckOptions,
  type HttpTimeouts,
  type HttpTlsOptions,
  httpCheck,
} from './checks/http-check';
export { type WaitUntilHealthyOptions, waitUntilHealthy } from './checks/wait-until-healthy';
export * from './errors';
export type { HttpExpectation } from './judge/expectation';
