import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { describeThrown } from '@shiftguard/kit';
import { AwsEnvironmentError } from '../../errors';

const EMULATOR_HINT = 'any value does for the emulator: `shiftguard emulator` prints the variables to export';

/**
 * Asks the AWS SDK's own chains for a region and credentials, as every client of the run will,
 * so that a run pointed at the emulator without them stops with one line rather than failing each
 * check with the SDK's words.
 *
 * @throws AwsEnvironmentError naming what is missing.
 */
export async function assertAwsEnvironment(endpoint: string): Promise<void> {
  const client = new CodeDeployClient({ endpoint });
  try {
    try {
      await client.config.region();
    } catch (error) {
      throw new AwsEnvironmentError(
        `--endpoint-url ${endpoint}: the AWS SDK finds no region (${describeThrown(error)}): set AWS_REGION; ${EMULATOR_HINT}`,
        { cause: error },
      );
    }
    try {
      await client.config.credentials();
    } catch (error) {
      throw new AwsEnvironmentError(
        `--endpoint-url ${endpoint}: the AWS SDK finds no credentials (${describeThrown(error)}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ${EMULATOR_HINT}`,
        { cause: error },
      );
    }
  } finally {
    client.destroy();
  }
}
