import { isPlainObject, Validator } from '@shiftguard/kit';

import { ALIAS_NAME_PATTERN, FUNCTION_NAME_PATTERN } from './arn';
import { type CodeRecord, checkHandlerSource } from './handler-loader';
import type { FunctionDefinition } from './registry';
import { NODE_RUNTIMES } from './runtimes';

const FUNCTION_KEYS = [
  'functionName',
  'handler',
  'runtime',
  'timeoutMs',
  'memoryMb',
  'reservedConcurrency',
  'environment',
  'description',
] as const;

/** Lambda refuses these in a function's environment: the runtime sets them. */
export const RESERVED_VARIABLES = new Set([
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
  v: Validator,
  path: string,
  value: unknown,
  resolvePath?: PathResolver,
): FunctionDefinition {
  const spec = v.object(value, path, FUNCTION_KEYS);
  const at = (key: string) => Validator.join(path, key);
  const functionName =
    v.string(spec.functionName, at('functionName'), {
      pattern: FUNCTION_NAME_PATTERN,
      patternHint: 'a Lambda function name (letters, digits, - and _, at most 64)',
    }) ?? v.fail(at('functionName'), 'is required');
  if (spec.handler === undefined) v.fail(at('handler'), 'is required');
  const code = checkHandlerSource(v, at('handler'), spec.handler, resolvePath);
  return {
    functionName,
    code,
    timeoutMs: v.integer(spec.timeoutMs, at('timeoutMs'), { min: 1, max: MAX_TIMEOUT_MS }) ?? 3000,
    memoryMb: v.integer(spec.memoryMb, at('memoryMb'), { min: 128, max: 10240 }) ?? 128,
    reservedConcurrency: v.integer(spec.reservedConcurrency, at('reservedConcurrency'), {
      min: 0,
      max: 1000,
    }),
    environment: checkEnvironment(v, at('environment'), spec.environment),
    description: v.string(spec.description, at('description'), { allowEmpty: true }) ?? '',
    runtime: v.oneOf(spec.runtime, at('runtime'), NODE_RUNTIMES),
  };
}

export function checkPublishOptions(
  v: Validator,
  path: string,
  value: unknown,
  resolvePath?: PathResolver,
): { code: CodeRecord | undefined; description: string | undefined } {
  if (value === undefined) return { code: undefined, description: undefined };
  const options = v.object(value, path, ['handler', 'description']);
  const code =
    options.handler === undefined
      ? undefined
      : checkHandlerSource(v, Validator.join(path, 'handler'), options.handler, resolvePath);
  return {
    code,
    description: v.string(options.description, Validator.join(path, 'description'), { allowEmpty: true }),
  };
}

export function checkAliasName(v: Validator, path: string, value: unknown): string {
  return (
    v.string(value, path, {
      pattern: ALIAS_NAME_PATTERN,
      patternHint: 'an alias name (letters, digits, - and _, not only digits, at most 128)',
    }) ?? v.fail(path, 'is required')
  );
}

export function checkWeights(
  v: Validator,
  path: string,
  value: unknown,
): Readonly<Record<string, number>> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return v.wrongType(path, 'an object', value);
  for (const [version, weight] of Object.entries(value)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) {
      v.wrongValue(Validator.join(path, version), 'a weight from 0 to 1', weight);
    }
  }
  return value as Record<string, number>;
}

function checkEnvironment(v: Validator, path: string, value: unknown): Readonly<Record<string, string>> {
  const variables = v.stringMap(value, path);
  if (variables === undefined) return {};
  for (const name of Object.keys(variables)) {
    if (!/^[a-zA-Z]\w*$/.test(name)) {
      v.fail(
        Validator.join(path, name),
        'is not a valid variable name (a letter, then letters, digits and _)',
      );
    }
    if (RESERVED_VARIABLES.has(name)) {
      v.fail(Validator.join(path, name), 'is reserved by Lambda (the runtime sets it)');
    }
  }
  return Object.freeze({ ...variables });
}
