export * from './errors';
export { type HttpStepOptions, httpStep } from './http-step';
export { type InvokeStepOptions, invokeStep } from './invoke-step';
export {
  type JourneyOptions,
  journey,
  type Step,
  type StepContext,
  type StepReport,
  type StepStatus,
} from './journey';
export { jsonPointer, parseJsonPointer } from './json-pointer';
export { STEP_METRIC_NAMES } from './step-metrics';
