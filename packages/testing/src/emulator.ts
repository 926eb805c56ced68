import type { AddressInfo } from 'node:net';
import { type ClockLike, systemClock, type Validator } from '@shiftguard/kit';
import { optionalClock } from './clock/clock-option';
import { optionalRandom } from './clock/random-option';
import { seededRandom } from './clock/seeded-random';
import { alarmRegistry } from './cloudwatch/alarm-operations';
import { cloudWatchEmulator } from './cloudwatch/emulator-api';
import { cloudWatchService } from './cloudwatch/service';
import { CloudWatchState } from './cloudwatch/state';
import type { CloudWatchEmulator } from './cloudwatch/types';
import { DeploymentEngine } from './codedeploy/engine';
import { cryptoIds, seededIds } from './codedeploy/ids';
import { type CodeDeployOptions, resolveCodeDeployOptions } from './codedeploy/options';
import { codeDeployService } from './codedeploy/service';
import { CodeDeployState } from './codedeploy/state';
import type { CodeDeployEmulator } from './codedeploy/types';
import { EMULATOR_CREDENTIALS } from './credentials';
import { type FaultInjector, FaultRegistry } from './faults';
import { codeDeployLambda } from './lambda/codedeploy-port';
import { lambdaEmulator, seedFunctions } from './lambda/emulator-api';
import { lambdaService } from './lambda/service';
import { DEFAULT_ASYNC_RETRY_DELAYS_MS, LambdaState } from './lambda/state';
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
   * Which clock shiftguard code inside an emulated Lambda invocation uses when it was given none: a hook
   * built with `createHook` and no `clock` (its deadline, report retries, `ctx.clock`), a check's sleeps,
   * anything on the kit's `toClock(undefined)`.
   *
   * - `'system'` (default): the system clock, as in Lambda. On a manual or scaled `clock` such a hook's
   *   deadline then runs on real time while its Lambda context (`getRemainingTimeInMillis()`) and timeout
   *   run on `clock`.
   * - `'emulator'`: this emulator's `clock`, for the invocation and for all the work it starts, so advancing
   *   a manual clock moves the hook's own timers with its Lambda timeout. This is how a deployment
   *   simulator runs a user's hooks in-process on its virtual clock.
   *
   * It works through the kit's ambient clock (see `defaultClock`), which every copy of the kit in the
   * process consults, a bundled handler's own copy too. Code that reads time itself (`Date.now()`, Node's
   * timers, an AWS SDK's retries) stays on real time either way.
   */
  readonly codeClock?: 'system' | 'emulator';
  /**
   * Source of randomness in [0, 1) for weighted alias routing. Default: the clock's `random()`
   * (`Math.random` unless the clock was given another); pass a seeded generator to make which version an
   * alias invocation runs deterministic.
   */
  readonly random?: () => number;
  /**
   * Makes the ids CodeDeploy hands out (deployment ids, hook execution ids) a repeatable sequence, from
   * 0 to 2³²−1: the same seed, the same ids, so a simulated deployment's output can be compared run to
   * run. Default: random ids, as AWS's are.
   */
  readonly idSeed?: number;
  /**
   * How many Lambda invocation records `lambda.invocations()` keeps, the oldest dropped first. Default
   * 10,000; `0` keeps none. A record holds the event, the response and the log: about 2 KB for a small
   * event, up to the payload limits for large ones. Metrics are bounded by `metricRetentionMs`, not by this.
   */
  readonly invocationHistory?: number;
  /**
   * How long metric samples (Lambda's and PutMetricData's) are kept, in ms of the emulator clock
   * before its `wallTime()`: older ones stop answering GetMetricData, GetMetricStatistics, ListMetrics
   * and alarms at once, and their memory is reused as series grow. Default 24 hours; `Infinity`
   * keeps everything. A sample takes 16 bytes (up to 25 with counts and mixed units); Lambda records
   * a dozen per invocation. CloudWatch itself keeps data for 15 months at decreasing resolution:
   * sub-minute data for 3 hours, 1-minute data for 15 days, 5-minute data for 63 days, 1-hour data
   * for 455 days; the emulator keeps raw samples, never rolled up.
   */
  readonly metricRetentionMs?: number;
  /**
   * Whether a Lambda invocation that did not fail publishes `Errors` 0 into `AWS/Lambda`. Whether
   * Lambda does is not confirmed: the old CloudWatch guide says Lambda sends only nonzero values,
   * third parties say `Errors` 0 goes out per request. Default true, so `Errors` has a sample per
   * invocation (its `Average` is the error rate, its `SampleCount` the invocations); `false` leaves
   * periods without errors empty, as an alarm on sparse `Errors` would see them.
   */
  readonly publishZeroErrors?: boolean;
  /**
   * How Lambda waits before retrying an `Event` invocation that failed (a function error or a
   * timeout), in ms of the clock from the end of the failed attempt. Default `[60_000, 120_000]`:
   * Lambda's two retries, "a one-minute wait between the first two attempts, and two minutes between
   * the second and third". `[]` turns retries off.
   */
  readonly asyncRetryDelaysMs?: readonly number[];
  /**
   * How CodeDeploy runs the deployments created through CreateDeployment: the hook timeout, the alarm
   * poll interval and source, the service roles, and every behaviour AWS does not document (see
   * {@link CodeDeployOptions}).
   */
  readonly codeDeploy?: CodeDeployOptions;
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
  /** CloudWatch's metrics from the test side: what Lambda published and PutMetricData put, the same store the wire reads. */
  readonly cloudWatch: CloudWatchEmulator;
  /** Faults for any emulated operation, CodeDeploy's, Lambda's or CloudWatch's (`Invoke`, `GetMetricData`, ...). */
  readonly faults: FaultInjector;
  /**
   * Stops the server and destroys every connection (keep-alive ones too); pending delays end at once.
   * Lambda handlers still running are abandoned, queued `Event` invocations dropped, and the console
   * capture (with the ambient clock provider of `codeClock`) is removed once the last emulator closes.
   */
  close(): Promise<void>;
}

