import type { Check, HookOptions } from '@shiftguard/core';
import { isPlainObject } from '@shiftguard/kit';
import { NoChecksExportError } from '../../errors';

/** The part of a hook's options a checks module decides; the run owns the rest (logger, client, env). */
export type ModuleHookOptions = Omit<Partial<HookOptions>, (typeof RUN_OWNED)[number]>;

/** What a checks module gives a run: its plan, and the hook options that shape it. */
export interface ModulePlan {
  /** Unchecked: core validates the plan, as createHook does. */
  readonly checks: Check | readonly Check[];
  readonly options: ModuleHookOptions;
  /** The export the plan came from, for the progress header: `checks`, `hookOptions.checks`... */
  readonly from: string;
}

/** Where a module's plan is looked for, in this order, as the issue names them. */
const PLAN_EXPORTS = ['checks', 'plan', 'default'] as const;
/** Hook options the run sets itself: what a hook module sets for Lambda does not apply here. */
const RUN_OWNED = [
  'logger',
  'metrics',
  'clock',
  'env',
  'awsSdkV3Client',
  'clientConfig',
  'onCheckResult',
] as const;

/**
 * The plan a checks module exports: `hookOptions.checks`, else `checks`, else `plan`, else the
 * default export. A CommonJS module (a `.cjs` file, or a `.cts` one once bundled) arrives as its
 * `module.exports` under `default`, so an object there is looked into the same way.
 *
 * @throws NoChecksExportError naming the exports found when none of them is a plan.
 */
export function planOf(namespace: Readonly<Record<string, unknown>>, file: string): ModulePlan {
  const exported = Object.keys(namespace).sort();
  const source = namesAPlan(namespace)
    ? namespace
    : isPlainObject(namespace.default) && namesAPlan(namespace.default)
      ? (namespace.default as Readonly<Record<string, unknown>>)
      : namespace;
  const prefix = source === namespace ? '' : 'default.';
  const hookOptions = source.hookOptions;
  const options = isPlainObject(hookOptions) ? moduleOptions(hookOptions) : {};
  if (hookOptions !== undefined && !isPlainObject(hookOptions)) {
    throw new NoChecksExportError(
      `${file} exports hookOptions, but as ${typeof hookOptions} rather than an object of createHook's options`,
      exported,
    );
  }
  if (isPlainObject(hookOptions) && hookOptions.checks !== undefined) {
    return {
      checks: hookOptions.checks as ModulePlan['checks'],
      options,
      from: `${prefix}hookOptions.checks`,
    };
  }
  for (const name of PLAN_EXPORTS) {
    const value = source[name];
    if (value === undefined) continue;
    // A default export is many things (a handler, CommonJS's module.exports): only one shaped like a
    // plan is taken for it; a named `checks` or `plan` is meant as one, so core says what is wrong.
    if (name === 'default' && (source !== namespace || !shapedLikePlan(value))) continue;
    return { checks: value as ModulePlan['checks'], options, from: `${prefix}${name}` };
  }
  const found = exported.length === 0 ? 'it exports nothing' : `it exports ${exported.join(', ')}`;
  const hint = exported.includes('handler')
    ? '; a hook module exports its handler: export the plan too (export const checks = [...]) and pass it to createHook'
    : '';
  throw new NoChecksExportError(
    `${file} exports no plan: export \`checks\` (a check or an array of checks), \`plan\`, a default export, or \`hookOptions\`; ${found}${hint}`,
    exported,
  );
}

/** An array (of checks), or an object with a check's `name` or `run`. */
function shapedLikePlan(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return typeof value === 'object' && value !== null && ('run' in value || 'name' in value);
}

function namesAPlan(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return value.checks !== undefined || value.plan !== undefined || value.hookOptions !== undefined;
}

function moduleOptions(hookOptions: Readonly<Record<string, unknown>>): ModuleHookOptions {
  const { checks: _checks, ...rest } = hookOptions;
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (!(RUN_OWNED as readonly string[]).includes(key)) options[key] = value;
  }
  return options as ModuleHookOptions;
}
