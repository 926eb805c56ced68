import { resolve } from 'node:path';
import type { Validator } from '@shiftguard/kit';
import type { OverrideValue } from '../template/parameters';
import { hookBudgetFromCode } from './hook-budget/provider';
import type { HookBudgetProvider } from './hook-budget-type';

export interface ValidateOptions {
  /** Parameter values, as `sam deploy --parameter-overrides` gives them; each must be a parameter of the template. */
  readonly parameters?: Readonly<Record<string, OverrideValue>>;
  /** `AWS::StackName` and the prefix of generated names. Default `sam-app`. */
  readonly stackName?: string;
  /**
   * A git ref (`main`, `HEAD~1`, a sha) whose version of the template the rules compare with: the
   * alarms a deployment would leave attached, a change that publishes no version. The template must
   * be a file in a git work tree.
   */
  readonly base?: string;
  /** What a relative template path is relative to. Default `process.cwd()`. */
  readonly cwd?: string;
  /**
   * Reads a hook's plan budget, for `hook-timeout`. Default: from the hook's own code, built as
   * `sam build` would and loaded in a child process (which runs its top-level code; `loadHooks: false`
   * turns it off, and the rule then checks only what the template says).
   */
  readonly hookBudget?: HookBudgetProvider;
  /**
   * Whether `hookBudget` is asked at all (it loads the hooks' code, running their top-level code).
   * Default true; false is `shiftguard validate --no-load-hooks`.
   */
  readonly loadHooks?: boolean;
}

const OPTION_KEYS = ['parameters', 'stackName', 'base', 'cwd', 'hookBudget', 'loadHooks'];

export interface ValidateSettings {
  /** What the reader is given (it validates these itself). */
  readonly read: {
    readonly parameters?: Readonly<Record<string, OverrideValue>>;
    readonly stackName?: string;
  };
  readonly base: string | undefined;
  readonly cwd: string;
  /** Undefined when `loadHooks` is false. */
  readonly hookBudget: HookBudgetProvider | undefined;
}

export function readValidateOptions(validator: Validator, input: unknown): ValidateSettings {
  const options = validator.object(input, '', OPTION_KEYS);
  const base = validator.string(options.base, 'base', {
    pattern: /^[^-\s]/,
    patternHint: 'a git ref (a branch, tag or commit; not starting with "-")',
  });
  const cwd = resolve(validator.string(options.cwd, 'cwd') ?? process.cwd());
  const provider = validator.func<HookBudgetProvider>(options.hookBudget, 'hookBudget');
  const loadHooks = validator.boolean(options.loadHooks, 'loadHooks') ?? true;
  return {
    read: {
      ...(options.parameters !== undefined && {
        parameters: options.parameters as ValidateSettings['read']['parameters'],
      }),
      ...(options.stackName !== undefined && { stackName: options.stackName as string }),
    },
    base,
    cwd,
    hookBudget: loadHooks ? (provider ?? hookBudgetFromCode) : undefined,
  };
}
