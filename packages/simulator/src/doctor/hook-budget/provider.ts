import type { LifecycleEvent } from '@shiftguard/core';
import type { SamModel } from '../../template/model';
import type { HookBudgetProvider } from '../hook-budget-type';
import { readHookBudget } from './hook-budget';

/**
 * The doctor's default way to read a hook's plan: from its own code, built as `sam build` would and
 * loaded in a child process (`readHookBudget`). A template given as text has no directory to build
 * from, so its hooks are not read.
 */
export const hookBudgetFromCode: HookBudgetProvider = async (fn, context) => {
  if (context.file === undefined) {
    context.notRead('the template was given as text: there is no directory to build the hook from');
    return undefined;
  }
  const lifecycleEvent = lifecycleEventOf(context.model, fn.logicalId);
  const read = await readHookBudget(fn, {
    templateFile: context.file,
    cwd: context.cwd,
    ...(lifecycleEvent !== undefined && { lifecycleEvent }),
  });
  if ('budget' in read) return read.budget;
  context.notRead(read.unreadable);
  return undefined;
};

/** The lifecycle event a function is the hook of, when the template names it as one. */
function lifecycleEventOf(model: SamModel, logicalId: string): LifecycleEvent | undefined {
  for (const fn of model.functions) {
    const hooks = fn.deploymentPreference?.hooks;
    if (hooks?.preTraffic?.logicalId === logicalId) return 'BeforeAllowTraffic';
    if (hooks?.postTraffic?.logicalId === logicalId) return 'AfterAllowTraffic';
  }
  return undefined;
}
