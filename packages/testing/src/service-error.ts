/**
 * An error an emulated AWS service answers on the wire (e.g. `DeploymentDoesNotExistException`).
 * Operations throw it; the service's protocol serializes it. Not part of the public API: callers see
 * the AWS SDK's modeled exception instead.
 */
export class ServiceError extends Error {
  readonly status: number;

  constructor(name: string, message: string, status = 400) {
    super(message);
    this.name = name;
    this.status = status;
  }
}
