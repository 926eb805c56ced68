/** Where a command writes, and what stops a long-running one (the binary wires it to SIGINT/SIGTERM). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stop: AbortSignal;
}

/** Exit codes of every command: 0 success (or help), 1 the work failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
