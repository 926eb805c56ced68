/** Where a command writes, and what stops a long-running one (the binary wires it to SIGINT/SIGTERM). */
export interface CliIo {
  /** Where results go. A terminal (`isTTY`, `columns`, as `process.stdout` has them) gets live status lines. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly stop: AbortSignal;
  /** The environment read for `NO_COLOR` and `SHIFTGUARD_DEBUG`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of every command: 0 success (or help), 1 the work failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
