import { isPlainObject, type Validator } from '@shiftguard/kit';
import type { CodeDeployOptions, Emulator } from '@shiftguard/testing';
import { optionsValidator } from '../options';
import type { OverrideValue } from '../template/parameters';
import type { SimulationEvent } from './result';

/** Which version a setting applies to: the one serving now (`from`) or the one being deployed (`to`). */
export interface PerVersion<T> {
  readonly from?: T;
  readonly to?: T;
}

export interface SimulatedTraffic {
  /** Requests per second of emulated time through the alias while the deployment runs. Default 5; 0 sends none. */
  readonly rps?: number;
  /**
   * The events sent: a list (used in turn) or a function of the request's index. Default: for a function
   * with an `HttpApi`, `Api` or function URL event, a `GET` of its first route in that event shape;
   * otherwise `{}`.
   */
  readonly events?: readonly unknown[] | ((index: number) => unknown);
  /**
   * Emulated milliseconds of traffic through the alias before the deployment is created, so alarms
   * and metrics have a history (an alarm already in ALARM fails the deployment at its start). Default 0.
   */
  readonly warmupMs?: number;
}

/**
 * @example
 * ```ts
 * const result = await simulateDeployment({
 *   template: 'template.yaml',
 *   environment: { to: { FAIL_ONE_IN: '5' } },
 *   traffic: { rps: 5 },
 *   seed: 1,
 * });
 * result.outcome; // 'rolledBack'
 * ```
 */
export interface SimulateDeploymentOptions {
  /** The SAM template file (YAML or JSON). */
  readonly template: string;
  /** Parameter values, as `sam deploy --parameter-overrides` gives them. */
  readonly parameters?: Readonly<Record<string, OverrideValue>>;
  /** The logical id of the function to deploy. Default: the template's only function with an enabled `DeploymentPreference`. */
  readonly function?: string;
  /**
   * Where each version's code comes from: a directory holding the project, or a git ref (`HEAD`,
   * `main`, a sha). Default: `from` is `HEAD`, `to` the working tree the template is in. Hooks run
   * the `to` code, as they would deploy with the new template.
   */
  readonly code?: PerVersion<string>;
  /** Environment variables set on one version of the deployed function only, over the template's (a switch that makes the new version faulty). */
  readonly environment?: PerVersion<Readonly<Record<string, string>>>;
  readonly traffic?: SimulatedTraffic;
  /**
   * How fast emulated time may run against real time: 60 makes a five-minute canary take five
   * seconds at least. Default `Infinity`: as fast as the work allows (time jumps whenever nothing
   * runs), which gives the same outcome on any machine.
   */
  readonly timeScale?: number;
  /** Makes alias routing, ids and jitter repeatable. Default: a random seed (see the result's `seed`). */
  readonly seed?: number;
  /** Epoch ms the emulated clock starts at. Default: now, to the minute. */
  readonly startAt?: number;
  /**
   * Real milliseconds that running code (a hook) must stay still, with no invocation or request
   * starting or ending, before the simulator takes it to wait on the clock and moves time. Default 50.
   */
  readonly settleMs?: number;
  /** How the emulated CodeDeploy behaves where AWS does not say: passed to the emulator (see `CodeDeployOptions`). */
  readonly codeDeploy?: Omit<CodeDeployOptions, 'alarms' | 'serviceRoles'>;
  /**
   * Function names (or `*` patterns) a custom `DeploymentPreference.Role` lets CodeDeploy invoke. The
   * simulator does not read IAM policies: default `['*']`, with a warning. Without a `Role`, SAM's
   * role carries `AWSCodeDeployRoleForLambda`, which allows only `CodeDeployHook_*`.
   */
  readonly customRoleInvokes?: readonly string[];
  /** Where built code is written. Default: a new temporary directory, removed at the end. */
  readonly workDir?: string;
  /** `AWS::StackName`, the prefix of generated names. Default `sam-app`. */
  readonly stackName?: string;
  /**
   * Called once the deployment has ended, before the emulator closes: to read anything back through
   * the wire (`new CodeDeployClient(emulator.clientConfig())`). What it throws rejects the simulation.
   */
  readonly afterDeployment?: (emulator: Emulator) => void | Promise<void>;
  /** Called with each event as it happens (live progress). A throwing callback is ignored. */
  readonly onEvent?: (event: SimulationEvent) => void;
}

export interface SimulateSettings {
  readonly template: string;
  readonly parameters: Readonly<Record<string, OverrideValue>> | undefined;
  readonly functionId: string | undefined;
  readonly code: { readonly from: string | undefined; readonly to: string | undefined };
  readonly environment: { readonly from: Record<string, string>; readonly to: Record<string, string> };
  readonly rps: number;
  readonly events: ((index: number) => unknown) | undefined;
  readonly warmupMs: number;
  readonly timeScale: number;
  readonly seed: number;
  readonly startAt: number;
  readonly settleMs: number;
  readonly codeDeploy: Omit<CodeDeployOptions, 'alarms' | 'serviceRoles'>;
  readonly customRoleInvokes: readonly string[];
  readonly workDir: string | undefined;
  readonly stackName: string | undefined;
  readonly onEvent: ((event: SimulationEvent) => void) | undefined;
  readonly afterDeployment: ((emulator: Emulator) => void | Promise<void>) | undefined;
}

