import type { HookLogger } from '@shiftguard/core';
import { redact, redactText } from '@shiftguard/kit';

/**
 * What the hook runtime logs that a run tells in its own words (the verdict, the report's outcome,
 * a break-glass, a failed resolution, all in the verdict's reason): not repeated as log lines.
 */
const TOLD_BY_THE_RUN = [
  'shiftguard verdict',
  'shiftguard break-glass',
  'shiftguard could not judge',
  'shiftguard reported to CodeDeploy',
  'shiftguard: CodeDeploy',
  'shiftguard could not report',
];

/**
 * The hook runtime's logger for a run on a terminal or in a CI log: warnings and errors (a skip
 * directive, a retried report, what the checks log) as one plain line each; debug and info only with
 * `debug` (`SHIFTGUARD_DEBUG`), which shows everything. A hook's JSON log lines are for CloudWatch.
 */
export function runLogger(write: (line: string) => void, debug: boolean): HookLogger {
  const at =
    (level: keyof HookLogger, always: boolean) =>
    (message: string, ...extra: unknown[]) => {
      if (!(always || debug)) return;
      if (!debug && TOLD_BY_THE_RUN.some((told) => message.startsWith(told))) return;
      const fields = extra.length === 0 ? '' : ` ${safeJson(redact(extra.length === 1 ? extra[0] : extra))}`;
      write(`${level}: ${redactText(message)}${fields}`);
    };
  return {
    debug: at('debug', false),
    info: at('info', false),
    warn: at('warn', true),
    error: at('error', true),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
