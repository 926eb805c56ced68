/** Whether an environment switch such as `SHIFTGUARD_DEBUG` is on: set, and not `0`, `false`, `no` or `off`. */
export function isOn(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no', 'off'].includes(value.toLowerCase());
}
