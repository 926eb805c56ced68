import { types } from 'node:util';

/** The payload of a function error, as Lambda's Node.js runtime posts it: `{"errorType","errorMessage","trace"}`. */
export interface FunctionErrorBody {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/**
 * What the runtime answers for a thrown value. Errors from another realm (a handler module loaded
 * outside a test sandbox) fail `instanceof Error`, hence the duck typing the runtime also does.
 */
export function toFunctionError(error: unknown): FunctionErrorBody {
  try {
    if (isError(error)) {
      return {
        errorType: error.name.replaceAll('\x7F', '%7F'),
        errorMessage: error.message.replaceAll('\x7F', '%7F'),
        trace: (error.stack ?? '').replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/**
 * The runtime's `Invoke Error` log line body: a tab, then the error as JSON with its own enumerable
 * properties and the stack as an array of lines.
 */
export function formatErrorForLog(error: unknown): string {
  const value = isError(error) ? error : new Error(String(error));
  try {
    return `\t${JSON.stringify(value, (_key, current: unknown) => withEnumerableProperties(current))}`;
  } catch {
    return `\t${JSON.stringify(toFunctionError(value))}`;
  }
}

function withEnumerableProperties(value: unknown): unknown {
  if (!isError(value)) return value;
  const copy: Record<string, unknown> = {
    errorType: value.name,
    errorMessage: value.message,
    code: (value as { code?: unknown }).code,
  };
  Object.assign(copy, value);
  if (typeof value.stack === 'string') copy.stack = value.stack.split('\n');
  return copy;
}

function isError(value: unknown): value is Error {
  if (types.isNativeError(value)) return true;
  const candidate = value as { name?: unknown; message?: unknown; stack?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    typeof candidate.message === 'string' &&
    typeof candidate.stack === 'string'
  );
}
