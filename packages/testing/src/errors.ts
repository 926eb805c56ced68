/** Every error of the emulator extends this base and carries a stable literal `code`. */
export abstract class EmulatorError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options or seed data given to the emulator are wrong. */
export class InvalidEmulatorInputError extends EmulatorError {
  readonly code = 'SG_EMULATOR_INVALID_INPUT' as const;
}
