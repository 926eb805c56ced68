import {
  CodeDeployClient,
  type CodeDeployClientConfig,
  GetDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import type { JudgedDeployment } from '../../report/from-run';

/**
 * What CodeDeploy says of the deployment a run judged, for its report: status, configuration,
 * times and error, read once the run is over (so after its report, when it made one). The
 * run's verdict stands without it: when CodeDeploy cannot be asked, only the id is known.
 */
export async function describeDeployment(
  deploymentId: string,
  config: CodeDeployClientConfig,
  signal: AbortSignal,
): Promise<JudgedDeployment> {
  const client = new CodeDeployClient({ maxAttempts: 2, ...config });
  try {
    const { deploymentInfo: info } = await client.send(new GetDeploymentCommand({ deploymentId }), {
      abortSignal: signal,
    });
    return {
      deploymentId,
      status: info?.status,
      configName: info?.deploymentConfigName,
      createdAt: info?.createTime?.getTime(),
      completedAt: info?.completeTime?.getTime(),
      error:
        info?.errorInformation?.code === undefined
          ? undefined
          : { code: info.errorInformation.code, message: info.errorInformation.message ?? '' },
    };
  } catch {
    return {
      deploymentId,
      status: undefined,
      configName: undefined,
      createdAt: undefined,
      completedAt: undefined,
      error: undefined,
    };
  } finally {
    client.destroy();
  }
}
