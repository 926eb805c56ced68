export { type HttpCheckOptions, type HttpTimeouts, httpCheck } from './checks/http-check';
export * from './errors';
export type { HttpExpectation } from './judge/expectation';
