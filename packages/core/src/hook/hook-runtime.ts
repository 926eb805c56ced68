import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { type Clock, lazyClient, toClock, Validator } from '@shiftguard/kit';
import { InvalidOptionsError } from '../errors';
import { createDefaultLogger, type HookLogger, neverThrowing } from '../telemetry/logger';
import { createDefaultMetrics, disabledMetrics, type HookMetrics } from '../telemetry/metrics';
import { HookInvocation, type InvocationRuntime } from './hook-invocation';
import type { LambdaContextLike } from './lambda-context';
import type { HookOptions } from './options';

const clientValidator: Validator = new Validator({
  error: (message, { cause }) =>
    new InvalidOptionsError(message, cause === undefined ? undefined : { cause }),
});

/**
 * What one hook set-up shares across invocations: validated options, the lazily created client,
 * logger and metrics. `createHook`, the middy middleware and `runChecks` all run on it.
 */
export class HookRuntime implements InvocationRuntime {
  readonly clock: Clock;
  readonly logger: HookLogger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly codeDeploy: () => CodeDeployClient;
  private metricsSink: HookMetrics | undefined;

  constructor(readonly options: HookOptions) {
    this.clock = toClock(options.clock);
    this.logger = neverThrowing(options.logger ?? createDefaultLogger());
    this.env = options.env ?? process.env;
    // Retries are shiftguard's (bounded by the deadline), so the default client makes one attempt per call.
    this.codeDeploy = lazyClient(options, (config) => new CodeDeployClient(config), clientValidator, {
      clientName: 'CodeDeployClient',
      defaults: { maxAttempts: 1 },
    });
  }

  metrics(): HookMetrics {
    if (this.options.metrics === false) return disabledMetrics;
    this.metricsSink ??= this.options.metrics ?? createDefaultMetrics();
    return this.metricsSink;
  }

  /** Starts one invocation; never throws. */
  begin(event: unknown, context: LambdaContextLike | undefined): HookInvocation {
    return new HookInvocation(this, event, context);
  }
}
