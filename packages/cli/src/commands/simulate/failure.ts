import { EXIT } from '../../io';

/** What a thrown error becomes on the command line: the exit code and the text for stderr. */
export interface FailureReport {
  readonly exitCode: number;
  readonly message: string;
}

/** Where each path of `simulateDeployment`'s options comes from on the command line. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  template: 'TEMPLATE',
  function: '--function',
  'code.from': '--from',
  'code.to': '--to',
  'environment.from': '--from-env',
  'environment.to': '--to-env',
  parameters: '--param',
  'traffic.rps': '--rps',
  'traffic.warmupMs': '--warmup',
  timeScale: '--time-scale',
  seed: '--seed',
  stackName: '--stack-name',
};

const LIBRARY_PREFIX = 'simulateDeployment: ';

/**
 * Sorts what `simulateDeployment` threw into the user's input (exit 2: the template, an option, the
 * code to run, said in one line, file:line:column first) and everything else (exit 1: a short line;
 * the stack only when `debug`). Errors are told apart by their stable `code`, so a second copy of the
 * simulator package is read the same.
 */
export function failureReport(error: unknown, debug: boolean): FailureReport {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SG_SIM_TEMPLATE':
      return { exitCode: EXIT.badInput, message: located(error as LocatedError, message) };
    case 'SG_SIM_INVALID_OPTIONS':
      return { exitCode: EXIT.badInput, message: withFlag((error as { path?: unknown }).path, message) };
    case 'SG_SIM_SETUP':
      return { exitCode: EXIT.badInput, message: firstLineOf(message) };
    default: {
      const name = error instanceof Error ? error.name : 'Error';
      const stack = debug && error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
      const hint = debug ? '' : ' (SHIFTGUARD_DEBUG=1 prints the stack)';
      return {
        exitCode: EXIT.failed,
        message: `the simulation failed: ${name}: ${firstLineOf(message)}${hint}${stack}`,
      };
    }
  }
}

interface LocatedError {
  readonly file?: unknown;
  readonly line?: unknown;
  readonly column?: unknown;
}

/** `file:line:column: …`: the template error's own message says it so, unless it knew no line. */
function located(error: LocatedError, message: string): string {
  const where = [error.file, error.line, error.column]
    .filter((part) => typeof part === 'string' || typeof part === 'number')
    .join(':');
  const text = firstLineOf(message);
  return where === '' || text.startsWith(where) ? text : `${where}: ${text}`;
}

/** The option's path in the message replaced by the flag that set it. */
function withFlag(path: unknown, message: string): string {
  const text = firstLineOf(
    message.startsWith(LIBRARY_PREFIX) ? message.slice(LIBRARY_PREFIX.length) : message,
  );
  const option =
    typeof path === 'string'
      ? Object.keys(FLAG_OF_OPTION).find((key) => path === key || path.startsWith(`${key}.`))
      : undefined;
  if (option === undefined) return text;
  const given = path as string;
  // `parameters.Stage` is `--param Stage`.
  const flag =
    given === option
      ? FLAG_OF_OPTION[option]!
      : `${FLAG_OF_OPTION[option]} ${given.slice(option.length + 1)}`;
  if (text.startsWith(`${given}: `) || text.startsWith(`${given} `))
    return `${flag}${text.slice(given.length)}`;
  return `${flag}: ${text}`;
}

function firstLineOf(text: string): string {
  return text.split('\n', 1)[0]!;
}
