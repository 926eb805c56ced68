import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Validator } from '@shiftguard/kit';
import { validateDeploymentSpec } from './codedeploy/spec';
import type { CreateDeploymentSpec } from './codedeploy/types';
import { SeedFileError } from './errors';
import { type LambdaSeedFunction, validateSeedFunction } from './lambda/seed';
import { inputValidator } from './validate';

/**
 * State to start the emulator with. As a JSON file (see {@link loadSeedFile}):
 *
 * ```json
 * {
 *   "deployments": [
 *     { "deploymentId": "d-SEEDED001", "applicationName": "orders", "appSpec": "version: 0.0\nHooks:\n  - BeforeAllowTraffic: pre-hook\n" },
 *     { "revisionType": "S3", "appSpec": { "version": 0.0, "Hooks": [{ "AfterAllowTraffic": "post-hook" }] } }
 *   ]
 * }
 * ```
 *
 * Each entry of `deployments` is a {@link CreateDeploymentSpec}. Each entry of `functions` is a
 * {@link LambdaSeedFunction}: a function with handler modules (paths relative to the seed file),
 * the versions to publish in order and the aliases to create:
 *
 * ```json
 * {
 *   "functions": [
 *     {
 *       "functionName": "orders-api",
 *       "handler": { "module": "./handlers/good.mjs" },
 *       "versions": [{}, { "handler": { "module": "./handlers/bad.mjs" } }],
 *       "aliases": [{ "name": "live", "version": "1", "additionalVersionWeights": { "2": 0.1 } }]
 *     }
 *   ]
 * }
 * ```
 */
export interface EmulatorSeed {
  readonly deployments?: readonly CreateDeploymentSpec[];
  readonly functions?: readonly LambdaSeedFunction[];
}

const SEED_KEYS = ['deployments', 'functions'] as const;

/**
 * Checks a seed, naming the first bad field (e.g. `deployments[0].appSpec`). `baseDir` resolves
 * relative handler module paths (a seed file's directory); without it they must be absolute.
 */
export function validateSeed(v: Validator, path: string, value: unknown, baseDir?: string): EmulatorSeed {
  const seed = v.object(value, path, SEED_KEYS);
  const checked: { -readonly [K in keyof EmulatorSeed]: EmulatorSeed[K] } = {};
  const deploymentsPath = Validator.join(path, 'deployments');
  const deployments = v.array(seed.deployments, deploymentsPath);
  if (deployments !== undefined) {
    checked.deployments = deployments.map((entry, index) =>
      validateDeploymentSpec(v, Validator.join(deploymentsPath, index), entry),
    );
  }
  const functionsPath = Validator.join(path, 'functions');
  const functions = v.array(seed.functions, functionsPath);
  if (functions !== undefined) {
    checked.functions = functions.map((entry, index) =>
      validateSeedFunction(v, Validator.join(functionsPath, index), entry, baseDir),
    );
  }
  return checked;
}

/**
 * Reads and validates a seed file (JSON, format in {@link EmulatorSeed}).
 * Throws {@link SeedFileError} when the file is missing, unreadable or not JSON, and
 * {@link InvalidEmulatorInputError} naming the path into the JSON when its content is wrong.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ seed: await loadSeedFile('test/fixtures/seed.json') });
 * ```
 */
export async function loadSeedFile(path: string): Promise<EmulatorSeed> {
  const filePath = resolve(path);
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SeedFileError(
      missing
        ? `Seed file not found: ${filePath}`
        : `Seed file unreadable: ${filePath}: ${(error as Error).message}`,
      { filePath, reason: missing ? 'missing' : 'unreadable', cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError(`Seed file is not valid JSON: ${filePath}: ${(error as Error).message}`, {
      filePath,
      reason: 'syntax',
      cause: error,
    });
  }
  return validateSeed(inputValidator(`seed file ${filePath}`), '', value, dirname(filePath));
}
