import { Validator } from '@shiftguard/kit';
import { UnknownFunctionError } from '../errors';
import { inputValidator } from '../validate';
import { LAMBDA_NAMESPACE } from './lambda-metrics';
import { invokeLocally } from './local-invoke';
import type { FunctionRecord } from './registry';
import { routingProblem } from './routing';
import type { LambdaSeedFunction } from './seed';
import { checkAliasName, checkFunctionSpec, checkPublishOptions, checkWeights } from './spec';
import type { LambdaState } from './state';
import type { AliasSnapshot, LambdaEmulator } from './types';

/** The test-facing side of the Lambda service; every argument is validated, unknown keys named. */
export function lambdaEmulator(state: LambdaState): LambdaEmulator {
  const registry = state.registry;
  return {
    createFunction(spec) {
      return registry.snapshot(createFunction(state, inputValidator('createFunction() spec'), '', spec));
    },
    publishVersion(functionName, options) {
      const fn = requireFunction(state, functionName);
      return publish(state, inputValidator('publishVersion() arguments'), 'options', fn, options);
    },
    createAlias(functionName, alias, version, options) {
      const fn = requireFunction(state, functionName);
      const v: Validator = inputValidator('createAlias() arguments');
      const opts = v.object(options ?? {}, 'options', ['additionalVersionWeights', 'description']);
      return putAlias(state, v, fn, {
        create: true,
        name: alias,
        namePath: 'alias',
        version,
        versionPath: 'version',
        weights: opts.additionalVersionWeights,
        weightsPath: 'options.additionalVersionWeights',
        description: opts.description,
        descriptionPath: 'options.description',
      });
    },
    updateAlias(functionName, alias, update) {
      const fn = requireFunction(state, functionName);
      const v: Validator = inputValidator('updateAlias() arguments');
      const change = v.object(update, 'update', ['version', 'additionalVersionWeights', 'description']);
      return putAlias(state, v, fn, {
        create: false,
        name: alias,
        namePath: 'alias',
        version: change.version,
        versionPath: 'update.version',
        weights: change.additionalVersionWeights,
        weightsPath: 'update.additionalVersionWeights',
        description: change.description,
        descriptionPath: 'update.description',
      });
    },
    getFunction(functionName) {
      return registry.snapshot(requireFunction(state, functionName));
    },
    functions() {
      return registry.all().map((fn) => registry.snapshot(fn));
    },
    invoke(functionName, event, options) {
      // A promise either way: a bad argument rejects, as a failed invocation would not.
      try {
        return invokeLocally(state, requireFunction(state, functionName), event, options);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    invocations(filter) {
      return state.journal.list(filter);
    },
    clearInvocations() {
      state.journal.clear();
    },
    idle() {
      return state.activity.idle();
    },
    activity() {
      return state.activity.snapshot();
    },
    metricStatistics(query) {
      return state.metricStore.statistics(query, LAMBDA_NAMESPACE);
    },
    listMetrics(filter) {
      return state.metricStore.list(filter, LAMBDA_NAMESPACE);
    },
  };
}

/**
 * Creates seeded functions, then their versions in order (so the n-th entry becomes version n),
 * then their aliases. Problems are reported at their path in the seed, e.g. `seed.functions[0].aliases[1].version`.
 */
export function seedFunctions(
  state: LambdaState,
  functions: readonly LambdaSeedFunction[],
  v: Validator,
  path: string,
): void {
  functions.forEach((seed, index) => {
    const at = Validator.join(path, index);
    const { versions, aliases, ...spec } = seed;
    const fn = createFunction(state, v, at, spec);
    versions?.forEach((version, versionIndex) => {
      publish(state, v, Validator.join(Validator.join(at, 'versions'), versionIndex), fn, version);
    });
    aliases?.forEach((alias, aliasIndex) => {
      const aliasPath = Validator.join(Validator.join(at, 'aliases'), aliasIndex);
      putAlias(state, v, fn, {
        create: true,
        name: alias.name,
        namePath: Validator.join(aliasPath, 'name'),
        version: alias.version,
        versionPath: Validator.join(aliasPath, 'version'),
        weights: alias.additionalVersionWeights,
        weightsPath: Validator.join(aliasPath, 'additionalVersionWeights'),
        description: alias.description,
        descriptionPath: Validator.join(aliasPath, 'description'),
      });
    });
  });
}

function createFunction(state: LambdaState, v: Validator, path: string, spec: unknown): FunctionRecord {
  const definition = checkFunctionSpec(v, path, spec);
  if (state.registry.has(definition.functionName)) {
    v.fail(
      Validator.join(path, 'functionName'),
      `names a function the emulator already holds (${definition.functionName})`,
    );
  }
  return state.registry.create(definition);
}

function publish(
  state: LambdaState,
  v: Validator,
  path: string,
  fn: FunctionRecord,
  options: unknown,
): string {
  const { code, description } = checkPublishOptions(v, path, options);
  if (code !== undefined) state.registry.setCode(fn, code);
  return state.registry.publish(fn, description).version;
}

interface AliasChange {
  readonly create: boolean;
  readonly name: unknown;
  readonly namePath: string;
  readonly version: unknown;
  readonly versionPath: string;
  readonly weights: unknown;
  readonly weightsPath: string;
  readonly description: unknown;
  readonly descriptionPath: string;
}

function putAlias(state: LambdaState, v: Validator, fn: FunctionRecord, change: AliasChange): AliasSnapshot {
  const name = checkAliasName(v, change.namePath, change.name);
  const existing = fn.aliases.get(name);
  if (change.create && existing !== undefined) {
    v.fail(change.namePath, `names an alias ${fn.name} already has (${name})`);
  }
  if (!change.create && existing === undefined) {
    v.fail(change.namePath, `names no alias of ${fn.name} (${name})`);
  }
  const version =
    v.string(change.version, change.versionPath) ??
    existing?.functionVersion ??
    v.fail(change.versionPath, 'is required');
  const exists = (candidate: string) => state.registry.version(fn, candidate) !== undefined;
  if (!exists(version)) {
    const known = ['$LATEST', ...fn.published.map((published) => published.version)].join(', ');
    v.wrongValue(change.versionPath, `a version of ${fn.name} (${known})`, version);
  }
  const weights = checkWeights(v, change.weightsPath, change.weights) ?? existing?.weights ?? {};
  const problem = routingProblem(version, weights, exists);
  if (problem !== undefined) v.fail(change.weightsPath, problem.message);
  const alias = state.registry.putAlias(fn, name, {
    version,
    weights,
    description: v.string(change.description, change.descriptionPath, { allowEmpty: true }),
  });
  return state.registry.aliasSnapshot(fn, alias);
}

/** Made once: a validator holds no state, and every call naming a function checks that name alike. */
const call: Validator = inputValidator('Lambda emulator call');

function requireFunction(state: LambdaState, functionName: unknown): FunctionRecord {
  if (typeof functionName !== 'string') call.wrongType('functionName', 'a string', functionName);
  const fn = state.registry.get(functionName);
  if (fn === undefined) throw new UnknownFunctionError(functionName);
  return fn;
}
