// SAM's default CodeDeploy role carries AWSCodeDeployRoleForLambda, which allows lambda:InvokeFunction
// on arn:aws:lambda:*:*:function:CodeDeployHook_* only (the AWS managed policy reference), so a hook
// named otherwise is never invoked and the deployment fails. A name CloudFormation generates is
// `<stack>-<logical id>-<suffix>`, and a stack name cannot hold `_`: it never has the prefix.
import { findingAt } from '../finding-at';
import { type DoctorRule, describeRule } from '../rule';
import { hooksOf, propertyPath } from './deployments';

/** The prefix the default role may invoke; case matters, as in an IAM resource. */
export const HOOK_NAME_PREFIX = 'CodeDeployHook_';

export const hookNamePrefix: DoctorRule = {
  description: describeRule({
    id: 'hook-name-prefix',
    severity: 'error',
    summary: 'Under the default CodeDeploy role, a hook whose name does not start with CodeDeployHook_',
    help: `Without DeploymentPreference.Role, SAM's CodeDeploy role has AWSCodeDeployRoleForLambda, which may invoke only functions named CodeDeployHook_*: CodeDeploy cannot invoke any other hook, and every deployment fails. Name the hook FunctionName: !Sub CodeDeployHook_\${AWS::StackName}-pre-traffic, or give DeploymentPreference.Role a role that may invoke it.`,
  }),
  check(input) {
    return hooksOf(input.model).flatMap(({ deployment, event, hook, hookFunction, path }) => {
      if (deployment.preference.role !== undefined || hook.functionName.startsWith(HOOK_NAME_PREFIX))
        return [];
      const owner = deployment.fn.logicalId;
      const consequence = `CodeDeploy's default role for ${owner}'s deployment (AWSCodeDeployRoleForLambda) may invoke only functions named ${HOOK_NAME_PREFIX}*, so the ${event} hook is never invoked and every deployment fails`;
      if (hookFunction === undefined) {
        return [
          findingAt(input, hookNamePrefix, {
            logicalId: owner,
            path,
            message: `the ${event} hook is named "${hook.functionName}": ${consequence}`,
            fix: `Rename that function ${HOOK_NAME_PREFIX}…, or give DeploymentPreference.Role a role that may invoke it.`,
          }),
        ];
      }
      const generated = hookFunction.functionNameFrom === 'generated';
      return [
        findingAt(input, hookNamePrefix, {
          logicalId: hookFunction.logicalId,
          path: generated
            ? propertyPath(hookFunction.logicalId)
            : propertyPath(hookFunction.logicalId, 'FunctionName'),
          message: generated
            ? `${hookFunction.logicalId} has no FunctionName, and the name CloudFormation generates (<stack>-${hookFunction.logicalId}-<suffix>) never starts with ${HOOK_NAME_PREFIX}: ${consequence}`
            : `${hookFunction.logicalId} is named "${hookFunction.functionName}": ${consequence}`,
          fix: `${generated ? 'Give' : 'Change'} ${hookFunction.logicalId} FunctionName: !Sub ${HOOK_NAME_PREFIX}\${AWS::StackName}-${event === 'PreTraffic' ? 'pre' : 'post'}-traffic, or give DeploymentPreference.Role a role that may invoke it.`,
        }),
      ];
    });
  },
};
