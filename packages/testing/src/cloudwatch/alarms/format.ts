// How CloudWatch writes numbers and times into state reasons and history, as observed in the reasons
// and history items that CloudWatch alarms publish (SNS notifications, EventBridge events,
// DescribeAlarmHistory answers quoted by users): numbers as Java's Double.toString (`1.0`, `0.25`,
// `1.0E7`), datapoint times as `dd/MM/yy HH:mm:ss`, JSON times as `2020-10-05T06:30:58.947+0000`, and a
// composite's child transition as `Friday 22 July, 2022 15:57:45 UTC`, all in UTC.

/** A number as Java's `Double.toString` writes it: `5.0`, `0.287`, `1.0E7`, `1.0E-4`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `01/12/26 10:03:00`: a datapoint's period start in a threshold reason. */
export function reasonTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(
    d.getUTCHours(),
  )}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `2026-12-01T10:03:00.000+0000`: times inside `StateReasonData` and `HistoryData`. */
export function jsonTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `Friday 22 July, 2022 15:57:45 UTC`: when a composite's child transitioned, in the composite's reason. */
export function longTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]} ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${two(
    d.getUTCHours(),
  )}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

/** `1 datapoint`, `3 datapoints`. */
export function datapoints(count: number): string {
  return `${count} datapoint${count === 1 ? '' : 's'}`;
}

/** `was` for one, `were` for any other count. */
export function was(count: number): string {
  return count === 1 ? 'was' : 'were';
}
