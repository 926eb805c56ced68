import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/cli` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side.
 */
export abstract class CliError extends BrandedError {
  static override readonly brand: string = '@shiftguard/cli';
}

/** The command line is wrong: an unknown command or option, a bad value. */
export class InvalidCliArgumentsError extends CliError {
  static override readonly brand: string = 'SG_CLI_INVALID_ARGUMENTS';
  readonly code = 'SG_CLI_INVALID_ARGUMENTS' as const;
}

/** A report (`--report`, `--junit`, `--json`) could not be written: the message names the file. */
export class ReportWriteError extends CliError {
  static override readonly brand: string = 'SG_CLI_REPORT_WRITE';
  readonly code = 'SG_CLI_REPORT_WRITE' as const;
}
