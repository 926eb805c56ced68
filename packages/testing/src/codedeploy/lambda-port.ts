/**
 * What CodeDeploy needs of Lambda to run a deployment: read and move the alias (the managed role's
 * `lambda:GetAlias` and `lambda:UpdateAlias`) and invoke the hooks. The emulator's Lambda answers it
 * in-process (`lambda/codedeploy-port.ts`); CodeDeploy never goes through the wire for it.
 */
export interface DeploymentLambda {
  /** The alias as it stands, `'noFunction'` or `'noAlias'` when there is nothing to read. */
  readAlias(functionName: string, alias: string): AliasState | 'noFunction' | 'noAlias';
  /** Whether `version` is a published version of the function. */
  hasVersion(functionName: string, version: string): boolean;
  /** UpdateAlias: `weights` `{}` ends the routing. */
  updateAlias(
    functionName: string,
    alias: string,
    functionVersion: string,
    weights: Readonly<Record<string, number>>,
  ): AliasState;
  /**
   * Invokes a hook (a function name or ARN) with `payload`: `Event` queues it with Lambda's retries,
   * `RequestResponse` runs it at once. Throws the `ServiceError` Lambda would answer the invoke with.
   */
  invoke(
    functionName: string,
    payload: unknown,
    invocationType: 'Event' | 'RequestResponse',
  ): { requestId: string };
}

export interface AliasState {
  readonly functionVersion: string;
  readonly weights: Readonly<Record<string, number>>;
}
