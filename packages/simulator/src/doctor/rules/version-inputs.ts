// What decides whether a deployment publishes a new version. SAM names the version resource
// `<Function>Version<hash>` and a new hash is a new version (samtranslator `_construct_version`, SAM
// 7000d0a): without AutoPublishAliasAllProperties the hash covers the code location, Environment,
// MemorySize and SnapStart only; with it every property; AutoPublishCodeSha256 replaces the hash.
// A change to anything outside the hash publishes nothing: no version, no deployment, no hooks.
import type { SamFunction } from '../../template/model';
import type { DoctorTemplate } from '../rule';
import { propertyPath } from './deployments';

/** Properties that configure a version but are outside SAM's hash without AutoPublishAliasAllProperties. */
export const UNHASHED_PROPERTIES = [
  'Timeout',
  'Handler',
  'Runtime',
  'Layers',
  'Architectures',
  'VpcConfig',
  'Tracing',
  'EphemeralStorage',
  'LoggingConfig',
  'DeadLetterQueue',
  'KmsKeyArn',
  'FileSystemConfigs',
  'Role',
  'RuntimeManagementConfig',
  'ImageConfig',
] as const;

/** What SAM's default hash covers. */
const HASHED_PROPERTIES = ['CodeUri', 'InlineCode', 'ImageUri', 'Environment', 'MemorySize', 'SnapStart'];

export type VersionHash = 'code-sha256' | 'all-properties' | 'default';

/** Which inputs name the version: AutoPublishCodeSha256 wins over AutoPublishAliasAllProperties. */
export function versionHash(fn: SamFunction): VersionHash {
  if (fn.autoPublishCodeSha256 !== undefined) return 'code-sha256';
  return fn.autoPublishAliasAllProperties === true ? 'all-properties' : 'default';
}

/**
 * Unhashed properties every zip function writes: naming them alone would put the same note on every
 * template, so only the others (which a template writes by choice, and tunes) prompt it.
 */
export const ALWAYS_WRITTEN: readonly string[] = ['Handler', 'Runtime'];

/** The unhashed properties the function writes (on itself or through Globals). */
export function writtenUnhashed(fn: SamFunction): string[] {
  return UNHASHED_PROPERTIES.filter((key) => fn.locations[`Properties.${key}`] !== undefined);
}

/** A value as canonical JSON (keys sorted), to compare two templates' resolved values. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function resolved(template: DoctorTemplate, logicalId: string, key: string): string {
  const record = template.records.get(logicalId);
  const raw = record?.properties[key];
  return canonical(raw === undefined ? null : (template.resolve(raw, propertyPath(logicalId, key)) ?? null));
}

/** How a function's version inputs differ between the base and the head template. */
export interface VersionChange {
  /** Whether what names the version changed (under the head's hashing), so a new one is published. */
  readonly hashChanged: boolean;
  /** The properties outside that hash whose resolved value changed. */
  readonly unhashedChanged: readonly string[];
}

export function versionChange(
  head: DoctorTemplate,
  base: DoctorTemplate,
  fn: SamFunction,
  baseFn: SamFunction,
): VersionChange {
  const hash = versionHash(fn);
  const differs = (key: string) =>
    resolved(head, fn.logicalId, key) !== resolved(base, baseFn.logicalId, key);
  if (hash === 'code-sha256') {
    const all = [...HASHED_PROPERTIES, ...UNHASHED_PROPERTIES].filter(differs);
    return { hashChanged: fn.autoPublishCodeSha256 !== baseFn.autoPublishCodeSha256, unhashedChanged: all };
  }
  if (hash === 'all-properties') {
    const record = head.records.get(fn.logicalId);
    const baseRecord = base.records.get(baseFn.logicalId);
    const keys = new Set([
      ...Object.keys(record?.properties ?? {}),
      ...Object.keys(baseRecord?.properties ?? {}),
    ]);
    return { hashChanged: [...keys].some(differs), unhashedChanged: [] };
  }
  return {
    hashChanged: HASHED_PROPERTIES.some(differs),
    unhashedChanged: UNHASHED_PROPERTIES.filter(differs),
  };
}
