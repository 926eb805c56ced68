// startFrontDoor's options, checked and completed before anything listens.
import { type Clock, type ClockLike, isPlainObject, toClock, Validator } from '@shiftguard/kit';
import { optionsValidator } from '../options';
import type { SamFunction, SamModel } from '../template/model';
import { DEFAULT_TEXT_MEDIA_TYPES } from './media-types';
import { type PlannedTarget, planTargets } from './targets';

/**
 * Invokes a function as API Gateway's Lambda integration does (a synchronous `Invoke` of the name and
 * qualifier): the simulator passes the emulator's, a test may pass a function calling a handler.
 */
export type FrontDoorInvoke = (
  functionName: string,
  qualifier: string | undefined,
  event: unknown,
) => Promise<FrontDoorInvokeResult>;

/** What `Invoke` answered, in its own terms. */
export interface FrontDoorInvokeResult {
  /** The response payload, JSON text as Lambda returns it; undefined when there was none. */
  readonly payload: string | undefined;
  /** Lambda's `FunctionError` (`Unhandled`): the function failed and `payload` is its error, not a response. */
  readonly functionError?: string;
  /** Lambda's `ExecutedVersion`: the version the alias routed to. */
  readonly executedVersion?: string;
}

export interface StartFrontDoorOptions {
  /** The template's model, from `readSamTemplate`. */
  readonly model: SamModel;
  /**
   * The functions the simulation runs, from `model.functions`. Their APIs and function URLs are served;
   * a route to a function not among them is left out, as if the template did not declare it.
   */
  readonly functions: readonly SamFunction[];
  readonly invoke: FrontDoorInvoke;
  /** Where every listener binds. Default `127.0.0.1`: the front door has no authentication. */
  readonly host?: string;
  /**
   * A port per API or function (by logical id); each gets its own so that request paths are the
   * production ones. Default `0` for each: a free port, read back from `targets` or `url()`.
   */
  readonly ports?: Readonly<Record<string, number>>;
  /** Where timestamps (`requestContext.timeEpoch`, the log's `receivedAt`) and durations come from. Default: the system clock. */
  readonly clock?: ClockLike;
  /**
   * A REST API's `BinaryMediaTypes`, by its logical id (`image/png`, `image/*`, `*` + `/*`; SAM's `~1`
   * allowed): a request body of such a type reaches the function base64-encoded, and a response
   * with `isBase64Encoded` is decoded when its `Content-Type`, or the request's `Accept`, is one.
   * Default none, as for an API without the property: bodies go as text and base64 comes back as is.
   */
  readonly binaryMediaTypes?: Readonly<Record<string, readonly string[]>>;
  /**
   * The request bodies an HTTP API or a function URL hands over as text; others arrive base64-encoded.
   * AWS does not document the list; default `text/*`, `application/json`, `application/xml`,
   * `application/javascript`, as observed on AWS.
   */
  readonly textMediaTypes?: readonly string[];
  /** How many requests `requests()` keeps, the oldest dropped first. Default 10,000; `0` keeps none. */
  readonly requestHistory?: number;
}

export interface FrontDoorSettings {
  readonly model: SamModel;
  readonly targets: readonly PlannedTarget[];
  readonly invoke: FrontDoorInvoke;
  readonly host: string;
  readonly ports: ReadonlyMap<string, number>;
  readonly clock: Clock;
  readonly binaryMediaTypes: ReadonlyMap<string, readonly string[]>;
  readonly textMediaTypes: readonly string[];
  readonly requestHistory: number;
}

