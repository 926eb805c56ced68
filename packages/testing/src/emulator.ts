import type { AddressInfo } from 'node:net';
import { type ClockLike, systemClock, type Validator } from '@shiftguard/kit';
import { optionalClock } from './clock/clock-option';
import { optionalRandom } from './clock/random-option';
import { codeDeployService } from './codedeploy/service';
import { CodeDeployState } from './codedeploy/state';
import type { CodeDeployEmulator } from './codedeploy/types';
import { EMULATOR_CREDENTIALS } from './credentials';
import { type FaultInjector, FaultRegistry } from './faults';
import { lambdaEmulator, seedFunctions } from './lambda/emulator-api';
import { lambdaService } from './lambda/service';
import { LambdaState } from './lambda/state';
import type { LambdaEmulator } from './lambda/types';
import { MetricStore } from './metrics/store';
import { type EmulatorSeed, validateSeed } from './seed';
import { EmulatorServer } from './server';
import { inputValidator } from './validate';

export interface StartEmulatorOptions {
  /** Port to listen on; `0` (default) picks a free one — read it back from `endpoint`. */
  readonly port?: number;
  /** Default `127.0.0.1`: the emulator is for loopback use and has no authentication. */
  readonly host?: string;
  /** Deployments and Lambda functions to create before the first request is served. */
  readonly seed?: EmulatorSeed;
  /**
   * Where all of the emulator's time comes from: timestamps (`wallTime()`), Lambda timeouts,
   * `getRemainingTimeInMillis()` and durations (`now()`, `setTimeout`), and `delay` faults. Default: the
   * system clock. Share one {@link createManualClock} with the code under test (a hook's `clock`,
   * {@link createLambdaContext}) and advancing it moves them all together.
   */
  readonly clock?: ClockLike;
  /**
   * Source of randomness in [0, 1) for weighted alias routing. Default: the clock's `random()`
   * (`Math.random` unless the clock was given another); pass a seeded generator to make which version an
   * alias invocation runs deterministic.
   */
  readonly random?: () => number;
  /**
   * How many Lambda invocation records `lambda.invocations()` keeps, the oldest dropped first. Default
   * 10,000; `0` keeps none. A record holds the event, the response and the log: about 2 KB for a small
   * event, up to the payload limits for large ones. Metrics are kept whatever this says: they are what
   * metric gates query.
   */
  readonly invocationHistory?: number;
}

/** Dummy credentials: the emulator ignores signatures, but SDK clients refuse to sign without some. */
export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A running emulator. Always `close()` it (e.g. in `afterEach`). */
export interface Emulator {
  /** e.g. `http://127.0.0.1:54321` */
  readonly endpoint: string;
  /** Always `us-east-1`. */
  readonly region: string;
  /** Ready-made config for any AWS SDK v3 client: `new CodeDeployClient(emulator.clientConfig())`. */
  clientConfig(): EmulatorClientConfig;
  readonly codeDeploy: CodeDeployEmulator;
  readonly lambda: LambdaEmulator;
  /** Faults for any emulated operation, CodeDeploy's or Lambda's (`Invoke`, `GetAlias`, ...). */
  readonly faults: FaultInjector;
  /**
   * Stops the server and destroys every connection (keep-alive ones too); pending delays end at once.
   * Lambda handlers still running are abandoned, queued `Event` invocations dropped, and the console
   * capture is removed once the last emulator closes.
   */
  close(): Promise<void>;
}

const OPTION_KEYS = ['port', 'host', 'seed', 'clock', 'random', 'invocationHistory'] as const;
const REGION = 'us-east-1';

/**
 * Starts a loopback AWS emulator (CodeDeploy and Lambda) that real AWS SDK v3 clients can talk to.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
 * const client = new CodeDeployClient(emulator.clientConfig());
 * await client.send(new PutLifecycleEventHookExecutionStatusCommand({
 *   deploymentId, lifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic, status: 'Succeeded',
 * }));
 * expect(emulator.codeDeploy.reports()).toHaveLength(1);
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const v: Validator = inputValidator('startEmulator options');
  const checked = v.object(options, '', OPTION_KEYS);
  const port = v.integer(checked.port, 'port', { min: 0, max: 65535 }) ?? 0;
  const host = v.string(checked.host, 'host') ?? '127.0.0.1';
  const clock = optionalClock(v, 'clock', checked.clock) ?? systemClock;
  const random = optionalRandom(v, 'random', checked.random) ?? (() => clock.random());
  const invocationHistory = v.integer(checked.invocationHistory, 'invocationHistory', { min: 0 });
  const seed = checked.seed === undefined ? {} : validateSeed(v, 'seed', checked.seed);

  const codeDeploy = new CodeDeployState(clock);
  seed.deployments?.forEach((spec, index) => {
    codeDeploy.create(spec, v, `seed.deployments[${index}]`);
  });
  const lambda = new LambdaState(clock, REGION, random, new MetricStore(), invocationHistory);
  seedFunctions(lambda, seed.functions ?? [], v, 'seed.functions');

  const services = [codeDeployService(codeDeploy, REGION), lambdaService(lambda)];
  const faults = new FaultRegistry(services.flatMap((service) => service.operations));
  const server = new EmulatorServer(services, faults, clock);
  let address: AddressInfo;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    lambda.close();
    throw error;
  }
  const endpoint = `http://${endpointHost(address.address)}:${address.port}`;
  lambda.listening(endpoint);

  return {
    endpoint,
    region: REGION,
    clientConfig: () => ({
      endpoint,
      region: REGION,
      credentials: {
        accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
        secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
      },
    }),
    // A facade, so the state's internal methods stay out of reach of tests.
    codeDeploy: {
      createDeployment: (spec) => codeDeploy.createDeployment(spec),
      reports: (filter) => codeDeploy.reports(filter),
      hookExecutionStatus: (deploymentId, executionId) =>
        codeDeploy.hookExecutionStatus(deploymentId, executionId),
      getDeployment: (deploymentId) => codeDeploy.getDeployment(deploymentId),
      deployments: () => codeDeploy.deployments(),
    },
    lambda: lambdaEmulator(lambda),
    faults: {
      inject: (operation, fault, injectOptions) => faults.inject(operation, fault, injectOptions),
      clear: () => faults.clear(),
      hits: (operation) => faults.hits(operation),
    },
    close: async () => {
      await server.close();
      lambda.close();
    },
  };
}

/** A wildcard bind address is not something a client can connect to; loopback is. */
function endpointHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}
