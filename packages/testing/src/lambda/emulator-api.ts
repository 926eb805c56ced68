import { UnknownFunctionError } from '../errors';
import type { InputSource } from '../validate';
import { childPath, describeValue, expectObject, invalid, optionalString } from '../validate';
import { LAMBDA_NAMESPACE } from './lambda-metrics';
import type { FunctionRecord } from './registry';
import { routingProblem } from './routing';
import type { LambdaSeedFunction } from './seed';
import {
  checkAliasName,
  checkFunctionSpec,
  checkPublishOptions,
  checkWeights,
  optionalDescription,
} from './spec';
import type { LambdaState } from './state';
import type { AliasSnapshot, LambdaEmulator } from './types';

/** The test-facing side of the Lambda service; every argument is validated, unknown keys named. */
export function lambdaEmulator(state: LambdaState): LambdaEmulator {
  const registry = state.registry;
  return {
    createFunction(spec) {
      return registry.snapshot(createFunction(state, { label: 'createFunction() spec' }, '', spec));
    },
    publishVersion(functionName, options) {
      const fn = requireFunction(state, functionName);
      return publish(state, { label: 'publishVersion() arguments' }, 'options', fn, options);
    },
    createAlias(functionName, alias, version, options) {
      const fn = requireFunction(state, functionName);
      const source: InputSource = { label: 'createAlias() arguments' };
      const opts = expectObject(source, 'options', options ?? {}, [
        'additionalVersionWeights',
        'description',
      ]);
      return putAlias(state, source, fn, {
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
      const source: InputSource = { label: 'updateAlias() arguments' };
      const change = expectObject(source, 'update', update, [
        'version',
        'additionalVersionWeights',
        'description',
      ]);
      return putAlias(state, source, fn, {
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
    invocations(filter) {
      return state.journal.list(filter);
    },
    clearInvocations() {
      state.journal.clear();
    },
    idle() {
      return state.journal.idle();
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
  source: InputSource,
  path: string,
): void {
  functions.forEach((seed, index) => {
    const at = childPath(path, index);
    const { versions, aliases, ...spec } = seed;
    const fn = createFunction(state, source, at, spec);
    versions?.forEach((version, versionIndex) => {
      publish(state, source, childPath(childPath(at, 'versions'), versionIndex), fn, version);
    });
    aliases?.forEach((alias, aliasIndex) => {
      const aliasPath = childPath(childPath(at, 'aliases'), aliasIndex);
      putAlias(state, source, fn, {
        create: true,
        name: alias.name,
        namePath: childPath(aliasPath, 'name'),
        version: alias.version,
        versionPath: childPath(aliasPath, 'version'),
        weights: alias.additionalVersionWeights,
        weightsPath: childPath(aliasPath, 'additionalVersionWeights'),
        description: alias.description,
        descriptionPath: childPath(aliasPath, 'description'),
      });
    });
  });
}

function createFunction(
  state: LambdaState,
  source: InputSource,
  path: string,
  spec: unknown,
): FunctionRecord {
  const definition = checkFunctionSpec(source, path, spec);
  if (state.registry.has(definition.functionName)) {
    throw invalid(
      source,
      childPath(path, 'functionName'),
      `names a function the emulator already holds (${definition.functionName})`,
    );
  }
  return state.registry.create(definition);
}

function publish(
  state: LambdaState,
  source: InputSource,
  path: string,
  fn: FunctionRecord,
  options: unknown,
): string {
  const { code, description } = checkPublishOptions(source, path, options);
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

function putAlias(
  state: LambdaState,
  source: InputSource,
  fn: FunctionRecord,
  change: AliasChange,
): AliasSnapshot {
  const name = checkAliasName(source, change.namePath, change.name);
  const existing = fn.aliases.get(name);
  if (change.create && existing !== undefined) {
    throw invalid(source, change.namePath, `names an alias ${fn.name} already has (${name})`);
  }
  if (!change.create && existing === undefined) {
    throw invalid(source, change.namePath, `names no alias of ${fn.name} (${name})`);
  }
  const version = optionalString(source, change.versionPath, change.version) ?? existing?.functionVersion;
  if (version === undefined) throw invalid(source, change.versionPath, 'is required');
  const exists = (candidate: string) => state.registry.version(fn, candidate) !== undefined;
  if (!exists(version)) {
    const known = ['$LATEST', ...fn.published.map((published) => published.version)].join(', ');
    throw invalid(
      source,
      change.versionPath,
      `names no version of ${fn.name} (it has ${known}; got ${describeValue(version)})`,
    );
  }
  const weights = checkWeights(source, change.weightsPath, change.weights) ?? existing?.weights ?? {};
  const problem = routingProblem(version, weights, exists);
  if (problem !== undefined) throw invalid(source, change.weightsPath, problem.message);
  const alias = state.registry.putAlias(fn, name, {
    version,
    weights,
    description: optionalDescription(source, change.descriptionPath, change.description),
  });
  return state.registry.aliasSnapshot(fn, alias);
}

function requireFunction(state: LambdaState, functionName: unknown): FunctionRecord {
  if (typeof functionName !== 'string') {
    throw invalid(
      { label: 'Lambda emulator call' },
      'functionName',
      `must be a string (got ${describeValue(functionName)})`,
    );
  }
  const fn = state.registry.get(functionName);
  if (fn === undefined) throw new UnknownFunctionError(functionName);
  return fn;
}