const OPTION_KEYS = [
  'port',
  'host',
  'seed',
  'clock',
  'codeClock',
  'random',
  'idSeed',
  'invocationHistory',
  'metricRetentionMs',
  'publishZeroErrors',
  'asyncRetryDelaysMs',
  'codeDeploy',
] as const;
const CODE_CLOCKS = ['system', 'emulator'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const REGION = 'us-east-1';

/**
 * Starts a loopback AWS emulator (CodeDeploy, Lambda and CloudWatch) that real AWS SDK v3 clients can talk to.
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
  const codeClock = v.oneOf(checked.codeClock, 'codeClock', CODE_CLOCKS) ?? 'system';
  const random = optionalRandom(v, 'random', checked.random) ?? (() => clock.random());
  const invocationHistory = v.integer(checked.invocationHistory, 'invocationHistory', { min: 0 });
  const metricRetentionMs =
    checked.metricRetentionMs === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : (v.number(checked.metricRetentionMs, 'metricRetentionMs', { min: 1 }) ?? DAY_MS);
  const seed = checked.seed === undefined ? {} : validateSeed(v, 'seed', checked.seed);
  const asyncRetryDelaysMs = retryDelays(v, checked.asyncRetryDelaysMs);
  const codeDeployOptions = resolveCodeDeployOptions(v, 'codeDeploy', checked.codeDeploy);

  const idSeed = v.integer(checked.idSeed, 'idSeed', { min: 0, max: 2 ** 32 - 1 });
  const codeDeploy = new CodeDeployState(
    clock,
    idSeed === undefined ? cryptoIds : seededIds(seededRandom(idSeed)),
  );
  seed.deployments?.forEach((spec, index) => {
    codeDeploy.create(spec, v, `seed.deployments[${index}]`);
  });
  const metricStore = new MetricStore({ ms: metricRetentionMs, now: () => clock.wallTime() });
  const publishZeroErrors = v.boolean(checked.publishZeroErrors, 'publishZeroErrors') ?? true;
  const lambda = new LambdaState(clock, REGION, random, metricStore, invocationHistory, publishZeroErrors);
  lambda.asyncRetryDelaysMs = asyncRetryDelaysMs;
  lambda.codeClock = codeClock === 'emulator' ? clock : undefined;
  const cloudWatch = new CloudWatchState(metricStore, clock, REGION);
  const alarms = alarmRegistry(cloudWatch);
  seedFunctions(lambda, seed.functions ?? [], v, 'seed.functions');
  // Deployments read the emulator's own CloudWatch alarms, unless the options name another source.
  const givenAlarms = (checked.codeDeploy as { alarms?: unknown } | undefined)?.alarms;
  const engine = new DeploymentEngine(codeDeploy, codeDeployLambda(lambda), {
    ...codeDeployOptions,
    alarms: givenAlarms === undefined ? alarms : codeDeployOptions.alarms,
  });

  const services = [
    codeDeployService(codeDeploy, engine, REGION),
    lambdaService(lambda),
    cloudWatchService(cloudWatch, alarms),
  ];
  const faults = new FaultRegistry(services.flatMap((service) => service.operations));
  lambda.takeDuplicateDelivery = () => {
    const fault = faults.takeDelivery();
    return fault === undefined ? undefined : { delayMs: fault.delayMs ?? 0 };
  };
  const server = new EmulatorServer(services, faults, clock);
  let address: AddressInfo;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    engine.close();
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
      timeline: (deploymentId) => codeDeploy.timeline(deploymentId),
    },
    lambda: lambdaEmulator(lambda),
    cloudWatch: cloudWatchEmulator(cloudWatch, alarms),
    faults: {
      inject: (operation, fault, injectOptions) => faults.inject(operation, fault, injectOptions),
      clear: () => faults.clear(),
      hits: (operation) => faults.hits(operation),
    },
    close: async () => {
      alarms.stop();
      engine.close();
      await server.close();
      lambda.close();
    },
  };
}

function retryDelays(v: Validator, value: unknown): readonly number[] {
  const delays = v.array(value, 'asyncRetryDelaysMs');
  if (delays === undefined) return DEFAULT_ASYNC_RETRY_DELAYS_MS;
  delays.forEach((delay, index) => {
    v.number(delay, `asyncRetryDelaysMs[${index}]`, { min: 0 });
  });
  return Object.freeze([...(delays as number[])]);
}

/** A wildcard bind address is not something a client can connect to; loopback is. */
function endpointHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}
