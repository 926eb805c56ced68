import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of the emulator extends this base and carries a stable literal `code`. Match on `code`
 * or on `instanceof`: each class carries a brand, so `instanceof` holds across two copies of the package
 * (the ESM and the CJS build loaded side by side).
 *
 * These are errors of the emulator's own programmatic API. What the emulated AWS services answer on
 * the wire is never one of these: the AWS SDK turns those into its own modeled exceptions.
 *
 * @example
 * ```ts
 * try { await startEmulator({ prot: 4566 } as never); }
 * catch (error) { if (error instanceof EmulatorError && error.code === 'SG_EMULATOR_INVALID_INPUT') ... }
 * ```
 */
export abstract class EmulatorError extends BrandedError {
  static override readonly brand: string = '@shiftguard/testing';
}

/**
 * Options or seed data given to the emulator are wrong: an unknown key, a bad type, a value out of range.
 * `path` names the offending field, e.g. `deployments[0].appSpec` or `port`.
 */
export class InvalidEmulatorInputError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_INVALID_INPUT';
  readonly code = 'SG_EMULATOR_INVALID_INPUT' as const;
  readonly path: string | undefined;

  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options);
    this.path = options?.path;
  }
}

/** A seed file could not be read (`reason: 'missing' | 'unreadable'`) or is not JSON (`'syntax'`). */
export class SeedFileError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_SEED_FILE';
  readonly code = 'SG_EMULATOR_SEED_FILE' as const;
  readonly filePath: string;
  readonly reason: 'missing' | 'unreadable' | 'syntax';

  constructor(
    message: string,
    options: { filePath: string; reason: 'missing' | 'unreadable' | 'syntax'; cause?: unknown },
  ) {
    super(message, options);
    this.filePath = options.filePath;
    this.reason = options.reason;
  }
}

/** The emulator's server could not listen (port in use, bad host, ...). */
export class EmulatorStartError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_START';
  readonly code = 'SG_EMULATOR_START' as const;
}

/** A programmatic lookup named a deployment the emulator does not hold. */
export class UnknownDeploymentError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_UNKNOWN_DEPLOYMENT';
  readonly code = 'SG_EMULATOR_UNKNOWN_DEPLOYMENT' as const;
}

/** A programmatic lookup named a hook execution that the given deployment does not have. */
export class UnknownHookExecutionError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_UNKNOWN_HOOK_EXECUTION';
  readonly code = 'SG_EMULATOR_UNKNOWN_HOOK_EXECUTION' as const;
}

/** A programmatic call named a Lambda function the emulator does not hold. */
export class UnknownFunctionError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_UNKNOWN_FUNCTION';
  readonly code = 'SG_EMULATOR_UNKNOWN_FUNCTION' as const;
  readonly functionName: string;

  constructor(functionName: string, options?: { cause?: unknown }) {
    super(`The emulator holds no Lambda function named ${JSON.stringify(functionName)}`, options);
    this.functionName = functionName;
  }
}

/**
 * A manual clock was driven in a way that cannot end well: `reason: 'overlapping'` when `advance()`,
 * `advanceTo()`, `next()` or `runAll()` is called while another of them is still running (await each
 * one), `'runaway'` when timers keep firing without end (a timer rescheduling itself with no delay, or
 * more timers than `runAll()` was allowed).
 */
export class ManualClockError extends EmulatorError {
  static override readonly brand: string = 'SG_EMULATOR_MANUAL_CLOCK';
  readonly code = 'SG_EMULATOR_MANUAL_CLOCK' as const;
  readonly reason: 'overlapping' | 'runaway';

  constructor(message: string, options: { reason: 'overlapping' | 'runaway'; cause?: unknown }) {
    super(message, options);
    this.reason = options.reason;
  }
}
