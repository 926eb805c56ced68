import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateDeploymentSpec } from './codedeploy/spec';
import type { CreateDeploymentSpec } from './codedeploy/types';
import { SeedFileError } from './errors';
import type { InputSource } from './validate';
import { childPath, describeValue, expectObject, invalid } from './validate';

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
 * Each entry of `deployments` is a {@link CreateDeploymentSpec}. Top-level keys are per service, so
 * Lambda `functions` and `aliases` can join later without changing what is there.
 */
export interface EmulatorSeed {
  readonly deployments?: readonly CreateDeploymentSpec[];
}

const SEED_KEYS = ['deployments'] as const;

/** Checks a seed, naming the first bad field (e.g. `deployments[0].appSpec`). */
export function validateSeed(source: InputSource, path: string, value: unknown): EmulatorSeed {
  const seed = expectObject(source, path, value, SEED_KEYS);
  if (seed.deployments === undefined) return {};
  const at = childPath(path, 'deployments');
  if (!Array.isArray(seed.deployments)) {
    throw invalid(source, at, `must be an array (got ${describeValue(seed.deployments)})`);
  }
  return {
    deployments: seed.deployments.map((entry: unknown, index) =>
      validateDeploymentSpec(source, childPath(at, index), entry),
    ),
  };
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
  return validateSeed({ label: `seed file ${filePath}` }, '', value);
}
