import type { InputSource } from '../validate';
import {
  childPath,
  describeValue,
  expectObject,
  invalid,
  isPlainObject,
  optionalInteger,
  optionalString,
} from '../validate';
import { ALIAS_NAME_PATTERN, FUNCTION_NAME_PATTERN } from './arn';
import { type CodeRecord, checkHandlerSource } from './handler-loader';
import type { FunctionDefinition } from './registry';

const FUNCTION_KEYS = [
  'functionName',
  'handler',
  'timeoutMs',
  'memoryMb',
  'reservedConcurrency',
  'environment',
  'description',
] as const;

/** Lambda refuses these in a function's environment: the runtime sets them. */
const RESERVED_VARIABLES = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** Lambda's limits: 15-minute timeout, 128 MB to 10,240 MB of memory. */
const MAX_TIMEOUT_MS = 15 * 60 * 1000;

/** Resolves a seed file's relative module paths; absent for programmatic input. */
export type PathResolver = (modulePath: string) => string;

export function checkFunctionSpec(
  source: InputSource,
  path: string,
  value: unknown,
  resolvePath?: PathResolver,
): FunctionDefinition {
  const spec = expectObject(source, path, value, FUNCTION_KEYS);
  const at = (key: string) => childPath(path, key);
  const functionName = optionalString(source, at('functionName'), spec.functionName, {
    pattern: FUNCTION_NAME_PATTERN,
    patternHint: 'a Lambda function name (letters, digits, - and _, at most 64)',
  });
  if (functionName === undefined) throw invalid(source, at('functionName'), 'is required');
  if (spec.handler === undefined) throw invalid(source, at('handler'), 'is required');
  const code = checkHandlerSource(source, at('handler'), spec.handler, resolvePath);
  const description = spec.description ?? '';
  if (typeof description !== 'string') {
    throw invalid(source, at('description'), `must be a string (got ${describeValue(description)})`);
  }
  return {
    functionName,
    code,
    timeoutMs:
      optionalInteger(source, at('timeoutMs'), spec.timeoutMs, { min: 1, max: MAX_TIMEOUT_MS }) ?? 3000,
    memoryMb: optionalInteger(source, at('memoryMb'), spec.memoryMb, { min: 128, max: 10240 }) ?? 128,
    reservedConcurrency: optionalInteger(source, at('reservedConcurrency'), spec.reservedConcurrency, {
      min: 0,
      max: 1000,
    }),
    environment: checkEnvironment(source, at('environment'), spec.environment),
    description,
  };
}

export function checkPublishOptions(
  source: InputSource,
  path: string,
  value: unknown,
  resolvePath?: PathResolver,
): { code: CodeRecord | undefined; description: string | undefined } {
  if (value === undefined) return { code: undefined, description: undefined };
  const options = expectObject(source, path, value, ['handler', 'description']);
  const code =
    options.handler === undefined
      ? undefined
      : checkHandlerSource(source, childPath(path, 'handler'), options.handler, resolvePath);
  return {
    code,
    description: optionalDescription(source, childPath(path, 'description'), options.description),
  };
}

export function checkAliasName(source: InputSource, path: string, value: unknown): string {
  const name = optionalString(source, path, value, {
    pattern: ALIAS_NAME_PATTERN,
    patternHint: 'an alias name (letters, digits, - and _, not only digits, at most 128)',
  });
  if (name === undefined) throw invalid(source, path, 'is required');
  return name;
}

export function checkWeights(
  source: InputSource,
  path: string,
  value: unknown,
): Readonly<Record<string, number>> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw invalid(source, path, `must be an object (got ${describeValue(value)})`);
  for (const [version, weight] of Object.entries(value)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) {
      throw invalid(
        source,
        childPath(path, version),
        `must be a weight from 0 to 1 (got ${describeValue(weight)})`,
      );
    }
  }
  return value as Record<string, number>;
}

export function optionalDescription(source: InputSource, path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw invalid(source, path, `must be a string (got ${describeValue(value)})`);
  return value;
}

function checkEnvironment(
  source: InputSource,
  path: string,
  value: unknown,
): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (!isPlainObject(value))
    throw invalid(source, path, `must be an object of strings (got ${describeValue(value)})`);
  for (const [name, variable] of Object.entries(value)) {
    if (!/^[a-zA-Z]\w*$/.test(name)) {
      throw invalid(
        source,
        childPath(path, name),
        'is not a valid variable name (a letter, then letters, digits and _)',
      );
    }
    if (RESERVED_VARIABLES.has(name)) {
      throw invalid(source, childPath(path, name), 'is reserved by Lambda (the runtime sets it)');
    }
    if (typeof variable !== 'string') {
      throw invalid(source, childPath(path, name), `must be a string (got ${describeValue(variable)})`);
    }
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}
