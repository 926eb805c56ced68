/** Node fires any longer timer after 1 ms; the kit's system clock clamps to it, and so do these clocks. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay as the system clock treats it: negative or NaN is 0, longer than Node allows is clamped. */
export function timerDelay(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}