/** `type/subtype`, either part `*`, with SAM's `~1` allowed for the slash. */
const MEDIA_TYPE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+|\*)(\/|~1)([!#$%&'*+.^_`|~0-9A-Za-z-]+|\*)$/;

const KEYS = [
  'model',
  'functions',
  'invoke',
  'host',
  'ports',
  'clock',
  'binaryMediaTypes',
  'textMediaTypes',
  'requestHistory',
];

export function readFrontDoorOptions(options: unknown): FrontDoorSettings {
  const v = optionsValidator('startFrontDoor');
  const record = v.object(options, '', KEYS);
  const model = readModel(v, record.model);
  const served = readFunctions(v, record.functions, model);
  const invoke =
    v.func<FrontDoorInvoke>(record.invoke, 'invoke') ??
    v.fail('invoke', 'is required: the function that invokes a function version');
  const targets = planTargets(model, served);
  const known = (path: string, logicalId: string, kinds: readonly string[]) => {
    const target = targets.find((candidate) => candidate.logicalId === logicalId);
    if (!target || !kinds.includes(target.kind)) {
      const candidates = targets.filter((candidate) => kinds.includes(candidate.kind));
      v.fail(
        Validator.join(path, logicalId),
        `names nothing the front door serves (${candidates.length > 0 ? `it serves ${candidates.map((candidate) => candidate.logicalId).join(', ')}` : 'it serves none'})`,
      );
    }
  };
  const ports = new Map<string, number>();
  for (const [logicalId, port] of Object.entries(objectOption(v, record.ports, 'ports'))) {
    known('ports', logicalId, ['Api', 'HttpApi', 'FunctionUrl']);
    ports.set(logicalId, v.integer(port, Validator.join('ports', logicalId), { min: 0, max: 65_535 })!);
  }
  const binaryMediaTypes = new Map<string, readonly string[]>();
  for (const [logicalId, types] of Object.entries(
    objectOption(v, record.binaryMediaTypes, 'binaryMediaTypes'),
  )) {
    known('binaryMediaTypes', logicalId, ['Api']);
    binaryMediaTypes.set(logicalId, mediaTypes(v, types, Validator.join('binaryMediaTypes', logicalId))!);
  }
  const clock = v.methods<ClockLike>(record.clock, 'clock', ['now', 'setTimeout', 'clearTimeout']);
  return {
    model,
    targets,
    invoke,
    host: v.string(record.host, 'host') ?? '127.0.0.1',
    ports,
    clock: toClock(clock),
    binaryMediaTypes,
    textMediaTypes: mediaTypes(v, record.textMediaTypes, 'textMediaTypes') ?? DEFAULT_TEXT_MEDIA_TYPES,
    requestHistory: v.integer(record.requestHistory, 'requestHistory', { min: 0 }) ?? 10_000,
  };
}

function readModel(v: Validator, value: unknown): SamModel {
  if (value === undefined) v.fail('model', 'is required: the model readSamTemplate returns');
  const model = value as Partial<SamModel> | null;
  if (
    typeof model !== 'object' ||
    model === null ||
    !Array.isArray(model.functions) ||
    !Array.isArray(model.apis) ||
    !isPlainObject(model.stack)
  ) {
    v.wrongType('model', 'the model readSamTemplate returns', value);
  }
  return model as SamModel;
}

function readFunctions(v: Validator, value: unknown, model: SamModel): Set<string> {
  const list = v.array(value, 'functions');
  if (list === undefined) v.fail('functions', 'is required: the functions of the model the simulation runs');
  const served = new Set<string>();
  for (const [index, fn] of list.entries()) {
    const path = Validator.join('functions', index);
    const logicalId = (fn as Partial<SamFunction> | null)?.logicalId;
    if (typeof logicalId !== 'string') v.wrongType(path, 'a function of the model', fn);
    if (!model.functions.some((candidate) => candidate.logicalId === logicalId)) {
      v.fail(
        path,
        `is ${logicalId}, which is not a function of the model (its functions: ${model.functions.map((candidate) => candidate.logicalId).join(', ') || 'none'})`,
      );
    }
    served.add(logicalId);
  }
  return served;
}

function objectOption(v: Validator, value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) return v.wrongType(path, 'an object keyed by logical id', value);
  return value;
}

function mediaTypes(v: Validator, value: unknown, path: string): readonly string[] | undefined {
  const list = v.array(value, path);
  if (list === undefined) return undefined;
  return list.map((item, index) => {
    const itemPath = Validator.join(path, index);
    if (typeof item !== 'string') return v.wrongType(itemPath, 'a media type string', item);
    return v.string(item, itemPath, {
      pattern: MEDIA_TYPE,
      patternHint: 'a media type such as image/png, image/* or */*',
    })!;
  });
}
