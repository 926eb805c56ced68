import { LambdaClient, type LambdaClientConfig, ListAliasesCommand } from '@aws-sdk/client-lambda';
import { describeThrown } from '@shiftguard/kit';
import { RunTargetError } from '../../errors';

/**
 * The alias of a function that has only one, for a run on `--function` without `--alias`: a
 * canary shifts one alias, and a SAM function has one (`AutoPublishAlias`). Any other count is
 * for the user to settle.
 *
 * @throws RunTargetError when the function has no alias or several, or its aliases cannot be listed.
 */
export async function onlyAlias(
  functionName: string,
  config: LambdaClientConfig,
  signal: AbortSignal,
): Promise<string> {
  const client = new LambdaClient(config);
  const names: string[] = [];
  try {
    let marker: string | undefined;
    do {
      const page = await client.send(
        new ListAliasesCommand({ FunctionName: functionName, ...(marker && { Marker: marker }) }),
        { abortSignal: signal },
      );
      names.push(...(page.Aliases ?? []).flatMap((alias) => (alias.Name ? [alias.Name] : [])));
      marker = page.NextMarker;
    } while (marker);
  } catch (error) {
    throw new RunTargetError(
      `could not list the aliases of ${functionName} to find the one to judge (${describeThrown(error)}): name it with --alias`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
  if (names.length === 1) return names[0]!;
  throw new RunTargetError(
    names.length === 0
      ? `${functionName} has no alias: name the alias its deployment shifts with --alias`
      : `${functionName} has ${names.length} aliases (${names.sort().join(', ')}): name the one its deployment shifts with --alias`,
  );
}
