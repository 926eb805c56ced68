import { isPlainObject } from '@shiftguard/kit';
import type { JsonObject } from '../aws-json';
import { ServiceError } from '../service-error';

/** CodeDeploy caps application, deployment group and deployment config names at 100 characters. */
export const NAME_LIMIT = 100;

/** Reads a string member; a member of another JSON type fails deserialization as it would on AWS. */
export function stringField(input: JsonObject, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ServiceError('SerializationException', `${name} must be a string`);
  }
  return value;
}

export function booleanField(input: JsonObject, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new ServiceError('SerializationException', `${name} must be a boolean`);
  }
  return value;
}

export function integerField(input: JsonObject, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ServiceError('SerializationException', `${name} must be an integer`);
  }
  return value;
}

export function objectField(input: JsonObject, name: string): JsonObject | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new ServiceError('SerializationException', `${name} must be an object`);
  return value;
}

export function listField(input: JsonObject, name: string): unknown[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ServiceError('SerializationException', `${name} must be a list`);
  return value;
}

export function stringListField(input: JsonObject, name: string): string[] | undefined {
  const list = listField(input, name);
  if (list?.some((item) => typeof item !== 'string')) {
    throw new ServiceError('SerializationException', `${name} must be a list of strings`);
  }
  return list as string[] | undefined;
}

/** `applicationName`, checked as every operation taking one checks it. */
export function applicationNameOf(input: JsonObject): string {
  const name = stringField(input, 'applicationName');
  if (name === undefined || name === '') {
    throw new ServiceError(
      'ApplicationNameRequiredException',
      'The minimum number of required application names was not specified.',
    );
  }
  if (name.length > NAME_LIMIT) {
    throw new ServiceError(
      'InvalidApplicationNameException',
      'The application name was specified in an invalid format.',
    );
  }
  return name;
}

export function deploymentGroupNameOf(input: JsonObject): string {
  const name = stringField(input, 'deploymentGroupName');
  if (name === undefined || name === '') {
    throw new ServiceError(
      'DeploymentGroupNameRequiredException',
      'The deployment group name was not specified.',
    );
  }
  if (name.length > NAME_LIMIT) {
    throw new ServiceError(
      'InvalidDeploymentGroupNameException',
      'The deployment group name was specified in an invalid format.',
    );
  }
  return name;
}

/** `deploymentConfigName` when given: `undefined` if absent, refused if empty or too long. */
export function deploymentConfigNameOf(input: JsonObject, required: boolean): string | undefined {
  const name = stringField(input, 'deploymentConfigName');
  if (name === undefined || name === '') {
    if (!required && name === undefined) return undefined;
    throw new ServiceError(
      'DeploymentConfigNameRequiredException',
      'The deployment configuration name was not specified.',
    );
  }
  if (name.length > NAME_LIMIT) {
    throw new ServiceError(
      'InvalidDeploymentConfigNameException',
      'The deployment configuration name was specified in an invalid format.',
    );
  }
  return name;
}

export function noApplication(name: string): ServiceError {
  return new ServiceError('ApplicationDoesNotExistException', `No application found for name: ${name}`);
}

export function noDeploymentGroup(name: string): ServiceError {
  return new ServiceError(
    'DeploymentGroupDoesNotExistException',
    `No Deployment Group found for name: ${name}`,
  );
}

export function noDeploymentConfig(name: string): ServiceError {
  return new ServiceError(
    'DeploymentConfigDoesNotExistException',
    `No deployment configuration found for name: ${name}`,
  );
}

/** Every list the emulator answers fits one page, so no token it handed out can exist. */
export function refuseNextToken(input: JsonObject): void {
  if (input.nextToken !== undefined && input.nextToken !== null) {
    throw new ServiceError('InvalidNextTokenException', 'The next token was specified in an invalid format.');
  }
}
