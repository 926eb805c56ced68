/**
 * An error an emulated AWS service answers on the wire (e.g. `DeploymentDoesNotExistException`).
 * Operations throw it; the service's protocol serializes it. Not part of the public API: callers see
 * the AWS SDK's modeled exception instead.
 */
export class ServiceError extends Error {
  readonly status: number;
  /** Members the error shape carries besides the message, e.g. Lambda's throttling `Reason`. */
  readonly fields: Readonly<Record<string, unknown>>;

  constructor(name: string, message: string, status = 400, fields: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = name;
    this.status = status;
    this.fields = fields;
  }
}
