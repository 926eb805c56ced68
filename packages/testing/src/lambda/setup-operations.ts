import { isPlainObject } from '@shiftguard/kit';
import { jsonResult, type RestOperation, type RestRequest } from '../rest-json';
import { ServiceError } from '../service-error';
import {
  combineQualifier,
  FUNCTION_NAME_PATTERN,
  functionArn,
  notFound,
  parseFunctionName,
  validationError,
} from './arn';
import type { CodeRecord } from './handler-loader';
import {
  configuration,
  findAlias,
  invalidContent,
  jsonBody,
  optionalField,
  paginate,
  preconditionFailed,
  requiredField,
  unqualifiedFunction,
} from './operations';
import type { FunctionRecord } from './registry';
import { type LambdaRuntime, NODE_RUNTIMES } from './runtimes';
import { RESERVED_VARIABLES } from './spec';
import type { LambdaState } from './state';
import { resolveHandler } from './zip-code';

/** The API model's `Runtime` enum (from `@aws-sdk/client-lambda`). */
const RUNTIMES = [
  'dotnet10',
  'dotnet6',
  'dotnet8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'go1.x',
  'java11',
  'java11.al2023',
  'java17',
  'java17.al2023',
  'java21',
  'java25',
  'java8',
  'java8.al2',
  'java8.al2023',
  'nodejs',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'nodejs26.x',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'provided',
  'provided.al2',
  'provided.al2023',
  'python2.7',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'python3.15',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'ruby4.0',
];

