import type { ShiftguardReport } from '../model';

/** Placeholder until the HTML renderer lands (same branch): the title and outcome only. */
export function renderHtmlReport(report: ShiftguardReport): string {
  return `<!doctype html><title>${report.title.replace(/[<&]/g, '')}</title><h1>${report.outcome.label}</h1>`;
}
