import { isPlainObject, type Validator } from '@shiftguard/kit';
import { ServiceError } from './service-error';
import { inputValidator } from './validate';

/**
 * What a fault does to a matching request:
 * - `throttle`: HTTP 400 `ThrottlingException`, which AWS SDKs classify as throttling and retry.
 * - `serverError`: HTTP 500 `InternalFailure`, 502 `BadGateway` or 503 `ServiceUnavailable`; SDKs retry these as transient.
 * - `delay`: answers normally after `ms` milliseconds of the emulator's clock (cut short, socket destroyed, by `close()`).
 * - `reset`: destroys the connection without an answer; the client sees `ECONNRESET` / "socket hang up".
 * - `dropResponse`: runs the operation, then destroys the connection: the change is made but the client
 *   sees `ECONNRESET`, so its retry meets the result (e.g. `LifecycleEventAlreadyCompletedException`).
 * - `error`: any error name with any status, e.g. a modeled `DeploymentDoesNotExistException`.
 * - `duplicateDelivery` (`Invoke` only): an `Event` invocation, from the wire or from CodeDeploy invoking
 *   a hook, is delivered to its handler twice (the second `delayMs` later, default at once), as Lambda's
 *   eventually consistent queue may. It is taken by deliveries, never by a synchronous call.
 */
export type Fault =
  | { readonly kind: 'throttle'; readonly message?: string }
  | { readonly kind: 'serverError'; readonly status?: 500 | 502 | 503; readonly message?: string }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'dropResponse' }
  | { readonly kind: 'error'; readonly name: string; readonly message?: string; readonly status?: number }
  | { readonly kind: 'duplicateDelivery'; readonly delayMs?: number };

export type FaultKind = Fault['kind'];

export interface InjectOptions {
  /** How many matching requests the fault answers before it stops matching. Default: `Infinity`. */
  readonly times?: number;
}

/** A fault that was injected; `hits` counts the requests it answered. */
export interface FaultHandle {
  readonly operation: string;
  readonly fault: Fault;
  readonly hits: number;
  /** Requests it will still answer (`Infinity` when unlimited). */
  readonly remaining: number;
  /** Stops the fault matching further requests. */
  remove(): void;
}

/**
 * Makes the emulator misbehave on purpose. Faults match by operation name (or `'*'` for every
 * operation), in the order they were injected; each matching request consumes one use of the first
 * fault that still has uses left.
 *
 * @example
 * ```ts
 * emulator.faults.inject('PutLifecycleEventHookExecutionStatus', { kind: 'throttle' }, { times: 2 });
 * // ... the hook's first two reports are throttled, the SDK retries, the third goes through
 * expect(emulator.faults.hits('PutLifecycleEventHookExecutionStatus')).toBe(2);
 * ```
 */
export interface FaultInjector {
  inject(operation: string, fault: Fault, options?: InjectOptions): FaultHandle;
  /** Removes every fault. Hit counts are kept. */
  clear(): void;
  /** How many requests for `operation` were answered by a fault (any fault; `'*'` or no argument: all operations). */
  hits(operation?: string): number;
}

class ActiveFault implements FaultHandle {
  hits = 0;
  removed = false;

  constructor(
    readonly operation: string,
    readonly fault: Fault,
    private readonly times: number,
  ) {}

  get remaining(): number {
    return this.removed ? 0 : this.times - this.hits;
  }

  remove(): void {
    this.removed = true;
  }
}

const FAULT_KEYS: Readonly<Record<FaultKind, readonly string[]>> = {
  throttle: ['kind', 'message'],
  serverError: ['kind', 'status', 'message'],
  delay: ['kind', 'ms'],
  reset: ['kind'],
  dropResponse: ['kind'],
  error: ['kind', 'name', 'message', 'status'],
  duplicateDelivery: ['kind', 'delayMs'],
};

/** Fault kinds that are not about a wire request but about what Lambda does with an `Event` invocation. */
const DELIVERY_KINDS: readonly FaultKind[] = ['duplicateDelivery'];
const FAULT_KINDS = Object.keys(FAULT_KEYS) as FaultKind[];