const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/** Creating, changing, listing and deleting functions over the wire: everything a deploy script does. */
export function setupOperations(state: LambdaState): Readonly<Record<string, RestOperation>> {
  return {
    CreateFunction(request) {
      const input = jsonBody(request);
      const given = requiredField(input, 'FunctionName');
      const reference = parseFunctionName(given, state.region);
      if (reference.qualifier !== undefined || !FUNCTION_NAME_PATTERN.test(reference.name)) {
        throw validationError(given, 'functionName', 'Member must satisfy regular expression pattern');
      }
      const name = reference.name;
      const role = checkRole(requiredField(input, 'Role'));
      if (input.Code === undefined || input.Code === null) {
        throw validationError(null, 'code', 'Member must not be null');
      }
      if (input.PackageType !== undefined && input.PackageType !== 'Zip') {
        throw new ServiceError(
          'InvalidParameterValueException',
          `The emulator runs only Zip packages, not PackageType ${String(input.PackageType)}.`,
        );
      }
      const runtime = optionalField(input, 'Runtime');
      const handler = optionalField(input, 'Handler');
      if (runtime === undefined || handler === undefined) {
        throw new ServiceError(
          'InvalidParameterValueException',
          'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
        );
      }
      const nodeRuntime = checkRuntime(runtime);
      checkHandler(handler);
      const zip = zipFile(input.Code, 'code.zipFile');
      const timeoutMs = timeout(input);
      const memoryMb = memorySize(input);
      const environment = checkEnvironment(input.Environment);
      const description = checkDescription(input);
      const publish = optionalBoolean(input, 'Publish');
      if (state.registry.has(name)) {
        throw new ServiceError('ResourceConflictException', `Function already exist: ${name}`, 409);
      }
      const code = state.code.unpack(name, zip, handler);
      const fn = state.registry.create({
        functionName: name,
        code,
        timeoutMs: timeoutMs ?? 3000,
        memoryMb: memoryMb ?? 128,
        reservedConcurrency: undefined,
        environment: environment ?? {},
        description: description ?? '',
        runtime: nodeRuntime,
        role,
      });
      if (publish === true) {
        const version = state.registry.publish(fn, undefined);
        return jsonResult(201, configuration(state, fn, version, version.version));
      }
      return jsonResult(201, configuration(state, fn, fn.latest, undefined));
    },

    UpdateFunctionCode(request) {
      const fn = unqualifiedFunction(state, request);
      const input = jsonBody(request);
      const zip = zipFile(input, 'zipFile');
      const revisionId = optionalField(input, 'RevisionId');
      if (revisionId !== undefined && revisionId !== fn.latest.revisionId)
        throw preconditionFailed('GetFunction');
      const publish = optionalBoolean(input, 'Publish');
      if (optionalBoolean(input, 'DryRun') === true) {
        state.code.check(zip);
        return jsonResult(200, configuration(state, fn, fn.latest, undefined));
      }
      state.registry.setCode(fn, state.code.unpack(fn.name, zip, fn.latest.code.handlerName));
      if (publish === true) {
        const version = state.registry.publish(fn, undefined);
        return jsonResult(200, configuration(state, fn, version, version.version));
      }
      return jsonResult(200, configuration(state, fn, fn.latest, undefined));
    },

    UpdateFunctionConfiguration(request) {
      const fn = unqualifiedFunction(state, request);
      const input = jsonBody(request);
      const revisionId = optionalField(input, 'RevisionId');
      if (revisionId !== undefined && revisionId !== fn.latest.revisionId)
        throw preconditionFailed('GetFunction');
      const role = optionalField(input, 'Role');
      if (role !== undefined) checkRole(role);
      const given = optionalField(input, 'Runtime');
      const runtime = given === undefined ? undefined : checkRuntime(given);
      const handler = optionalField(input, 'Handler');
      let code: CodeRecord | undefined;
      if (handler !== undefined && handler !== fn.latest.code.handlerName) {
        checkHandler(handler);
        code = rehandle(fn, handler);
      }
      state.registry.configure(fn, {
        code,
        timeoutMs: timeout(input),
        memoryMb: memorySize(input),
        environment: checkEnvironment(input.Environment),
        runtime,
        role,
        description: checkDescription(input),
      });
      return jsonResult(200, configuration(state, fn, fn.latest, undefined));
    },

    DeleteFunction(request) {
      const reference = parseFunctionName(request.params.FunctionName ?? '', state.region);
      const qualifier = combineQualifier(reference, request.query.get('Qualifier'));
      const fn = state.registry.get(reference.name);
      if (fn === undefined) {
        throw notFound(`Function not found: ${functionArn(state.region, reference.name, qualifier)}`);
      }
      if (qualifier === undefined) {
        state.registry.delete(fn);
        state.code.forget(fn.name);
        return { status: 204 };
      }
      if (qualifier === '$LATEST') {
        throw new ServiceError(
          'InvalidParameterValueException',
          '$LATEST version cannot be deleted without deleting the function.',
        );
      }
      const version = /^\d+$/.test(qualifier) ? state.registry.version(fn, qualifier) : undefined;
      if (version === undefined) {
        throw notFound(`Function not found: ${functionArn(state.region, fn.name, qualifier)}`);
      }
      const referencing = [...fn.aliases.values()]
        .filter((alias) => alias.functionVersion === qualifier || qualifier in alias.weights)
        .map((alias) => alias.name);
      if (referencing.length > 0) {
        throw new ServiceError(
          'ResourceConflictException',
          `Unable to delete version because the following aliases reference it: [${referencing.join(', ')}]`,
          409,
        );
      }
      state.registry.deleteVersion(fn, version);
      return { status: 204 };
    },

    ListFunctions(request) {
      const which = request.query.get('FunctionVersion');
      if (which !== null && which !== 'ALL') {
        throw validationError(which, 'functionVersion', 'Member must satisfy enum value set: [ALL]');
      }
      const functions = state.registry
        .all()
        .flatMap((fn) =>
          which === 'ALL'
            ? [fn.latest, ...fn.published].map((version) =>
                configuration(state, fn, version, version.version),
              )
            : [configuration(state, fn, fn.latest, undefined)],
        );
      const page = paginate(functions, request);
      return jsonResult(200, {
        Functions: page.items,
        ...(page.next === undefined ? {} : { NextMarker: page.next }),
      });
    },

    DeleteAlias(request: RestRequest) {
      const fn = unqualifiedFunction(state, request);
      const alias = findAlias(state, fn, request.params.Name ?? '');
      fn.aliases.delete(alias.name);
      return { status: 204 };
    },
  };
}

