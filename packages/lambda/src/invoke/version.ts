import type { CheckContext } from '@shiftguard/core';
import { TargetVersionUnknownError } from '../errors';

/** Which version of the deployment's function to invoke. */
export type VersionChoice = 'target' | 'current';

/** The function and qualifier a check invokes, or a typed error saying how to make them known. */
export function versionToInvoke(
  ctx: CheckContext,
  choice: VersionChoice,
  checkName: string,
): { functionName: string; qualifier: string } {
  const functionName = ctx.target?.functionName;
  const qualifier = choice === 'current' ? ctx.target?.currentVersion : ctx.target?.targetVersion;
  if (!functionName || !qualifier) {
    throw new TargetVersionUnknownError(
      `${checkName}: the ${choice} version of the function is unknown. Inside a CodeDeploy hook it comes ` +
        "from the deployment's AppSpec; without one, give createHook({ target: { functionName, alias, " +
        'targetVersion, currentVersion } }) or set SHIFTGUARD_TARGET_FUNCTION, SHIFTGUARD_TARGET_ALIAS, ' +
        'SHIFTGUARD_TARGET_VERSION (and SHIFTGUARD_CURRENT_VERSION)',
    );
  }
  return { functionName, qualifier };
}