const SERVER_ERROR_NAMES: Readonly<Record<500 | 502 | 503, string>> = {
  500: 'InternalFailure',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

/** The server's side of {@link FaultInjector}: it asks {@link FaultRegistry.take} for each request. */
export class FaultRegistry implements FaultInjector {
  private faults: ActiveFault[] = [];
  private readonly hitsByOperation = new Map<string, number>();

  constructor(private readonly knownOperations: readonly string[]) {}

  inject(operation: string, fault: Fault, options?: InjectOptions): FaultHandle {
    const v: Validator = inputValidator('faults.inject() arguments');
    if (typeof operation !== 'string' || (operation !== '*' && !this.knownOperations.includes(operation))) {
      v.wrongValue(
        'operation',
        `'*' or an emulated operation (${this.knownOperations.join(', ')})`,
        operation,
      );
    }
    const checked = validateFault(v, fault);
    if (DELIVERY_KINDS.includes(checked.kind) && operation !== 'Invoke' && operation !== '*') {
      v.wrongValue('operation', `'Invoke' (or '*') for a ${checked.kind} fault`, operation);
    }
    const times = validateTimes(v, options);
    const active = new ActiveFault(operation, checked, times);
    this.faults.push(active);
    return active;
  }

  clear(): void {
    for (const fault of this.faults) fault.remove();
    this.faults = [];
  }

  hits(operation = '*'): number {
    if (operation === '*') {
      let total = 0;
      for (const count of this.hitsByOperation.values()) total += count;
      return total;
    }
    return this.hitsByOperation.get(operation) ?? 0;
  }

  /** Consumes one use of the first fault matching a request for `operation`, if any. */
  take(operation: string): Exclude<Fault, { kind: 'duplicateDelivery' }> | undefined {
    return this.takeWhere(operation, (fault) => !DELIVERY_KINDS.includes(fault.kind)) as
      | Exclude<Fault, { kind: 'duplicateDelivery' }>
      | undefined;
  }

  /** Consumes one use of the first `duplicateDelivery` fault, if any: asked once per `Event` invocation. */
  takeDelivery(): Extract<Fault, { kind: 'duplicateDelivery' }> | undefined {
    return this.takeWhere('Invoke', (fault) => fault.kind === 'duplicateDelivery') as
      | Extract<Fault, { kind: 'duplicateDelivery' }>
      | undefined;
  }

  private takeWhere(operation: string, applies: (fault: Fault) => boolean): Fault | undefined {
    this.faults = this.faults.filter((fault) => fault.remaining > 0);
    const match = this.faults.find(
      (fault) => (fault.operation === '*' || fault.operation === operation) && applies(fault.fault),
    );
    if (match === undefined) return undefined;
    match.hits += 1;
    this.hitsByOperation.set(operation, (this.hitsByOperation.get(operation) ?? 0) + 1);
    return match.fault;
  }
}

/** The wire error a non-delay, non-reset fault answers with. */
export function faultError(
  fault: Extract<Fault, { kind: 'throttle' | 'serverError' | 'error' }>,
): ServiceError {
  switch (fault.kind) {
    case 'throttle':
      return new ServiceError('ThrottlingException', fault.message ?? 'Rate exceeded (injected fault)', 400);
    case 'serverError': {
      const status = fault.status ?? 500;
      return new ServiceError(SERVER_ERROR_NAMES[status], fault.message ?? 'Injected server error', status);
    }
    case 'error':
      return new ServiceError(fault.name, fault.message ?? `Injected ${fault.name}`, fault.status ?? 400);
  }
}

function validateFault(v: Validator, fault: unknown): Fault {
  if (!isPlainObject(fault)) return v.wrongType('fault', 'an object', fault);
  const kind =
    v.oneOf(fault.kind, 'fault.kind', FAULT_KINDS) ??
    v.fail('fault.kind', `is required: one of ${FAULT_KINDS.join(', ')}`);
  const value = v.object(fault, 'fault', FAULT_KEYS[kind]);
  v.string(value.message, 'fault.message');
  switch (kind) {
    case 'serverError':
      if (
        value.status !== undefined &&
        value.status !== 500 &&
        value.status !== 502 &&
        value.status !== 503
      ) {
        v.wrongValue('fault.status', '500, 502 or 503', value.status);
      }
      break;
    case 'delay':
      if (v.number(value.ms, 'fault.ms', { min: 0 }) === undefined) v.fail('fault.ms', 'is required');
      break;
    case 'duplicateDelivery':
      v.number(value.delayMs, 'fault.delayMs', { min: 0 });
      break;
    case 'error':
      if (
        v.string(value.name, 'fault.name', {
          pattern: /^[A-Za-z][A-Za-z0-9_.#:]*$/,
          patternHint: 'an error name such as DeploymentDoesNotExistException',
        }) === undefined
      ) {
        v.fail('fault.name', 'is required');
      }
      v.integer(value.status, 'fault.status', { min: 400, max: 599 });
      break;
    default:
      break;
  }
  return { ...value } as Fault;
}

function validateTimes(v: Validator, options: unknown): number {
  if (options === undefined) return Number.POSITIVE_INFINITY;
  const times = v.object(options, 'options', ['times']).times;
  if (times === undefined || times === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) {
    v.wrongValue('options.times', 'a positive integer or Infinity', times);
  }
  return times;
}
