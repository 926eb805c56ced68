export { type HttpCheckOptions, type HttpTimeouts, httpCheck } from './checks/http-check';
export * from './errors';
export type { HttpExpectation } from './judge/expectation';
export {
  type LoadErrorKind,
  type LoadProbeOptions,
  type LoadThresholds,
  loadProbe,
} from './load/load-probe';
