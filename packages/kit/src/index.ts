// @shiftguard/kit: what every check family and every custom check is built from. Nothing here loads
// an AWS SDK client, ajv or Powertools at import time (see docs/architecture.md, "Cold start").

export { type AwsCallOptions, callAws, isTransientAwsError } from './aws/call';
export {
  CLIENT_OPTION_KEYS,
  type ClientOptions,
  type LazyClientRules,
  lazyClient,
  SHIFTGUARD_USER_AGENT,
} from './aws/client';
export { onAbort, raceAbort } from './concurrency/abort';
export { type PoolOptions, runPool } from './concurrency/pool';
export { BrandedError } from './errors/branded-error';
export * from './errors/errors';
export type { CompiledSchema } from './expect/compiled-schema';
export { compileSchemaExpectation, type SchemaExpectation } from './expect/json-schema';
export { assertJsonExpectation, type JsonInput } from './expect/json-value';
export { compileLatencyBudget, judgeLatency, type LatencyBudget } from './expect/latency';
export { compilePartialMatcher, type PartialExpectation } from './expect/partial-match';
export { judgePredicate, type Predicate, type PredicateResult } from './expect/predicate';
export { compileStatusExpectation, type StatusClass, type StatusExpectation } from './expect/status';
export { LatencyHistogram, type LatencyHistogramOptions, type LatencySummary } from './stats/histogram';
export { describeThrown, truncate } from './text/describe-thrown';
export { sha256Hex } from './text/hash';
export { logTailExcerpt, preview, previewValue } from './text/preview';
export { isSecretKey, REDACTED, redact, redactText } from './text/redact';
export { type AmbientClockProvider, defaultClock, installAmbientClock } from './time/ambient-clock';
export { type Clock, type ClockLike, sleep, systemClock } from './time/clock';
export { toClock } from './time/to-clock';
export { isPlainObject, showValue, typeName } from './validation/describe';
export {
  type ObjectRules,
  type ValidationErrorFactory,
  Validator,
  type ValidatorSettings,
} from './validation/validator';
export { KIT_VERSION } from './version';
