// @shiftguard/cli: the `shiftguard` command. main.ts dispatches to commands/<name>/ (each its own
// arguments and run); bin.ts is the executable, wiring signals and the exit code.
export * from './errors';
export { type CliIo, EXIT } from './io';
export { runShiftguard, USAGE } from './main';
export { renderHtmlReport } from './report/html/render-html';
export type { ShiftguardReport } from './report/model';