const OPTION_KEYS = [
  'template',
  'parameters',
  'function',
  'code',
  'environment',
  'traffic',
  'timeScale',
  'seed',
  'startAt',
  'settleMs',
  'codeDeploy',
  'customRoleInvokes',
  'workDir',
  'stackName',
  'onEvent',
  'afterDeployment',
] as const;
const MINUTE_MS = 60_000;

/** Checks `simulateDeployment`'s options, defaults filled in. */
export function readSimulateOptions(options: SimulateDeploymentOptions): SimulateSettings {
  const v = optionsValidator('simulateDeployment');
  const given = v.object(options, '', OPTION_KEYS);
  const template =
    v.string(given.template, 'template') ?? v.fail('template', 'is required: the SAM template file');
  const code = v.object(given.code ?? {}, 'code', ['from', 'to']);
  const traffic = v.object(given.traffic ?? {}, 'traffic', ['rps', 'events', 'warmupMs']);
  const rps = v.number(traffic.rps, 'traffic.rps', { min: 0 }) ?? 5;
  const events = readEvents(v, traffic.events);
  const seed =
    v.integer(given.seed, 'seed', { min: 0, max: 2 ** 32 - 1 }) ?? Math.floor(Math.random() * 2 ** 32);
  const onEvent = v.func<(event: SimulationEvent) => void>(given.onEvent, 'onEvent');
  const customRoleInvokes = given.customRoleInvokes ?? ['*'];
  if (!Array.isArray(customRoleInvokes) || customRoleInvokes.some((name) => typeof name !== 'string')) {
    v.wrongValue('customRoleInvokes', 'a list of function names or patterns', customRoleInvokes);
  }
  if (given.codeDeploy !== undefined && !isPlainObject(given.codeDeploy)) {
    v.wrongValue('codeDeploy', 'an object', given.codeDeploy);
  }
  if (
    isPlainObject(given.codeDeploy) &&
    ('alarms' in given.codeDeploy || 'serviceRoles' in given.codeDeploy)
  ) {
    v.fail('codeDeploy', 'may not set alarms or serviceRoles: they come from the template');
  }
  if (given.parameters !== undefined && !isPlainObject(given.parameters)) {
    v.wrongValue('parameters', 'an object of parameter values', given.parameters);
  }
  return {
    template,
    parameters: given.parameters as SimulateSettings['parameters'],
    functionId: v.string(given.function, 'function'),
    code: {
      // Unset, the code sources' own default applies (`HEAD`).
      from: v.string(code.from, 'code.from'),
      to: v.string(code.to, 'code.to'),
    },
    environment: readEnvironment(v, given.environment),
    rps,
    events,
    warmupMs: v.number(traffic.warmupMs, 'traffic.warmupMs', { min: 0 }) ?? 0,
    timeScale: readTimeScale(v, given.timeScale),
    seed,
    startAt:
      v.integer(given.startAt, 'startAt', { min: 0 }) ?? Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS,
    settleMs: v.number(given.settleMs, 'settleMs', { positive: true }) ?? 50,
    codeDeploy: (given.codeDeploy ?? {}) as SimulateSettings['codeDeploy'],
    customRoleInvokes: customRoleInvokes as readonly string[],
    workDir: v.string(given.workDir, 'workDir'),
    stackName: v.string(given.stackName, 'stackName'),
    onEvent,
    afterDeployment: v.func<(emulator: Emulator) => void | Promise<void>>(
      given.afterDeployment,
      'afterDeployment',
    ),
  };
}

function readEvents(v: Validator, events: unknown): ((index: number) => unknown) | undefined {
  if (events === undefined) return undefined;
  if (typeof events === 'function') return events as (index: number) => unknown;
  if (!Array.isArray(events) || events.length === 0) {
    v.wrongValue('traffic.events', 'a non-empty list of events or a function of the index', events);
  }
  const list = events as readonly unknown[];
  return (index) => structuredClone(list[index % list.length]);
}

function readEnvironment(v: Validator, value: unknown): SimulateSettings['environment'] {
  const environment = v.object(value ?? {}, 'environment', ['from', 'to']);
  const side = (key: 'from' | 'to') => {
    return v.stringMap(environment[key], `environment.${key}`) ?? {};
  };
  return { from: side('from'), to: side('to') };
}

function readTimeScale(v: Validator, value: unknown): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  return v.number(value, 'timeScale', { positive: true }) ?? Number.POSITIVE_INFINITY;
}
