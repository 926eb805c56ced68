// What every command's argument parser shares: one way to refuse a command line, to answer --help,
// and the checks several commands' flags go through, so a flag reads the same on every command.
import { resolve } from 'node:path';
import type { ReportTargets } from '../report/write';

/** A command line that is wrong: {@link parseCommandLine} turns it into `{ kind: 'invalid', message }`. */
export class InvalidArgument extends Error {}

/** A command line as parsed: what to run, `help`, or why it is wrong. */
export type ParsedCommand<T> =
  | T
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Runs `parse` (node:util `parseArgs` with the command's options), answers `--help`, then `build`s
 * the command from the values; never throws for what the user typed. `parseArgs`' own messages name
 * the option; an {@link InvalidArgument} that `build` throws gives its message.
 */
export function parseCommandLine<V extends { readonly help?: boolean | undefined }, T>(
  argv: readonly string[],
  parse: (argv: readonly string[]) => { readonly values: V; readonly positionals: string[] },
  build: (values: V, positionals: readonly string[]) => T,
): ParsedCommand<T> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  if (parsed.values.help) return { kind: 'help' };
  try {
    return build(parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof InvalidArgument) return { kind: 'invalid', message: error.message };
    throw error;
  }
}

/** The one positional argument a command takes (`TEMPLATE`, `CHECKS_MODULE`), not empty. */
export function onePositional(positionals: readonly string[], name: string, what: string): string {
  if (positionals.length === 0) throw new InvalidArgument(`${name} is required: ${what}`);
  if (positionals.length > 1) {
    throw new InvalidArgument(`takes one ${name}, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const value = positionals[0]!;
  if (value === '') throw new InvalidArgument(`${name} must not be empty`);
  return value;
}

export function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === '') throw new InvalidArgument(`${flag} must not be empty`);
  return value;
}

export function matching<T extends string | undefined>(
  flag: string,
  value: T,
  pattern: RegExp,
  what: string,
): T {
  if (value === undefined) return value;
  if (!pattern.test(value)) throw new InvalidArgument(`${flag} must be ${what} (got "${value}")`);
  return value;
}

/** `K=V` pairs, the value everything after the first `=` (so it may hold `=`); a later key wins. */
export function pairs(
  flag: string,
  given: readonly string[] | undefined,
  key: RegExp,
  what: string,
): Readonly<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const pair of given ?? []) {
    const at = pair.indexOf('=');
    if (at < 0) throw new InvalidArgument(`${flag} must be K=V (got "${pair}")`);
    const name = pair.slice(0, at);
    if (!key.test(name)) throw new InvalidArgument(`${flag} ${pair}: "${name}" is not ${what}`);
    result[name] = pair.slice(at + 1);
  }
  return result;
}

/** `--report`, `--junit` and `--json`: each a file (`--json -`: stdout), no two the same. */
export function reportTargets(values: {
  readonly report?: string | undefined;
  readonly junit?: string | undefined;
  readonly json?: string | undefined;
}): ReportTargets {
  const html = nonEmpty('--report', values.report);
  const junit = nonEmpty('--junit', values.junit);
  const json = nonEmpty('--json', values.json);
  if (html === '-' || junit === '-') {
    throw new InvalidArgument(
      `${html === '-' ? '--report' : '--junit'} needs a file; only --json - prints to stdout`,
    );
  }
  const files = [html, junit, json === '-' ? undefined : json].filter((file) => file !== undefined);
  const same = files.find(
    (file, index) => files.findIndex((other) => resolve(other) === resolve(file)) !== index,
  );
  if (same !== undefined) {
    throw new InvalidArgument(`two reports would be written to ${same}: give each its own file`);
  }
  return {
    ...(html !== undefined && { html }),
    ...(junit !== undefined && { junit }),
    ...(json !== undefined && { json }),
  };
}
