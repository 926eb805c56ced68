import { isAbsolute, resolve } from 'node:path';
import type { InputSource } from '../validate';
import { childPath, describeValue, expectObject, invalid } from '../validate';
import {
  checkAliasName,
  checkFunctionSpec,
  checkPublishOptions,
  checkWeights,
  optionalDescription,
} from './spec';
import type { CreateFunctionSpec, LambdaHandlerSource } from './types';

/** A version to publish from a seed; without `handler` it publishes `$LATEST` as it stands. */
export interface LambdaSeedVersion {
  readonly handler?: LambdaHandlerSource;
  readonly description?: string;
}

export interface LambdaSeedAlias {
  readonly name: string;
  /** `$LATEST` or the number of a version listed in `versions` (the first is `1`). */
  readonly version: string;
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
  readonly description?: string;
}

/**
 * A function in a seed: a {@link CreateFunctionSpec} plus the versions to publish, in order, and
 * the aliases to create. In a seed file, module paths are relative to the file.
 */
export interface LambdaSeedFunction extends CreateFunctionSpec {
  readonly versions?: readonly LambdaSeedVersion[];
  readonly aliases?: readonly LambdaSeedAlias[];
}

const SEED_FUNCTION_KEYS = [
  'functionName',
  'handler',
  'timeoutMs',
  'memoryMb',
  'reservedConcurrency',
  'environment',
  'description',
  'versions',
  'aliases',
] as const;
const ALIAS_KEYS = ['name', 'version', 'additionalVersionWeights', 'description'] as const;

/**
 * Checks one seeded function's shape and resolves its module paths against `baseDir` (the seed
 * file's directory). Whether versions and aliases fit together is checked when the seed is applied.
 */
export function validateSeedFunction(
  source: InputSource,
  path: string,
  value: unknown,
  baseDir: string | undefined,
): LambdaSeedFunction {
  const seed = expectObject(source, path, value, SEED_FUNCTION_KEYS);
  const resolvePath =
    baseDir === undefined
      ? undefined
      : (modulePath: string) => (isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath));
  const { versions, aliases, ...spec } = seed;
  const definition = checkFunctionSpec(source, path, spec, resolvePath);
  const checked: { -readonly [K in keyof LambdaSeedFunction]: LambdaSeedFunction[K] } = {
    ...(spec as unknown as CreateFunctionSpec),
    handler: definition.code.source,
  };
  if (versions !== undefined) {
    const at = childPath(path, 'versions');
    if (!Array.isArray(versions))
      throw invalid(source, at, `must be an array (got ${describeValue(versions)})`);
    checked.versions = versions.map((version: unknown, index) => {
      const versionPath = childPath(at, index);
      const options = checkPublishOptions(source, versionPath, version ?? {}, resolvePath);
      return {
        ...(options.code === undefined ? {} : { handler: options.code.source }),
        ...(options.description === undefined ? {} : { description: options.description }),
      };
    });
  }
  if (aliases !== undefined) {
    const at = childPath(path, 'aliases');
    if (!Array.isArray(aliases))
      throw invalid(source, at, `must be an array (got ${describeValue(aliases)})`);
    checked.aliases = aliases.map((alias: unknown, index) =>
      checkSeedAlias(source, childPath(at, index), alias),
    );
  }
  return checked;
}

function checkSeedAlias(source: InputSource, path: string, value: unknown): LambdaSeedAlias {
  const alias = expectObject(source, path, value, ALIAS_KEYS);
  const name = checkAliasName(source, childPath(path, 'name'), alias.name);
  if (typeof alias.version !== 'string' || alias.version === '') {
    throw invalid(
      source,
      childPath(path, 'version'),
      `must be a version such as "1" or "$LATEST" (got ${describeValue(alias.version)})`,
    );
  }
  const weights = checkWeights(
    source,
    childPath(path, 'additionalVersionWeights'),
    alias.additionalVersionWeights,
  );
  const description = optionalDescription(source, childPath(path, 'description'), alias.description);
  return {
    name,
    version: alias.version,
    ...(weights === undefined ? {} : { additionalVersionWeights: weights }),
    ...(description === undefined ? {} : { description }),
  };
}
