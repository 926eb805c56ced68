// What CodeDeploy's terse codes mean for the person who wrote the template: the cause in their terms
// and, where it is a known miswiring, what to change.

/** The prefix AWSCodeDeployRoleForLambda's `lambda:InvokeFunction` is limited to (`CodeDeployHook_*`). */
export const HOOK_NAME_PREFIX = 'CodeDeployHook_';

/** Lambda's answer to an invoke the role does not allow, and CodeDeploy's code for the deployment it fails. */
const REFUSED = new Set(['AccessDeniedException', 'IAM_ROLE_PERMISSIONS']);

/** Why CodeDeploy could not invoke a hook and what to change, when the cause is known. */
export function invokeFailureHint(functionName: string, errorCode: string): string | undefined {
  if (REFUSED.has(errorCode)) {
    if (!functionName.startsWith(HOOK_NAME_PREFIX)) {
      return (
        `CodeDeploy's default service role (AWSCodeDeployRoleForLambda, the one SAM creates) may invoke ` +
        `only functions whose name starts with ${HOOK_NAME_PREFIX}: name the hook ` +
        `${HOOK_NAME_PREFIX}${functionName} (its FunctionName), or give the DeploymentPreference a Role that may invoke it`
      );
    }
    return `the DeploymentPreference's Role does not allow lambda:InvokeFunction on ${functionName}`;
  }
  if (errorCode === 'ResourceNotFoundException') {
    return `no function ${functionName} exists: the hook must be a function the stack deploys`;
  }
  return undefined;
}

/** Why a check's result did not block the hook, in the words the hook author used. */
export function nonBlockingWhy(check: Readonly<Record<string, unknown>>): string {
  return check.dryRun === true ? 'dryRun' : 'warnOnly';
}
