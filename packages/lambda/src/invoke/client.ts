import { LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { type ClientOptions, lazyClient, type Validator } from '@shiftguard/kit';

/** Give either your own `LambdaClient` or its config, never both. */
export type LambdaClientOptions = ClientOptions<LambdaClient, LambdaClientConfig>;

/** The Lambda client of one check, created on its first run: no client is built at cold start. */
export function lazyLambdaClient(options: LambdaClientOptions, validator: Validator): () => LambdaClient {
  return lazyClient(options, (config) => new LambdaClient(config), validator, { clientName: 'LambdaClient' });
}
