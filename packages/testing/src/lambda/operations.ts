import { randomUUID } from 'node:crypto';
import { isPlainObject } from '@shiftguard/kit';
import { ACCOUNT_ID } from '../account';
import { jsonResult, parseJsonObjectBody, type RestOperation, type RestRequest } from '../rest-json';
import { ServiceError } from '../service-error';
import {
  ALIAS_NAME_PATTERN,
  combineQualifier,
  functionArn,
  notFound,
  parseFunctionName,
  validationError,
} from './arn';
import { invokeOperation } from './invoke';
import type { AliasRecord, FunctionRecord, VersionRecord } from './registry';
import { routingProblem } from './routing';
import { setupOperations } from './setup-operations';
import type { LambdaState } from './state';

const DEFAULT_PAGE = 50;

/** The emulated Lambda operations by name, each answering with the status code of the API model. */
export function lambdaOperations(state: LambdaState): Readonly<Record<string, RestOperation>> {
  return {
    Invoke: invokeOperation(state),
    ...setupOperations(state),

    GetFunction(request) {
      const { fn, version, qualifier } = resolveVersion(state, request);
      return jsonResult(200, {
        Configuration: configuration(state, fn, version, qualifier),
        Code: {
          RepositoryType: 'S3',
          Location: `https://awslambda-${state.region}-tasks.s3.${state.region}.amazonaws.com/snapshots/${ACCOUNT_ID}/${fn.name}-${randomUUID()}`,
        },
        ...(fn.reservedConcurrency === undefined
          ? {}
          : { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
      });
    },

    GetFunctionConfiguration(request) {
      const { fn, version, qualifier } = resolveVersion(state, request);
      return jsonResult(200, configuration(state, fn, version, qualifier));
    },

    ListVersionsByFunction(request) {
      const fn = unqualifiedFunction(state, request);
      const versions = [fn.latest, ...fn.published].map((version) =>
        configuration(state, fn, version, version.version),
      );
      const page = paginate(versions, request);
      return jsonResult(200, {
        Versions: page.items,
        ...(page.next === undefined ? {} : { NextMarker: page.next }),
      });
    },

    PublishVersion(request) {
      const fn = unqualifiedFunction(state, request);
      const input = jsonBody(request);
      const codeSha256 = optionalField(input, 'CodeSha256');
      const revisionId = optionalField(input, 'RevisionId');
      const description = optionalField(input, 'Description');
      if (codeSha256 !== undefined && codeSha256 !== fn.latest.code.sha256) {
        throw new ServiceError(
          'InvalidParameterValueException',
          `CodeSHA256 (${codeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.code.sha256}). Please try again with the CodeSHA256 in $LATEST.`,
        );
      }
      if (revisionId !== undefined && revisionId !== fn.latest.revisionId) {
        throw preconditionFailed('GetFunction');
      }
      const version = state.registry.publish(fn, description);
      return jsonResult(201, configuration(state, fn, version, version.version));
    },

    GetAlias(request) {
      const fn = unqualifiedFunction(state, request);
      return jsonResult(200, aliasConfiguration(state, fn, findAlias(state, fn, request.params.Name ?? '')));
    },

    ListAliases(request) {
      const fn = unqualifiedFunction(state, request);
      const version = request.query.get('FunctionVersion');
      const aliases = [...fn.aliases.values()]
        .filter((alias) => version === null || version === '' || alias.functionVersion === version)
        .map((alias) => aliasConfiguration(state, fn, alias));
      const page = paginate(aliases, request);
      return jsonResult(200, {
        Aliases: page.items,
        ...(page.next === undefined ? {} : { NextMarker: page.next }),
      });
    },

    CreateAlias(request) {
      const fn = unqualifiedFunction(state, request);
      const input = jsonBody(request);
      const name = requiredField(input, 'Name');
      checkAliasName(name);
      const functionVersion = requiredField(input, 'FunctionVersion');
      if (fn.aliases.has(name)) {
        throw new ServiceError(
          'ResourceConflictException',
          `Alias already exists: ${functionArn(state.region, fn.name, name)}`,
          409,
        );
      }
      const weights = checkRouting(state, fn, functionVersion, input.RoutingConfig);
      const alias = state.registry.putAlias(fn, name, {
        version: functionVersion,
        weights: weights ?? {},
        description: optionalField(input, 'Description') ?? '',
      });
      return jsonResult(201, aliasConfiguration(state, fn, alias));
    },

    UpdateAlias(request) {
      const fn = unqualifiedFunction(state, request);
      const alias = findAlias(state, fn, request.params.Name ?? '');
      const input = jsonBody(request);
      const revisionId = optionalField(input, 'RevisionId');
      if (revisionId !== undefined && revisionId !== alias.revisionId) throw preconditionFailed('GetAlias');
      const functionVersion = optionalField(input, 'FunctionVersion') ?? alias.functionVersion;
      // Without RoutingConfig the existing routing must still fit the (possibly new) primary version.
      const weights = checkRouting(
        state,
        fn,
        functionVersion,
        input.RoutingConfig ?? { AdditionalVersionWeights: alias.weights },
      );
      const updated = state.registry.putAlias(fn, alias.name, {
        version: functionVersion,
        weights: weights ?? {},
        description: optionalField(input, 'Description'),
      });
      return jsonResult(200, aliasConfiguration(state, fn, updated));
    },
  };
}

/** FunctionConfiguration as the API returns it; `qualifier` decides whether the ARN is qualified. */
export function configuration(
  state: LambdaState,
  fn: FunctionRecord,
  version: VersionRecord,
  qualifier: string | undefined,
): Record<string, unknown> {
  const environment = version.environment;
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(state.region, fn.name, qualifier),
    Runtime: version.runtime,
    Role: version.role,
    Handler: version.code.handlerName,
    CodeSize: version.code.size,
    Description: version.description,
    // Lambda's timeout is whole seconds; a sub-second emulator timeout shows as 1.
    Timeout: Math.max(1, Math.ceil(version.timeoutMs / 1000)),
    MemorySize: version.memoryMb,
    LastModified: new Date(version.lastModified).toISOString().replace('Z', '+0000'),
    CodeSha256: version.code.sha256,
    Version: version.version,
    ...(Object.keys(environment).length === 0 ? {} : { Environment: { Variables: { ...environment } } }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: version.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}

function aliasConfiguration(
  state: LambdaState,
  fn: FunctionRecord,
  alias: AliasRecord,
): Record<string, unknown> {
  return {
    AliasArn: functionArn(state.region, fn.name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(Object.keys(alias.weights).length === 0
      ? {}
      : { RoutingConfig: { AdditionalVersionWeights: { ...alias.weights } } }),
    RevisionId: alias.revisionId,
  };
}

/** A function plus the version its qualifier names (an alias names its primary version). */
function resolveVersion(
  state: LambdaState,
  request: RestRequest,
): { fn: FunctionRecord; version: VersionRecord; qualifier: string | undefined } {
  const reference = parseFunctionName(request.params.FunctionName ?? '', state.region);
  const qualifier = combineQualifier(reference, request.query.get('Qualifier'));
  const fn = state.registry.get(reference.name);
  const missing = () =>
    notFound(`Function not found: ${functionArn(state.region, reference.name, qualifier)}`);
  if (fn === undefined) throw missing();
  if (qualifier === undefined) return { fn, version: fn.latest, qualifier };
  const alias = fn.aliases.get(qualifier);
  const version = state.registry.version(fn, alias?.functionVersion ?? qualifier);
  if (version === undefined) throw missing();
  return { fn, version, qualifier };
}

/** Operations on the function as a whole take a name or ARN without a qualifier. */
export function unqualifiedFunction(state: LambdaState, request: RestRequest): FunctionRecord {
  const value = request.params.FunctionName ?? '';
  const reference = parseFunctionName(value, state.region);
  if (reference.qualifier !== undefined) {
    throw validationError(
      value,
      'functionName',
      'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)',
    );
  }
  const fn = state.registry.get(reference.name);
  if (fn === undefined) throw notFound(`Function not found: ${functionArn(state.region, reference.name)}`);
  return fn;
}

export function findAlias(state: LambdaState, fn: FunctionRecord, name: string): AliasRecord {
  checkAliasName(name);
  const alias = fn.aliases.get(name);
  if (alias === undefined) {
    throw notFound(`Cannot find alias arn: ${functionArn(state.region, fn.name, name)}`);
  }
  return alias;
}

function checkAliasName(name: string): void {
  if (!ALIAS_NAME_PATTERN.test(name)) {
    throw validationError(
      name,
      'name',
      'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)',
    );
  }
}

/** Validates `FunctionVersion` and `RoutingConfig` together; returns the weights to store. */
function checkRouting(
  state: LambdaState,
  fn: FunctionRecord,
  functionVersion: string,
  routingConfig: unknown,
): Readonly<Record<string, number>> | undefined {
  if (state.registry.version(fn, functionVersion) === undefined) {
    throw notFound(`Function not found: ${functionArn(state.region, fn.name, functionVersion)}`);
  }
  if (routingConfig === undefined || routingConfig === null) return undefined;
  if (!isPlainObject(routingConfig)) throw invalidContent('RoutingConfig must be an object');
  const weights = routingConfig.AdditionalVersionWeights ?? {};
  if (!isPlainObject(weights)) throw invalidContent('AdditionalVersionWeights must be an object');
  const problem = routingProblem(
    functionVersion,
    weights,
    (version) => state.registry.version(fn, version) !== undefined,
  );
  if (problem?.kind === 'range')
    throw new ServiceError('ValidationException', `1 validation error detected: ${problem.message}`);
  if (problem?.kind === 'missing') {
    throw notFound(`Function not found: ${functionArn(state.region, fn.name, problem.version)}`);
  }
  if (problem !== undefined) throw new ServiceError('InvalidParameterValueException', problem.message);
  return weights as Record<string, number>;
}

/** Pages by position; the marker is opaque to callers, as Lambda's is. */
export function paginate<T>(
  items: readonly T[],
  request: RestRequest,
): { items: T[]; next: string | undefined } {
  const maxItems = request.query.get('MaxItems');
  let size = DEFAULT_PAGE;
  if (maxItems !== null) {
    size = Number(maxItems);
    if (!Number.isInteger(size) || size < 1 || size > 10000) {
      throw validationError(maxItems, 'maxItems', 'Member must have value between 1 and 10000');
    }
  }
  const marker = request.query.get('Marker');
  let start = 0;
  if (marker !== null && marker !== '') {
    start = Number(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!/^\d+$/.test(Buffer.from(marker, 'base64url').toString('utf8')) || start > items.length) {
      throw new ServiceError('InvalidParameterValueException', 'Invalid marker');
    }
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}

export function preconditionFailed(getter: string): ServiceError {
  return new ServiceError(
    'PreconditionFailedException',
    `The Revision Id provided does not match the latest Revision Id. Call the ${getter} API to retrieve the latest Revision Id`,
    412,
  );
}

export function jsonBody(request: RestRequest): Record<string, unknown> {
  return parseJsonObjectBody(request.body, (detail) =>
    invalidContent(`Could not parse request body into json: ${detail}`),
  );
}

export function invalidContent(message: string): ServiceError {
  return new ServiceError('InvalidRequestContentException', message);
}

export function optionalField(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidContent(`${key} must be a string`);
  return value;
}

export function requiredField(input: Record<string, unknown>, key: string): string {
  const value = optionalField(input, key);
  if (value === undefined || value === '') {
    throw validationError(null, key.charAt(0).toLowerCase() + key.slice(1), 'Member must not be null');
  }
  return value;
}
