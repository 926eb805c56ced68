/** CloudWatch's `StandardUnit` values, in the API model's order; a sample stores its unit as an index here. */
export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

export type StandardUnit = (typeof STANDARD_UNITS)[number];

const INDEX = new Map<string, number>(STANDARD_UNITS.map((unit, index) => [unit, index]));

export function isStandardUnit(value: unknown): value is StandardUnit {
  return typeof value === 'string' && INDEX.has(value);
}

export function unitIndex(unit: StandardUnit): number {
  return INDEX.get(unit) as number;
}

export function unitAt(index: number): StandardUnit {
  return STANDARD_UNITS[index] as StandardUnit;
}
