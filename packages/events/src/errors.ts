import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/events` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side (the kit's brand).
 *
 * @example
 * ```ts
 * try { sqsEvent([]); }
 * catch (error) { if (error instanceof EventsError && error.code === 'SG_EVENTS_INVALID_OPTIONS') ... }
 * ```
 */
export abstract class EventsError extends BrandedError {
  static override readonly brand: string = '@shiftguard/events';
}

/** Options given to an event builder are wrong: an unknown key, a bad type, a value AWS would refuse. */
export class InvalidEventOptionsError extends EventsError {
  static override readonly brand: string = 'SG_EVENTS_INVALID_OPTIONS';
  readonly code = 'SG_EVENTS_INVALID_OPTIONS' as const;
}
