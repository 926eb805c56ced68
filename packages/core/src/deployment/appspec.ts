import { DeploymentResolutionError } from '../errors';
import { parseAppSpecDocument } from './appspec-document';
import { LIFECYCLE_EVENTS, type LifecycleEvent } from './lifecycle-event';

/** What a Lambda AppSpec says: the function, alias and versions, and the hook functions per event. */
export interface LambdaAppSpec {
  readonly functionName: string;
  readonly alias: string;
  readonly currentVersion: string | undefined;
  readonly targetVersion: string;
  /** Hook function (name or ARN) per lifecycle event. */
  readonly hooks: Readonly<Partial<Record<LifecycleEvent, string>>>;
}

type Loose = Record<string, unknown>;

/**
 * Parses a Lambda AppSpec, YAML or JSON, matching keys case-insensitively (CodeDeploy accepts
 * `Resources` and `resources`; SAM writes JSON with capitalised keys).
 *
 * @throws DeploymentResolutionError saying what is missing or malformed.
 * @example
 * ```ts
 * parseAppSpec(deploymentInfo.revision.appSpecContent.content).targetVersion; // '7'
 * ```
 */
export function parseAppSpec(content: string): LambdaAppSpec {
  const document = parseAppSpecDocument(content);
  if (!isObject(document)) throw new DeploymentResolutionError('AppSpec must be a mapping with Resources');

  const resources = toEntries(field(document, 'resources'), 'Resources');
  if (resources.length !== 1) {
    throw new DeploymentResolutionError(
      `AppSpec for a Lambda deployment must have exactly one resource, found ${resources.length}`,
    );
  }
  const [resourceName, resource] = resources[0]!;
  if (!isObject(resource))
    throw new DeploymentResolutionError(`AppSpec resource ${resourceName} must be a mapping`);
  const type = field(resource, 'type');
  if (type !== undefined && type !== 'AWS::Lambda::Function') {
    throw new DeploymentResolutionError(
      `AppSpec resource ${resourceName} has Type ${String(type)}, not AWS::Lambda::Function`,
    );
  }
  const properties = field(resource, 'properties');
  if (!isObject(properties))
    throw new DeploymentResolutionError(`AppSpec resource ${resourceName} has no Properties`);

  const hooks: Partial<Record<LifecycleEvent, string>> = {};
  const hooksField = field(document, 'hooks');
  for (const [event, functionName] of hooksField === undefined || hooksField === null
    ? []
    : toEntries(hooksField, 'Hooks')) {
    const known = LIFECYCLE_EVENTS.find((candidate) => candidate.toLowerCase() === event.toLowerCase());
    // A JSON AppSpec may carry a hook function named by digits as a number; YAML read it as text.
    if (known && (typeof functionName === 'string' || typeof functionName === 'number')) {
      hooks[known] = String(functionName);
    }
  }

  return {
    functionName: requiredText(properties, 'name', resourceName),
    alias: requiredText(properties, 'alias', resourceName),
    currentVersion: optionalText(properties, 'currentversion', resourceName),
    targetVersion: requiredText(properties, 'targetversion', resourceName),
    hooks,
  };
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(object: Loose, lowerCaseKey: string): unknown {
  for (const key of Object.keys(object)) if (key.toLowerCase() === lowerCaseKey) return object[key];
  return undefined;
}

/** AppSpec lists are sequences of one-key mappings; a plain mapping is accepted too. */
function toEntries(value: unknown, what: string): [string, unknown][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => {
      if (!isObject(item)) throw new DeploymentResolutionError(`AppSpec ${what}[${index}] must be a mapping`);
      return Object.entries(item);
    });
  }
  if (isObject(value)) return Object.entries(value);
  throw new DeploymentResolutionError(
    `AppSpec ${what} must be a list, got ${value === undefined ? 'nothing' : typeof value}`,
  );
}

function optionalText(properties: Loose, key: string, resourceName: string): string | undefined {
  const value = field(properties, key);
  if (value === undefined || value === null || value === '') return undefined;
  // YAML reads `TargetVersion: 7` as a number; versions are strings to Lambda.
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  throw new DeploymentResolutionError(`AppSpec resource ${resourceName} ${key} must be a string`);
}

function requiredText(properties: Loose, key: string, resourceName: string): string {
  const value = optionalText(properties, key, resourceName);
  if (value === undefined) {
    const label = { name: 'Name', alias: 'Alias', targetversion: 'TargetVersion' }[key] ?? key;
    throw new DeploymentResolutionError(`AppSpec resource ${resourceName} is missing Properties.${label}`);
  }
  return value;
}
