import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { type ClientOptions, lazyClient, type Validator } from '@shiftguard/kit';

/** Give either your own `CloudWatchClient` or its config, never both. */
export type CloudWatchClientOptions = ClientOptions<CloudWatchClient, CloudWatchClientConfig>;

/**
 * The CloudWatch client of one check, created on its first run. Its own retries are off: each call
 * goes through the kit's `callAws`, which retries throttling within the hook's deadline instead.
 */
export function lazyCloudWatchClient(
  options: CloudWatchClientOptions,
  validator: Validator,
): () => CloudWatchClient {
  return lazyClient(options, (config) => new CloudWatchClient(config), validator, {
    clientName: 'CloudWatchClient',
    defaults: { maxAttempts: 1 },
  });
}
