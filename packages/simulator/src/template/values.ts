import { isPlainObject } from '@shiftguard/kit';
import type { TemplateValue, VersionMarker } from './model';

/** What `Ref: AWS::NoValue` resolves to: a property, list item or map entry that is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** An intrinsic in its long form: one key, `Ref`, `Condition` or `Fn::*` (SAM's `is_intrinsic`). */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && isIntrinsicKey(keys[0]!);
}

export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

export function isVersionMarker(value: unknown): value is VersionMarker {
  return (
    isPlainObject(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { versionOf?: unknown }).versionOf === 'string'
  );
}

/** The first part of `value` not known before deployment: an intrinsic left in long form, or a version marker. */
export function firstSymbolic(value: unknown, allowVersions = false): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstSymbolic(item, allowVersions);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  if (isVersionMarker(value)) return allowVersions ? undefined : value;
  if (isIntrinsic(value)) {
    // A join of strings and version markers is what a string holding a version is made of.
    if (allowVersions && 'Fn::Join' in value && joinOfVersions(value['Fn::Join'])) return undefined;
    return value;
  }
  for (const item of Object.values(value)) {
    const found = firstSymbolic(item, allowVersions);
    if (found) return found;
  }
  return undefined;
}

function joinOfVersions(args: unknown): boolean {
  return (
    Array.isArray(args) &&
    args[0] === '' &&
    Array.isArray(args[1]) &&
    args[1].every((part) => typeof part === 'string' || isVersionMarker(part))
  );
}

/** How an intrinsic reads in a message: `!GetAtt Table.Arn`, `!Ref Queue`, `Fn::ImportValue`. */
export function describeIntrinsic(value: Record<string, unknown>): string {
  if (isVersionMarker(value)) return `the version of ${value.versionOf} a deployment publishes`;
  const [key] = Object.keys(value);
  const arg = value[key!];
  if (key === 'Ref' && typeof arg === 'string') return `!Ref ${arg}`;
  if (key === 'Fn::GetAtt' && Array.isArray(arg) && arg.every((part) => typeof part === 'string')) {
    return `!GetAtt ${arg.join('.')}`;
  }
  return key ?? 'an intrinsic';
}

/**
 * Puts the version numbers of a deployment into a value read from the template: each
 * `{ versionOf: 'Fn' }` becomes `versions.Fn`, and a join made only of strings becomes the string.
 *
 * @example
 * ```ts
 * fillVersions(alarm.dimensions[1].value, { OrdersFunction: '7' }); // '7'
 * ```
 */
export function fillVersions(
  value: TemplateValue,
  versions: Readonly<Record<string, string>>,
): TemplateValue {
  if (Array.isArray(value)) return value.map((item) => fillVersions(item, versions));
  if (!isPlainObject(value)) return value;
  if (isVersionMarker(value)) return versions[value.versionOf] ?? value;
  const out: Record<string, TemplateValue> = {};
  for (const [key, item] of Object.entries(value)) out[key] = fillVersions(item as TemplateValue, versions);
  const join = out['Fn::Join'];
  if (Object.keys(out).length === 1 && Array.isArray(join) && typeof join[0] === 'string') {
    const parts = join[1];
    if (Array.isArray(parts) && parts.every((part) => typeof part === 'string')) return parts.join(join[0]);
  }
  return out;
}

/**
 * A template value as the deployed resource holds it, a string, once the simulator has filled in what it
 * knows; `unknown` says what only a deployment would know (`!GetAtt Table.Arn`), undefined for a value
 * that is no string at all (a list, a map).
 */
export function deployedString(
  value: TemplateValue,
): { readonly value: string } | { readonly unknown: string | undefined } {
  if (typeof value === 'string') return { value };
  if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
  const symbolic = firstSymbolic(value);
  return { unknown: symbolic === undefined ? undefined : describeIntrinsic(symbolic) };
}

/** Freezes a model all the way down. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
