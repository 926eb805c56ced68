import { isAbsolute, resolve } from 'node:path';
import { Validator } from '@shiftguard/kit';

import { checkAliasName, checkFunctionSpec, checkPublishOptions, checkWeights } from './spec';
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
  'runtime',
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
  v: Validator,
  path: string,
  value: unknown,
  baseDir: string | undefined,
): LambdaSeedFunction {
  const seed = v.object(value, path, SEED_FUNCTION_KEYS);
  const resolvePath =
    baseDir === undefined
      ? undefined
      : (modulePath: string) => (isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath));
  const { versions, aliases, ...spec } = seed;
  const definition = checkFunctionSpec(v, path, spec, resolvePath);
  const checked: { -readonly [K in keyof LambdaSeedFunction]: LambdaSeedFunction[K] } = {
    ...(spec as unknown as CreateFunctionSpec),
    handler: definition.code.source,
  };
  const versionsPath = Validator.join(path, 'versions');
  const versionList = v.array(versions, versionsPath);
  if (versionList !== undefined) {
    checked.versions = versionList.map((version, index) => {
      const options = checkPublishOptions(v, Validator.join(versionsPath, index), version ?? {}, resolvePath);
      return {
        ...(options.code === undefined ? {} : { handler: options.code.source }),
        ...(options.description === undefined ? {} : { description: options.description }),
      };
    });
  }
  const aliasesPath = Validator.join(path, 'aliases');
  const aliasList = v.array(aliases, aliasesPath);
  if (aliasList !== undefined) {
    checked.aliases = aliasList.map((alias, index) =>
      checkSeedAlias(v, Validator.join(aliasesPath, index), alias),
    );
  }
  return checked;
}

function checkSeedAlias(v: Validator, path: string, value: unknown): LambdaSeedAlias {
  const alias = v.object(value, path, ALIAS_KEYS);
  const at = (key: string) => Validator.join(path, key);
  const name = checkAliasName(v, at('name'), alias.name);
  const version = v.string(alias.version, at('version')) ?? v.fail(at('version'), 'is required');
  const weights = checkWeights(v, at('additionalVersionWeights'), alias.additionalVersionWeights);
  const description = v.string(alias.description, at('description'), { allowEmpty: true });
  return {
    name,
    version,
    ...(weights === undefined ? {} : { additionalVersionWeights: weights }),
    ...(description === undefined ? {} : { description }),
  };
}
