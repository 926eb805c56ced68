import { LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { InvalidLambdaCheckOptionsError } from './errors';

/** Give either your own client or its config, never both. */
export type LambdaClientOptions =
  | {
      /** A Lambda client of your own (tracing, custom retry, endpoint). */
      awsSdkV3Client?: LambdaClient;
      clientConfig?: never;
    }
  | {
      awsSdkV3Client?: never;
      /** Config for the client created on first use. */
      clientConfig?: LambdaClientConfig;
    };

export const CLIENT_OPTION_KEYS = ['awsSdkV3Client', 'clientConfig'] as const;

/** Returns a function giving the client, created on first call: no client is built at cold start. */
export function lazyLambdaClient(options: LambdaClientOptions, owner: string): () => LambdaClient {
  if (options.awsSdkV3Client !== undefined && options.clientConfig !== undefined) {
    throw new InvalidLambdaCheckOptionsError(
      `${owner}: give either awsSdkV3Client or clientConfig, not both`,
    );
  }
  if (options.awsSdkV3Client !== undefined && typeof options.awsSdkV3Client?.send !== 'function') {
    throw new InvalidLambdaCheckOptionsError(`${owner}: awsSdkV3Client must be a LambdaClient`);
  }
  if (
    options.clientConfig !== undefined &&
    (typeof options.clientConfig !== 'object' || options.clientConfig === null)
  ) {
    throw new InvalidLambdaCheckOptionsError(`${owner}: clientConfig must be a LambdaClient config object`);
  }
  let client = options.awsSdkV3Client;
  return () => {
    client ??= new LambdaClient(options.clientConfig ?? {});
    return client;
  };
}
