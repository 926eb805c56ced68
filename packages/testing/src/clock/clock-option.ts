import { type Clock, type ClockLike, showValue, toClock, typeName, type Validator } from '@shiftguard/kit';

const REQUIRED = ['now', 'setTimeout', 'clearTimeout'] as const;
const OPTIONAL = ['wallTime', 'random'] as const;

/**
 * A `clock` option: anything with the kit's three timing methods (`now`, `setTimeout`, `clearTimeout`),
 * made a complete {@link Clock} with `toClock`. Checked here rather than on first use, so a clock that is
 * only half a clock fails at start, naming the option, not when the first Lambda timeout is armed.
 * Unlike the kit's `methods()`, every missing method is named at once, and the option's own path.
 */
export function optionalClock(v: Validator, path: string, value: unknown): Clock | undefined {
  if (value === undefined) return undefined;
  const isObject = (typeof value === 'object' && value !== null) || typeof value === 'function';
  const methods = value as Record<string, unknown>;
  const missing = isObject ? REQUIRED.filter((name) => typeof methods[name] !== 'function') : REQUIRED;
  if (missing.length > 0) {
    v.fail(
      path,
      `must be a clock with now(), setTimeout() and clearTimeout() methods, got ${
        isObject ? `an object without ${missing.map((name) => `${name}()`).join(', ')}` : showValue(value)
      }`,
    );
  }
  for (const name of OPTIONAL) {
    if (methods[name] !== undefined && typeof methods[name] !== 'function') {
      v.fail(path, `has a ${name} that is not a function, got ${typeName(methods[name])}`);
    }
  }
  return toClock(value as ClockLike);
}