/** The same code under another `Handler`: re-resolved in an uploaded package, or another export of a module. */
function rehandle(fn: FunctionRecord, handler: string): CodeRecord {
  const code = fn.latest.code;
  if (code.packageDir !== undefined) return resolveHandler(code.packageDir, handler, code.sha256, code.size);
  const [current] = code.handlerName.split('.');
  const dot = handler.indexOf('.');
  const source = code.source;
  if ('module' in source && dot > 0 && handler.slice(0, dot) === current && !handler.includes('/')) {
    return { ...code, handlerName: handler, source: { ...source, export: handler.slice(dot + 1) } };
  }
  throw new ServiceError(
    'InvalidParameterValueException',
    `The emulator can point ${fn.name}'s Handler only at another export of its module (${current}.*): its code was not uploaded as a zip.`,
  );
}

function checkRuntime(runtime: string): LambdaRuntime {
  if (!RUNTIMES.includes(runtime)) {
    throw validationError(runtime, 'runtime', `Member must satisfy enum value set: [${RUNTIMES.join(', ')}]`);
  }
  if ((NODE_RUNTIMES as readonly string[]).includes(runtime)) return runtime as LambdaRuntime;
  if (runtime.startsWith('nodejs') && runtime !== 'nodejs26.x') {
    throw new ServiceError(
      'InvalidParameterValueException',
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  throw new ServiceError(
    'InvalidParameterValueException',
    `The emulator runs only Node.js functions (${NODE_RUNTIMES.join(', ')}), not ${runtime}.`,
  );
}

function checkRole(role: string): string {
  if (!ROLE_PATTERN.test(role)) {
    throw validationError(
      role,
      'role',
      `Member must satisfy regular expression pattern: ${ROLE_PATTERN.source.slice(1, -1)}`,
    );
  }
  return role;
}

function checkHandler(handler: string): void {
  if (handler.length > 128 || !/^[^\s]+$/.test(handler)) {
    throw validationError(handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
  }
}

/** `Code.ZipFile` (or UpdateFunctionCode's `ZipFile`): base64 on the wire. */
function zipFile(holder: unknown, member: string): Uint8Array {
  if (!isPlainObject(holder)) throw invalidContent('Code must be an object');
  const value = holder.ZipFile;
  if (value === undefined || value === null) {
    if (holder.S3Bucket !== undefined || holder.ImageUri !== undefined) {
      throw new ServiceError(
        'InvalidParameterValueException',
        'The emulator takes code as ZipFile only: S3Bucket/S3Key and ImageUri are not emulated.',
      );
    }
    throw new ServiceError('InvalidParameterValueException', 'Please provide a source for function code.');
  }
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw invalidContent(`${member} must be base64`);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function timeout(input: Record<string, unknown>): number | undefined {
  const seconds = optionalInteger(input, 'Timeout', 'timeout', 1, 900);
  return seconds === undefined ? undefined : seconds * 1000;
}

function memorySize(input: Record<string, unknown>): number | undefined {
  return optionalInteger(input, 'MemorySize', 'memorySize', 128, 10240);
}

function optionalInteger(
  input: Record<string, unknown>,
  key: string,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw invalidContent(`${key} must be an integer`);
  if (value < min)
    throw validationError(value, member, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw validationError(value, member, `Member must have value less than or equal to ${max}`);
  return value;
}

function optionalBoolean(input: Record<string, unknown>, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidContent(`${key} must be a boolean`);
  return value;
}

function checkDescription(input: Record<string, unknown>): string | undefined {
  const description = optionalField(input, 'Description');
  if (description !== undefined && description.length > 256) {
    throw validationError(description, 'description', 'Member must have length less than or equal to 256');
  }
  return description;
}

/** `Environment.Variables`; `{}` or `{ Variables: {} }` clears them (UpdateFunctionConfiguration). */
function checkEnvironment(value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw invalidContent('Environment must be an object');
  const variables = value.Variables ?? {};
  if (!isPlainObject(variables)) throw invalidContent('Environment.Variables must be an object');
  const reserved: string[] = [];
  for (const [name, content] of Object.entries(variables)) {
    if (typeof content !== 'string') throw invalidContent(`Environment.Variables.${name} must be a string`);
    if (!/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(name)) {
      throw validationError(
        '[sensitive]',
        'environment.variables',
        'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+',
      );
    }
    if (RESERVED_VARIABLES.has(name)) reserved.push(name);
  }
  if (reserved.length > 0) {
    throw new ServiceError(
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  return Object.freeze({ ...(variables as Record<string, string>) });
}
