import { awsJsonRouter } from '../aws-json';
import type { ServiceModule } from '../service';
import { catalogOperations } from './catalog-operations';
import { deploymentOperations } from './deployment-operations';
import type { DeploymentEngine } from './engine';
import { codeDeployOperations } from './operations';
import type { CodeDeployState } from './state';

export const CODEDEPLOY_TARGET_PREFIX = 'CodeDeploy_20141006';

/** CodeDeploy on the wire: AWS JSON 1.1 behind `x-amz-target: CodeDeploy_20141006.<Operation>`. */
export function codeDeployService(
  state: CodeDeployState,
  engine: DeploymentEngine,
  region: string,
): ServiceModule & { operations: string[] } {
  const operations = {
    ...codeDeployOperations(state, region),
    ...catalogOperations(state),
    ...deploymentOperations(state, engine, region),
  };
  return {
    name: 'codedeploy',
    operations: Object.keys(operations),
    route: awsJsonRouter({
      service: 'codedeploy',
      targetPrefix: CODEDEPLOY_TARGET_PREFIX,
      version: '1.1',
      operations,
      onFaulted(operation, input, outcome, kind) {
        // A hook's report answered by a fault still counts as received: tests assert on retries.
        if (operation !== 'PutLifecycleEventHookExecutionStatus') return;
        state.record({
          deploymentId: typeof input?.deploymentId === 'string' ? input.deploymentId : undefined,
          lifecycleEventHookExecutionId:
            typeof input?.lifecycleEventHookExecutionId === 'string'
              ? input.lifecycleEventHookExecutionId
              : undefined,
          status: typeof input?.status === 'string' ? input.status : undefined,
          receivedAt: state.clock.wallTime(),
          outcome,
          fault: kind,
        });
      },
    }),
  };
}
