import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ReportWriteError } from '../errors';
import { renderHtmlReport } from './html/render-html';
import { reportJson } from './json';
import { junitXml } from './junit';
import type { ShiftguardReport } from './model';

/** Which files to write: each a path; `json: '-'` writes the JSON to `stdout` instead. */
export interface ReportTargets {
  readonly html?: string | undefined;
  readonly junit?: string | undefined;
  readonly json?: string | undefined;
}

/** Where `json: '-'` goes. */
export interface ReportOutput {
  readonly stdout: { write(text: string): unknown };
}

/**
 * Writes each report asked for (creating folders as needed) and resolves with the paths written.
 *
 * @throws ReportWriteError naming the file when one cannot be written.
 * @example
 * ```ts
 * await writeReports(simulationReport(result), { html: 'report.html', junit: 'junit.xml' });
 * ```
 */
export async function writeReports(
  report: ShiftguardReport,
  targets: ReportTargets,
  output: ReportOutput = { stdout: process.stdout },
): Promise<string[]> {
  const written: string[] = [];
  const formats: readonly [keyof ReportTargets, (report: ShiftguardReport) => string][] = [
    ['html', renderHtmlReport],
    ['junit', junitXml],
    ['json', reportJson],
  ];
  for (const [format, render] of formats) {
    const target = targets[format];
    if (target === undefined) continue;
    const content = render(report);
    if (format === 'json' && target === '-') {
      output.stdout.write(content);
      continue;
    }
    const path = resolve(target);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    } catch (error) {
      throw new ReportWriteError(
        `cannot write the ${format === 'junit' ? 'JUnit' : format.toUpperCase()} report to ${target}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    written.push(path);
  }
  return written;
}
