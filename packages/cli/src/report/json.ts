import type { ShiftguardReport } from './model';

/**
 * The report as `--json` writes it: two-space indented, one trailing newline, fields without a value
 * left out (the schema, `@shiftguard/cli/report.schema.json`, calls them optional).
 */
export function reportJson(report: ShiftguardReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
