import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The logging surface shiftguard uses. A Powertools `Logger` satisfies it; so does `console`-like
 * code of your own. Each call should become one structured log line.
 */
export interface HookLogger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export const DEFAULT_SERVICE_NAME = 'shiftguard';

export function createDefaultLogger(): HookLogger {
  return new Logger({ serviceName: DEFAULT_SERVICE_NAME });
}

/** A logger that logs nothing: for plans run outside a hook without a logger. */
export const silentLogger: HookLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger whose failures are swallowed: logging must never cost the report. */
export function neverThrowing(logger: HookLogger): HookLogger {
  const guard =
    (level: keyof HookLogger) =>
    (message: string, ...extra: unknown[]) => {
      try {
        logger[level](message, ...extra);
      } catch {
        // Nothing sensible to do: the logger itself is what failed.
      }
    };
  return { debug: guard('debug'), info: guard('info'), warn: guard('warn'), error: guard('error') };
}
