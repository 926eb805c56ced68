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

/** A report (`--report`, `--junit`, `--json`) or validate's `--output` could not be written: the message names the file. */
export class ReportWriteError extends CliError {
  static override readonly brand: string = 'SG_CLI_REPORT_WRITE';
  readonly code = 'SG_CLI_REPORT_WRITE' as const;
}

/** `shiftguard run`'s CHECKS_MODULE is not there. */
export class ChecksModuleNotFoundError extends CliError {
  static override readonly brand: string = 'SG_CLI_CHECKS_MODULE_NOT_FOUND';
  readonly code = 'SG_CLI_CHECKS_MODULE_NOT_FOUND' as const;
}

/** The checks module could not be loaded: its TypeScript did not build, or it threw while it loaded. */
export class ChecksModuleLoadError extends CliError {
  static override readonly brand: string = 'SG_CLI_CHECKS_MODULE_LOAD';
  readonly code = 'SG_CLI_CHECKS_MODULE_LOAD' as const;
}

/** The checks module loaded but exports no plan (`checks`, `plan`, `default` or `hookOptions`). */
export class NoChecksExportError extends CliError {
  static override readonly brand: string = 'SG_CLI_NO_CHECKS_EXPORT';
  readonly code = 'SG_CLI_NO_CHECKS_EXPORT' as const;

  constructor(
    message: string,
    /** The names the module does export, sorted. */
    readonly exports: readonly string[],
  ) {
    super(message);
  }
}

/** What to judge is not known: no target given, or a function whose alias must be named. */
export class RunTargetError extends CliError {
  static override readonly brand: string = 'SG_CLI_RUN_TARGET';
  readonly code = 'SG_CLI_RUN_TARGET' as const;
}

/** `--endpoint-url` was given, but the AWS SDK finds no region or no credentials to sign with. */
export class AwsEnvironmentError extends CliError {
  static override readonly brand: string = 'SG_CLI_AWS_ENVIRONMENT';
  readonly code = 'SG_CLI_AWS_ENVIRONMENT' as const;
}
