import type { AliasState, DeploymentLambda } from '../codedeploy/lambda-port';
import { invokeInternally } from './invoke';
import type { LambdaState } from './state';

/** The emulated Lambda as CodeDeploy's deployments use it, in-process. */
export function codeDeployLambda(state: LambdaState): DeploymentLambda {
  const registry = state.registry;
  return {
    readAlias(functionName, alias) {
      const fn = registry.get(functionName);
      if (fn === undefined) return 'noFunction';
      const record = fn.aliases.get(alias);
      if (record === undefined) return 'noAlias';
      return { functionVersion: record.functionVersion, weights: { ...record.weights } };
    },
    hasVersion(functionName, version) {
      const fn = registry.get(functionName);
      return fn !== undefined && version !== '$LATEST' && registry.version(fn, version) !== undefined;
    },
    updateAlias(functionName, alias, functionVersion, weights): AliasState {
      const fn = registry.get(functionName);
      if (fn === undefined) throw new Error(`No function ${functionName}`);
      const updated = registry.putAlias(fn, alias, { version: functionVersion, weights });
      return { functionVersion: updated.functionVersion, weights: { ...updated.weights } };
    },
    invoke(functionName, payload, invocationType) {
      const { requestId, done } = invokeInternally(state, functionName, structuredClone(payload), {
        invocationType,
      });
      // CodeDeploy ignores what a hook answers: only its report counts.
      done.catch(() => {});
      return { requestId };
    },
  };
}
