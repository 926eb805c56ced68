import type { SimulationResult } from '@shiftguard/simulator';

/** The result as `--json` prints it: everything but functions, two-space indented, one trailing newline. */
export function resultJson(result: SimulationResult): string {
  return `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'function' ? undefined : value), 2)}\n`;
}
