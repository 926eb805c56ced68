/**
 * Every error of `@shiftguard/events` extends this base and carries a stable literal `code`. Match on
 * `code` rather than `instanceof`: the ESM and the CJS build loaded side by side still agree on codes.
 *
 * @example
 * ```ts
 * try { sqsEvent([]); }
 * catch (error) { if (error instanceof EventsError && error.code === 'SG_EVENTS_INVALID_OPTIONS') ... }
 * ```
 */
export abstract class EventsError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options given to an event builder are wrong: an unknown key, a bad type, a value AWS would refuse. */
export class InvalidEventOptionsError extends EventsError {
  readonly code = 'SG_EVENTS_INVALID_OPTIONS' as const;
}
