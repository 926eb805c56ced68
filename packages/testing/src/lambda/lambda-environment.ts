import { devNull } from 'node:os';
import { EMULATOR_CREDENTIALS } from '../credentials';
import type { EnvOverlay } from './env-overlay';
import type { LambdaRuntime } from './runtimes';

export interface EnvironmentParams {
  readonly functionName: string;
  readonly version: string;
  readonly region: string;
  /** In `AWS_EXECUTION_ENV`, which libraries read to tell the runtime (`AWS_Lambda_nodejs24.x`). */
  readonly runtime: LambdaRuntime;
  readonly memoryMb: number;
  readonly logStreamName: string;
  /** `good.handler`. */
  readonly handlerName: string;
  /** The function's own variables (never one of Lambda's reserved names: `createFunction` refuses those). */
  readonly environment: Readonly<Record<string, string>>;
  /** The emulator's endpoint, for `AWS_ENDPOINT_URL`; undefined before it listens. */
  readonly endpoint: string | undefined;
}

/**
 * What an invocation sees in `process.env` over the test process's environment (whose `AWS_*` variables
 * it does not see): defaults that send SDK clients in handler code to the emulator, the function's
 * `environment` over them, and Lambda's reserved variables over everything, as in Lambda. A fresh object
 * per invocation: what a handler writes or deletes stays there.
 */
export function lambdaEnvironment(params: EnvironmentParams): EnvOverlay {
  return {
    // Not reserved in Lambda, so a function's environment may replace them.
    ...(params.endpoint === undefined ? {} : { AWS_ENDPOINT_URL: params.endpoint }),
    // No shared config or credentials file (Lambda has none): a profile's settings, such as
    // `ignore_configured_endpoint_urls`, cannot send handler clients elsewhere.
    AWS_CONFIG_FILE: devNull,
    AWS_SHARED_CREDENTIALS_FILE: devNull,
    ...params.environment,
    // Reserved: the runtime sets these and nothing overrides them.
    AWS_REGION: params.region,
    AWS_DEFAULT_REGION: params.region,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_ACCESS_KEY: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: EMULATOR_CREDENTIALS.sessionToken,
    AWS_EXECUTION_ENV: `AWS_Lambda_${params.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: params.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: params.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(params.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${params.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: params.logStreamName,
    _HANDLER: params.handlerName,
  };
}
