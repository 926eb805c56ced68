import type { Validator } from '../validation/validator';
import { KIT_VERSION } from '../version';

/**
 * Give either your own SDK client or the config of the one shiftguard creates, never both; the type
 * says so, and so does the validation for callers without types.
 */
export type ClientOptions<Client, Config> =
  | {
      /** A client of your own (tracing, custom retry, endpoint). */
      awsSdkV3Client?: Client;
      clientConfig?: never;
    }
  | {
      awsSdkV3Client?: never;
      /** Config of the client created on first use. */
      clientConfig?: Config;
    };

/** The option keys of {@link ClientOptions}, for a factory's list of known keys. */
export const CLIENT_OPTION_KEYS = ['awsSdkV3Client', 'clientConfig'] as const;

/** The user agent shiftguard adds to the clients it creates, so its calls are told apart in CloudTrail. */
export const SHIFTGUARD_USER_AGENT: readonly [string, string] = ['shiftguard', KIT_VERSION];

interface UserAgentConfig {
  customUserAgent?: string | [string, string?][];
}

/** Options of {@link lazyClient}. */
export interface LazyClientRules<Config> {
  /** Named in errors: `awsSdkV3Client must be a LambdaClient`. */
  readonly clientName: string;
  /** Config applied under the user's own (e.g. `maxAttempts: 1` where shiftguard retries itself). */
  readonly defaults?: Partial<Config>;
}

/**
 * Validates the client options at construction and returns a function giving the client, created
 * on first call: no client is built at cold start, and a check that never runs never builds one.
 * A created client carries the `shiftguard/<version>` user agent.
 *
 * @example
 * ```ts
 * const client = lazyClient(options, (config) => new LambdaClient(config), validator, { clientName: 'LambdaClient' });
 * await client().send(new InvokeCommand(input), { abortSignal: ctx.signal });
 * ```
 */
export function lazyClient<Client extends { send: unknown }, Config extends object>(
  options: ClientOptions<Client, Config>,
  create: (config: Config) => Client,
  validator: Validator,
  rules: LazyClientRules<Config>,
): () => Client {
  if (options.awsSdkV3Client !== undefined && options.clientConfig !== undefined) {
    validator.failWith('awsSdkV3Client', 'give either awsSdkV3Client or clientConfig, not both');
  }
  if (options.awsSdkV3Client !== undefined && typeof options.awsSdkV3Client?.send !== 'function') {
    validator.fail('awsSdkV3Client', `must be a ${rules.clientName}`);
  }
  if (
    options.clientConfig !== undefined &&
    (typeof options.clientConfig !== 'object' || options.clientConfig === null)
  ) {
    validator.fail('clientConfig', `must be a ${rules.clientName} config object`);
  }
  let client = options.awsSdkV3Client;
  return () => {
    client ??= create(withUserAgent({ ...rules.defaults, ...options.clientConfig } as Config));
    return client;
  };
}

function withUserAgent<Config extends object>(config: Config): Config {
  const own = (config as UserAgentConfig).customUserAgent;
  const agents: [string, string?][] = typeof own === 'string' ? [[own]] : Array.isArray(own) ? [...own] : [];
  return { ...config, customUserAgent: [...agents, [...SHIFTGUARD_USER_AGENT]] };
}
